import { invalidValue, refuse } from '../errors.js';
import type { Rec } from '../state.js';
import { numberField, stringField } from '../validate.js';
import { claimUnique, releaseUnique, STORES } from './common.js';
import type { ModelContext, ResourceModel } from './model.js';

function percentage(input: Rec): number {
  const pct = numberField(input, 'tax_percentage', 'tax_percentage');
  if (pct < 0 || pct > 100) throw invalidValue('tax_percentage');
  return pct;
}

export const taxModel: ResourceModel = {
  store: STORES.taxes,
  required: ['tax_name', 'tax_percentage'],
  create(_ctx, input, record) {
    Object.assign(record, input, {
      tax_name: String(input.tax_name).trim(),
      tax_percentage: percentage(input),
      tax_type: stringField(input, 'tax_type') ?? 'tax',
      is_value_added: false,
      is_default_tax: false,
      is_editable: true,
      status: 'active',
    });
  },
  update(_ctx, input, record) {
    if (input.tax_percentage !== undefined) input.tax_percentage = percentage(input);
    Object.assign(record, input);
  },
  clone: (_ctx, template, id) => ({ ...template, tax_id: id }),
  sample(ctx) {
    return { tax_name: `Sample Tax ${ctx.store.next('sample.tax')}`, tax_percentage: 10 };
  },
};

const CODE_INDEX = 'currencies.currency_code';
function duplicateCurrency(code: string) {
  return `The currency ${code} has already been added.`;
}

export const currencyModel: ResourceModel = {
  store: STORES.currencies,
  required: ['currency_code'],
  create(ctx, input, record) {
    const code = String(input.currency_code).trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) throw invalidValue('currency_code');
    claimUnique(ctx, CODE_INDEX, code, String(record.currency_id), duplicateCurrency);
    Object.assign(record, input, {
      currency_code: code,
      currency_name: stringField(input, 'currency_name') ?? code,
      currency_symbol: stringField(input, 'currency_symbol') ?? code,
      price_precision: numberField(input, 'price_precision', 'price_precision', 2),
      currency_format: stringField(input, 'currency_format') ?? '1,234,567.89',
      is_base_currency: false,
      exchange_rate: numberField(input, 'exchange_rate', 'exchange_rate', 1),
      effective_date: '',
    });
  },
  update(ctx, input, record) {
    if (input.currency_code !== undefined) {
      const code = String(input.currency_code).trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(code)) throw invalidValue('currency_code');
      claimUnique(
        ctx,
        CODE_INDEX,
        code,
        String(record.currency_id),
        duplicateCurrency,
        String(record.currency_code),
      );
      input.currency_code = code;
    }
    Object.assign(record, input);
  },
  remove(ctx, record) {
    if (record.is_base_currency)
      throw refuse(ctx.core, 'recordInUse', 'The base currency cannot be deleted.');
    releaseUnique(ctx, CODE_INDEX, record.currency_code);
  },
  sample(ctx) {
    // Three letters from a counter (XAA, XAB, …): never a real code, never taken twice.
    const taken = ctx.store.index(CODE_INDEX);
    for (;;) {
      const n = ctx.store.next('sample.currency') - 1;
      const code = `X${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}${String.fromCharCode(65 + (n % 26))}`;
      if (!taken.has(code.toLowerCase())) return { currency_code: code, currency_format: '1,234,567.89' };
    }
  },
};

/** Every organization starts with its base currency, under the id its record advertises. */
export function seedBaseCurrency(ctx: ModelContext, time: string): void {
  const org = ctx.store.org;
  const record: Rec = {
    currency_id: org.currency_id,
    currency_code: org.currency_code,
    currency_name: org.currency_code,
    currency_symbol: org.currency_symbol,
    price_precision: org.price_precision,
    currency_format: '1,234,567.89',
    is_base_currency: true,
    exchange_rate: 1,
    effective_date: '',
    created_time: time,
    last_modified_time: time,
  };
  ctx.store.table(STORES.currencies).set(org.currency_id, record);
  ctx.store.index(CODE_INDEX).set(org.currency_code.toLowerCase(), org.currency_id);
}
