import type { Surface } from './surface-index.js';

/**
 * Which stores a field naming a record points into, by field name: `customer_id` → contacts,
 * `line_items[].item_id` → items, `paid_through_account_id` → the chart of accounts. Built once per
 * emulator from the surface (every top-level collection's id field) plus Zoho's aliases; a body or a
 * record holding such a field refers to that record, which must exist (and cannot be deleted while used).
 */
export type ReferenceMap = ReadonlyMap<string, readonly string[]>;

const ACCOUNTS = ['chartofaccounts', 'bankaccounts'];

/** Names that refer to a record under another name (Zoho's documented fields). */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  customer_id: ['contacts'],
  vendor_id: ['contacts'],
  delivery_customer_id: ['contacts'],
  account_id: ACCOUNTS,
  invoiced_estimate_id: ['estimates'],
  debit_note_id: ['invoices'],
  task_id: ['projects/tasks'],
  tax_id: ['settings/taxes', 'settings/taxgroups'],
  template_id: [
    'invoices/templates',
    'estimates/templates',
    'salesorders/templates',
    'purchaseorders/templates',
    'creditnotes/templates',
    'retainerinvoices/templates',
    'recurringinvoices/templates',
  ],
  payment_id: ['customerpayments', 'vendorpayments'],
  purchaseorder_ids: ['purchaseorders'],
  time_entry_ids: ['projects/timeentries'],
};

/** Id fields that are not references: a record's own lines, or values of another product. */
const NOT_REFERENCES = new Set(['organization_id', 'module_id', 'line_item_id', 'crm_owner_id']);

export function buildReferenceMap(surface: Pick<Surface, 'collections'>): ReferenceMap {
  const map = new Map<string, string[]>();
  const add = (field: string, stores: readonly string[]) => {
    const known = map.get(field) ?? [];
    for (const s of stores) if (!known.includes(s)) known.push(s);
    map.set(field, known);
  };
  for (const c of surface.collections) {
    if (c.parents.length === 0 && !NOT_REFERENCES.has(c.idField)) add(c.idField, [c.store]);
  }
  for (const [field, stores] of Object.entries(ALIASES)) add(field, stores);
  return map;
}

/** Every `*_account_id` (paid_through_account_id, from_account_id…) names an account. */
export function storesFor(refs: ReferenceMap, field: string): readonly string[] | undefined {
  return refs.get(field) ?? (field.endsWith('_account_id') ? ACCOUNTS : undefined);
}
