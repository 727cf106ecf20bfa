import { invalidValue, missingField } from '../errors.js';
import type { ModelContext } from '../models/model.js';
import { isPlainObject } from '../records.js';
import type { Rec } from '../state.js';
import { numberField, stringField } from '../validate.js';
import type { DocumentKind } from './kinds.js';

/**
 * Amounts of a sales or purchase document, as Books computes them:
 * - a line's rate, name, description, unit, tax and account default from its item (purchase documents
 *   take the item's purchase rate and purchase account when it has them); quantity defaults to 1;
 * - a line discount is a percentage (`10` or `"10%"`), or an amount in `discount_amount`;
 * - the document's `discount` is a percentage when written `"12.5%"` and an amount when a number
 *   (spec-corrections.ts), applied before tax (spread over the lines, so taxes shrink) unless
 *   `is_discount_before_tax` is false;
 * - taxes come from each line's tax or tax group; with `is_inclusive_tax` the rates already include them
 *   (110 at 10 % inclusive is 100 + 10 tax, total 110), otherwise they are added;
 * - shipping and adjustment are added last; every amount is rounded to the currency's decimals.
 */
interface DocumentTotals {
  line_items: Rec[];
  sub_total: number;
  tax_total: number;
  taxes: Rec[];
  discount: number;
  discount_amount: number;
  discount_type: string;
  is_discount_before_tax: boolean;
  is_inclusive_tax: boolean;
  shipping_charge: number;
  adjustment: number;
  total: number;
}

export function roundTo(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((n + Math.sign(n) * Number.EPSILON) * f) / f;
}

/** A `discount` as written: `"12.5%"` is a percentage; a number (or numeric text) is the other form. */
function parseDiscount(value: unknown, where: string): { percent: boolean; value: number } | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalidValue(where);
    return { percent: false, value };
  }
  if (typeof value !== 'string') throw invalidValue(where);
  const text = value.trim();
  const percent = text.endsWith('%');
  const n = Number(percent ? text.slice(0, -1) : text);
  if (text === '' || !Number.isFinite(n) || n < 0 || (percent && n > 100)) throw invalidValue(where);
  return { percent, value: n };
}

interface TaxRate {
  id: string;
  name: string;
  percentage: number;
}

/** A tax or a tax group (whose rate is the sum of its taxes), or code 2 naming the field. */
function taxRate(ctx: ModelContext, id: string, where: string): TaxRate {
  const tax = ctx.store.table('settings/taxes').get(id);
  if (tax) return { id, name: String(tax.tax_name ?? ''), percentage: Number(tax.tax_percentage ?? 0) };
  const group = ctx.store.table('settings/taxgroups').get(id);
  if (!group) throw invalidValue(where);
  // A group names its taxes as a comma-separated string of ids (create_tax_group) or a list.
  const members = Array.isArray(group.taxes)
    ? (group.taxes as unknown[])
    : typeof group.taxes === 'string'
      ? group.taxes.split(',').map((t) => t.trim())
      : [];
  let percentage = 0;
  for (const m of members) {
    const tid = typeof m === 'string' ? m : isPlainObject(m) ? String(m.tax_id ?? '') : '';
    percentage += Number(ctx.store.table('settings/taxes').get(tid)?.tax_percentage ?? 0);
  }
  return { id, name: String(group.tax_group_name ?? ''), percentage };
}

interface Line {
  out: Rec;
  amount: number;
  tax: TaxRate | undefined;
}

function computeLine(
  ctx: ModelContext,
  kind: DocumentKind,
  entry: unknown,
  i: number,
  decimals: number,
): Line {
  if (!isPlainObject(entry)) throw invalidValue('line_items');
  const where = (f: string) => `line_items[${i}].${f}`;
  const itemId = stringField(entry, 'item_id');
  const item = itemId ? ctx.store.table('items').get(itemId) : undefined;
  if (itemId && !item) throw invalidValue(where('item_id'));
  const purchase = kind.party === 'vendor';
  const itemRate = item ? Number((purchase ? (item.purchase_rate ?? item.rate) : item.rate) ?? 0) : undefined;
  const rate = numberField(entry, 'rate', where('rate'), itemRate);
  const quantity = numberField(entry, 'quantity', where('quantity'), 1);
  if (quantity <= 0) throw invalidValue(where('quantity'));
  if (rate < 0) throw invalidValue(where('rate'));
  const gross = rate * quantity;
  const lineDiscount = parseDiscount(entry.discount, where('discount'));
  const discountAmount = numberField(entry, 'discount_amount', where('discount_amount'), 0);
  // A bare number on a line is a percentage (Zoho's line discount); "10%" says so explicitly.
  const off = lineDiscount ? (gross * lineDiscount.value) / 100 : discountAmount;
  if ((lineDiscount && lineDiscount.value > 100) || off < 0 || off > gross)
    throw invalidValue(where('discount'));
  const itemTaxId = item
    ? String((purchase ? (item.purchase_tax_id ?? item.tax_id) : item.tax_id) ?? '')
    : '';
  const taxId = stringField(entry, 'tax_id') ?? (itemTaxId || undefined);
  const tax = taxId ? taxRate(ctx, taxId, where('tax_id')) : undefined;
  const accountId =
    stringField(entry, 'account_id') ??
    (item ? String((purchase ? (item.purchase_account_id ?? item.account_id) : item.account_id) ?? '') : '');
  if (
    !itemId &&
    !stringField(entry, 'name') &&
    !(kind.accountLines && accountId) &&
    !stringField(entry, 'description')
  ) {
    throw missingField(where('name'));
  }
  const amount = roundTo(gross - off, decimals);
  return {
    amount,
    tax,
    out: {
      ...entry,
      line_item_id: stringField(entry, 'line_item_id') ?? ctx.core.books.newId(),
      item_id: itemId ?? '',
      name: stringField(entry, 'name') ?? (item?.name as string | undefined) ?? '',
      description: stringField(entry, 'description') ?? (item?.description as string | undefined) ?? '',
      unit: stringField(entry, 'unit') ?? (item?.unit as string | undefined) ?? '',
      account_id: accountId,
      rate,
      quantity,
      discount: lineDiscount?.value ?? 0,
      discount_amount: roundTo(off, decimals),
      tax_id: tax?.id ?? '',
      tax_name: tax?.name ?? '',
      tax_percentage: tax?.percentage ?? 0,
      item_total: amount,
    },
  };
}

/** Computes a document's lines and totals from what the caller sent (computed fields are ignored). */
export function computeDocument(ctx: ModelContext, kind: DocumentKind, doc: Rec): DocumentTotals {
  const decimals = Number(ctx.store.org.price_precision ?? 2);
  const raw = doc.line_items;
  const empty = raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0);
  if (empty && kind.linesRequired) throw missingField('line_items');
  if (!empty && !Array.isArray(raw)) throw invalidValue('line_items');
  const lines = empty ? [] : (raw as unknown[]).map((e, i) => computeLine(ctx, kind, e, i, decimals));
  const inclusive = doc.is_inclusive_tax === true;
  const beforeTax = doc.is_discount_before_tax !== false;
  const subTotal = roundTo(
    lines.reduce((s, l) => s + l.amount, 0),
    decimals,
  );
  const entity = doc.discount_type === 'item_level' ? undefined : parseDiscount(doc.discount, 'discount');
  const discountAmount = entity
    ? roundTo(entity.percent ? (subTotal * entity.value) / 100 : entity.value, decimals)
    : 0;
  if (discountAmount > subTotal) throw invalidValue('discount');
  // Before tax, the document discount is spread over the lines in proportion, so each line's tax shrinks.
  const share = beforeTax && subTotal > 0 ? 1 - discountAmount / subTotal : 1;
  const sums = new Map<string, Rec>();
  let taxTotal = 0;
  for (const line of lines) {
    if (!line.tax) continue;
    const base = line.amount * share;
    const p = line.tax.percentage;
    const amount = roundTo(inclusive ? base - base / (1 + p / 100) : (base * p) / 100, decimals);
    taxTotal += amount;
    const sum = sums.get(line.tax.id) ?? { tax_id: line.tax.id, tax_name: line.tax.name, tax_amount: 0 };
    sum.tax_amount = roundTo(Number(sum.tax_amount) + amount, decimals);
    sums.set(line.tax.id, sum);
  }
  taxTotal = roundTo(taxTotal, decimals);
  const shipping = numberField(doc, 'shipping_charge', 'shipping_charge', 0);
  const adjustment = numberField(doc, 'adjustment', 'adjustment', 0);
  const total = roundTo(
    subTotal - discountAmount + (inclusive ? 0 : taxTotal) + shipping + adjustment,
    decimals,
  );
  if (total < 0) throw invalidValue('adjustment');
  return {
    line_items: lines.map((l) => l.out),
    sub_total: subTotal,
    tax_total: taxTotal,
    taxes: [...sums.values()],
    discount: entity?.value ?? 0,
    discount_amount: discountAmount,
    discount_type: entity ? 'entity_level' : 'item_level',
    is_discount_before_tax: beforeTax,
    is_inclusive_tax: inclusive,
    shipping_charge: roundTo(shipping, decimals),
    adjustment: roundTo(adjustment, decimals),
    total,
  };
}
