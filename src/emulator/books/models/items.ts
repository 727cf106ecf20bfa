import { invalidValue } from '../errors.js';
import { numberField, stringField } from '../validate.js';
import { claimUnique, referenced, releaseUnique, STORES } from './common.js';
import type { ResourceModel } from './model.js';

const NAME_INDEX = 'items.name';
function duplicate(name: string) {
  return `The item "${name}" already exists.`;
}

export const itemModel: ResourceModel = {
  store: STORES.items,
  required: ['name', 'rate'],
  create(ctx, input, record) {
    const rate = numberField(input, 'rate', 'rate');
    if (rate < 0) throw invalidValue('rate');
    const name = String(input.name).trim();
    claimUnique(ctx, NAME_INDEX, name, String(record.item_id), duplicate);
    const taxId = stringField(input, 'tax_id');
    const tax = taxId ? referenced(ctx, STORES.taxes, taxId, 'tax_id') : undefined;
    Object.assign(record, input, {
      name,
      rate,
      status: 'active',
      product_type: stringField(input, 'product_type') ?? 'goods',
      item_type: stringField(input, 'item_type') ?? 'sales',
      description: stringField(input, 'description') ?? '',
      sku: stringField(input, 'sku') ?? '',
      unit: stringField(input, 'unit') ?? '',
      tax_id: taxId ?? '',
      tax_name: tax?.tax_name ?? '',
      tax_percentage: tax ? Number(tax.tax_percentage) : 0,
    });
  },
  update(ctx, input, record) {
    if (input.rate !== undefined) {
      input.rate = numberField(input, 'rate', 'rate');
      if ((input.rate as number) < 0) throw invalidValue('rate');
    }
    if (input.name !== undefined) {
      const name = String(input.name).trim();
      if (name === '') throw invalidValue('name');
      claimUnique(ctx, NAME_INDEX, name, String(record.item_id), duplicate, String(record.name));
      input.name = name;
    }
    Object.assign(record, input);
  },
  remove(ctx, record) {
    releaseUnique(ctx, NAME_INDEX, record.name);
  },
  clone(ctx, template, id) {
    const name = `${template.name} ${ctx.store.next('seed.item')}`;
    claimUnique(ctx, NAME_INDEX, name, id, duplicate);
    return { ...template, item_id: id, name };
  },
  sample(ctx) {
    return { name: `Sample Item ${ctx.store.next('sample.item')}`, rate: 25 };
  },
};
