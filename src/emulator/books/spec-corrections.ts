import type { FieldKind } from './generated/surface.js';

/**
 * Where Zoho's OpenAPI file contradicts Zoho's own documented request shape (or the wire), the emulator
 * follows Zoho (REFERENCE §5: "Zoho's documentation wins"). Every such correction is listed here, and only
 * here, each with the source that overrules the file. They are applied to the decoded surface once per
 * emulator instance; the generated surface itself stays a faithful copy of the file.
 */
interface SpecCorrection {
  /** What the OpenAPI file says, and what the emulator does instead. */
  readonly what: string;
  /** Who says so. */
  readonly source: string;
  /** Operations whose required body fields are replaced. */
  readonly required?: Readonly<Record<string, readonly string[]>>;
  /** Collections (by store) whose record id field is replaced. */
  readonly idField?: Readonly<Record<string, string>>;
  /** Body fields whose allowed values are replaced (by field name, any operation). */
  readonly enums?: Readonly<Record<string, readonly string[]>>;
  /** Body fields whose kind is replaced (by operation id, then field). */
  readonly kinds?: Readonly<Record<string, Readonly<Record<string, FieldKind>>>>;
}

export const SPEC_CORRECTIONS: readonly SpecCorrection[] = [
  {
    what:
      'apply_credit_note_to_invoice lists invoice_id and amount_applied as required at the top level; the ' +
      'documented body is {"invoices":[{"invoice_id","amount_applied"}]}, so `invoices` is what is required',
    source: 'REFERENCE §5 (known case); Zoho Books API docs, credit notes: "Apply credits to invoices"',
    required: { apply_credit_note_to_invoice: ['invoices'] },
  },
  {
    what:
      'create_customer_payment and update_customer_payment list invoices, invoice_id and amount_applied as ' +
      'required at the top level (the same slip); a payment may be recorded without applying it (it stays ' +
      'unused), and applications go in `invoices[]`',
    source: 'Zoho Books API docs, customer payments: "Create a payment" (invoices optional, unused amount)',
    required: {
      create_customer_payment: ['customer_id', 'payment_mode', 'amount', 'date'],
      update_customer_payment: ['customer_id', 'payment_mode', 'amount', 'date'],
    },
  },
  {
    what:
      'apply_credits_to_invoice requires both invoice_payments and apply_creditnotes; either list alone is ' +
      'a valid request (at least one is checked by the handler)',
    source: 'Zoho Books API docs, invoices: "Apply credits" (both arrays optional)',
    required: { apply_credits_to_invoice: [] },
  },
  {
    what:
      'email_invoices lists contact_id, email and snail_mail as required at the top level; they are the fields ' +
      'of each `contacts[]` entry, and the invoices are named by the invoice_ids query parameter',
    source: 'Zoho Books API docs, invoices: "Email invoices"',
    required: { email_invoices: [] },
  },
  {
    what: 'remind_customer_for_invoice_payment requires cc_mail_ids; a reminder goes to the customer without copies',
    source: 'Zoho Books API docs, invoices: "Remind customer" (to_mail_ids and cc_mail_ids optional)',
    required: { remind_customer_for_invoice_payment: [] },
  },
  {
    what:
      'get/update/delete_purchase_order name their path parameter purchase_order_id, which made it the record ' +
      'id field; every purchase order answer, body and other path carries purchaseorder_id',
    source: 'OpenAPI purchase-order.yml itself (response schemas); Zoho Books API docs, purchase orders',
    idField: { purchaseorders: 'purchaseorder_id' },
  },
  {
    what: 'recurrence_frequency allows only "weeks"; Zoho takes days, weeks, months and years',
    source: 'Zoho Books API docs, recurring invoices/bills/expenses: "recurrence_frequency"',
    enums: { recurrence_frequency: ['days', 'weeks', 'months', 'years'] },
  },
  {
    what:
      'discount is typed a number on invoices but a string on purchase orders, sales orders and recurring ' +
      'documents ("30%"); Zoho takes either form everywhere: "12.5%" is a percentage, a number an amount at ' +
      'document level (a percentage on a line)',
    source: 'Zoho Books API docs, invoices: "discount … either in % or in amount, e.g. 12.5% or 190"',
    kinds: {
      create_invoice: { discount: 's' },
      update_invoice: { discount: 's' },
      create_estimate: { discount: 's' },
      update_estimate: { discount: 's' },
      create_credit_note: { discount: 's' },
      update_credit_note: { discount: 's' },
      create_retainer_invoice: { discount: 's' },
      update_retainer_invoice: { discount: 's' },
    },
  },
];
