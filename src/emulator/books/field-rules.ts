import { SPEC_CORRECTIONS } from './spec-corrections.js';

/**
 * Allowed values of body fields, by name, wherever they appear. The OpenAPI files carry almost no enums;
 * these are the values Zoho's field descriptions list ("Allowed Values: …" in the Books API docs and the
 * same words in the OpenAPI descriptions), plus the corrections of spec-corrections.ts. Compared
 * case-insensitively, as Zoho does for these words.
 */
export const FIELD_ENUMS: Readonly<Record<string, readonly string[]>> = {
  contact_type: ['customer', 'vendor'],
  customer_sub_type: ['individual', 'business'],
  debit_or_credit: ['debit', 'credit'],
  discount_type: ['entity_level', 'item_level'],
  billing_type: [
    'fixed_cost_for_project',
    'based_on_project_hours',
    'based_on_staff_hours',
    'based_on_task_hours',
  ],
  journal_type: ['cash', 'both'],
  item_type: ['sales', 'purchases', 'sales_and_purchases', 'inventory'],
  ...Object.assign({}, ...SPEC_CORRECTIONS.map((c) => c.enums ?? {})),
};

/** Fields holding a calendar day (`yyyy-mm-dd`): `date` and every `*_date`. */
export function isDateField(field: string): boolean {
  return field === 'date' || field.endsWith('_date');
}
