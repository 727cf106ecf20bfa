import { invalidValue, missingField } from '../errors.js';
import { isPlainObject, round2 } from '../records.js';
import type { Rec } from '../state.js';
import { numberField, stringField } from '../validate.js';
import { referenced, STORES } from './common.js';
import type { ModelContext } from './model.js';

export interface Totals {
  lines: Rec[];
  subTotal: number;
  taxTotal: number;
  taxes: Rec[];
}

/**
 * Line items as Zoho computes them: rate and name default from the item, quantity from 1, a percent
 * discount, the line's tax from its tax_id; item_total = rate × quantity − discount; taxes summed per tax.
 */
export const computeLines = (ctx: ModelContext, raw: unknown, opts: { accounts?: boolean } = {}): Totals => {
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0))
    throw missingField('line_items');
  if (!Array.isArray(raw)) throw invalidValue('line_items');
  const taxSums = new Map<string, Rec>();
  let subTotal = 0;
  let taxTotal = 0;
  const lines = raw.map((entry, i) => {
    if (!isPlainObject(entry)) throw invalidValue('line_items');
    const where = (f: string) => `line_items[${i}].${f}`;
    const itemId = stringField(entry, 'item_id');
    const item = itemId ? referenced(ctx, STORES.items, itemId, where('item_id')) : undefined;
    const rate = numberField(entry, 'rate', where('rate'), item ? Number(item.rate ?? 0) : undefined);
    const quantity = numberField(entry, 'quantity', where('quantity'), 1);
    if (quantity <= 0) throw invalidValue(where('quantity'));
    if (rate < 0) throw invalidValue(where('rate'));
    const discount = numberField(entry, 'discount', where('discount'), 0);
    if (discount < 0 || discount > 100) throw invalidValue(where('discount'));
    const taxId = stringField(entry, 'tax_id') ?? (item?.tax_id ? String(item.tax_id) : undefined);
    const tax = taxId ? referenced(ctx, STORES.taxes, taxId, where('tax_id')) : undefined;
    const accountId = stringField(entry, 'account_id');
    if (accountId && opts.accounts) referenced(ctx, STORES.accounts, accountId, where('account_id'));
    const itemTotal = round2(rate * quantity * (1 - discount / 100));
    const percentage = tax ? Number(tax.tax_percentage ?? 0) : 0;
    const taxAmount = round2((itemTotal * percentage) / 100);
    subTotal += itemTotal;
    taxTotal += taxAmount;
    if (tax) {
      const sum = taxSums.get(String(tax.tax_id)) ?? { tax_name: tax.tax_name, tax_amount: 0 };
      sum.tax_amount = round2(Number(sum.tax_amount) + taxAmount);
      taxSums.set(String(tax.tax_id), sum);
    }
    return {
      ...entry,
      line_item_id: stringField(entry, 'line_item_id') ?? ctx.core.books.newId(),
      item_id: itemId ?? '',
      name: stringField(entry, 'name') ?? (item?.name as string | undefined) ?? '',
      description: stringField(entry, 'description') ?? (item?.description as string | undefined) ?? '',
      rate,
      quantity,
      discount,
      tax_id: taxId ?? '',
      tax_name: tax?.tax_name ?? '',
      tax_percentage: percentage,
      item_total: itemTotal,
    };
  });
  return { lines, subTotal: round2(subTotal), taxTotal: round2(taxTotal), taxes: [...taxSums.values()] };
};
