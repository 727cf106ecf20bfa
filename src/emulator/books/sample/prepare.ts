import { TRANSITIONS } from '../documents/lifecycle.js';
import { decimalsOf } from '../documents/status.js';
import { apply, CREDIT_TO_BILL, CREDIT_TO_INVOICE } from '../money/applications.js';
import { withLedger } from '../money/ledger.js';
import { zohoDate } from '../records.js';
import type { Rec } from '../state.js';

import {
  collectionFor,
  documentFor,
  makeRecord,
  nonBaseCurrency,
  putInStatus,
  referenceFor,
  sent,
  type World,
} from './records.js';

type Prepare = (w: World, sample: SampleParts) => void;

export interface SampleParts {
  body?: Rec;
  query: Record<string, string>;
  file?: boolean;
}

function subject(w: World): Rec {
  for (let i = w.records.length - 1; i >= 0; i -= 1) if (w.records[i]) return w.records[i]!;
  throw new Error('sample: no subject');
}

function withStatus(store: string, status: string): Prepare {
  return (w) => putInStatus(w.ctx, store, subject(w), status);
}

export function attach(store: string, field = 'attachment'): Prepare {
  return (w) => {
    const record = subject(w);
    const id = w.ctx.core.books.newId();
    const key = `${store}:${String(record[collectionFor(w.ctx, store).idField])}:${field}`;
    w.ctx.store.table('_files').set(key, {
      document_id: id,
      file_name: 'sample.pdf',
      file_type: 'application/pdf',
      file_size: 9,
      data: Buffer.from('%PDF-1.4\n'),
    } as unknown as Rec);
    Object.assign(record, {
      [`${field}_name`]: 'sample.pdf',
      has_attachment: true,
      documents: [{ document_id: id, file_name: 'sample.pdf' }],
    });
  };
}

export function appliedCredit(w: World, from: 'creditnotes' | 'vendorcredits'): Rec {
  const credit = w.records[0] ?? documentFor(w.ctx, from);
  if (from === 'creditnotes') {
    if (credit.status === 'draft') sent(w.ctx, 'creditnotes', credit);
    const invoice = w.records[0]?.invoice_id ? w.records[0] : documentFor(w.ctx, 'invoices', credit);
    return apply(w.ctx, CREDIT_TO_INVOICE, credit, invoice, 1);
  }
  const bill = documentFor(w.ctx, 'bills', credit);
  return apply(w.ctx, CREDIT_TO_BILL, credit, bill, 1);
}

/** An address body for the `update_*_billing|shipping_address` operations. */
function addressBody(_w: World, s: SampleParts): void {
  s.body = { address: '1 Sample Street', city: 'Springfield' };
}

/** A custom field body for the `update_custom_fields_in_*` operations. */
function customFieldsBody(_w: World, s: SampleParts): void {
  s.body = { custom_fields: [{ customfield_id: '4600000000001', value: 'Sample' }] };
}

const ADDRESSED = [
  'invoice',
  'estimate',
  'sales_order',
  'credit_note',
  'retainer_invoice',
  'bill',
  'purchase_order',
];
const CUSTOM_FIELDS = [
  'update_custom_fields_in_bill',
  'update_custom_fields_in_customer_payment',
  'update_custom_fields_in_estimate',
  'update_custom_fields_in_invoice',
  'update_custom_fields_in_item',
  'update_custom_fields_in_purchase_order',
  'update_salesorder_customfields',
];

/** Per-operation preparation: the state it needs and the body it takes, beyond records for its path. */
export const PREPARE: Readonly<Record<string, Prepare>> = {
  ...Object.fromEntries(
    ADDRESSED.flatMap((thing) => [
      [`update_${thing}_billing_address`, addressBody],
      [`update_${thing}_shipping_address`, addressBody],
    ]),
  ),
  ...Object.fromEntries(CUSTOM_FIELDS.map((id) => [id, customFieldsBody])),
  ...Object.fromEntries(Object.entries(TRANSITIONS).map(([id, t]) => [id, withStatus(t.store, t.from[0]!)])),
  mark_user_active: (w) => {
    subject(w).status = 'inactive';
  },
  mark_journal_published: (w) => {
    subject(w).status = 'draft';
  },
  resume_recurring_expense: (w) => {
    subject(w).status = 'stopped';
  },
  mark_fixed_asset_active: (w) => {
    subject(w).status = 'draft';
  },
  mark_fixed_asset_cancel: (w) => {
    subject(w).status = 'active';
  },
  mark_fixed_asset_draft: (w) => {
    subject(w).status = 'active';
  },
  write_off_fixed_asset: (w, s) => {
    subject(w).status = 'active';
    s.body = {
      date: zohoDate(w.ctx.now),
      expense_account_id: referenceFor(w.ctx, 'expense_account_id', 0),
      reason: 'Damaged',
    };
  },
  sell_fixed_asset: (w, s) => {
    subject(w).status = 'active';
    const invoice = documentFor(w.ctx, 'invoices');
    s.body = {
      invoice_id: invoice.invoice_id,
      line_item_id: (invoice.line_items as Rec[])[0]!.line_item_id,
      reason: 'Sold',
      expense_account_id: referenceFor(w.ctx, 'expense_account_id', 0),
    };
  },
  restore_bank_transaction: (w) => {
    subject(w).status = 'excluded';
  },
  exclude_bank_transaction: (w) => {
    subject(w).status = 'uncategorized';
  },
  uncategorize_bank_transaction: (w) => {
    subject(w).status = 'categorized';
  },
  unmatch_bank_transaction: (w) => {
    subject(w).status = 'matched';
  },
  write_off_invoice: (w) => {
    sent(w.ctx, 'invoices', subject(w));
  },
  cancel_write_off_invoice: (w) => {
    const invoice = sent(w.ctx, 'invoices', subject(w));
    withLedger(w.ctx, 'invoices', invoice, () => {
      invoice.write_off_amount = invoice.balance;
      invoice.balance = 0;
      invoice.status = 'paid';
    });
  },
  remind_customer_for_invoice_payment: (w, s) => {
    sent(w.ctx, 'invoices', subject(w));
    s.body = {};
  },
  apply_credit_note_to_invoice: (w, s) => {
    const note = sent(w.ctx, 'creditnotes', subject(w));
    const invoice = documentFor(w.ctx, 'invoices', note);
    s.body = { invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 1 }] };
  },
  apply_credits_to_invoice: (w, s) => {
    const invoice = sent(w.ctx, 'invoices', subject(w));
    const note = documentFor(w.ctx, 'creditnotes', invoice);
    s.body = { apply_creditnotes: [{ creditnote_id: note.creditnote_id, amount_applied: 1 }] };
  },
  apply_credits_to_a_bill: (w, s) => {
    const credit = subject(w);
    const bill = documentFor(w.ctx, 'bills', credit);
    s.body = { bills: [{ bill_id: bill.bill_id, amount_applied: 1 }] };
  },
  apply_credits_to_bill: (w, s) => {
    const bill = subject(w);
    const credit = documentFor(w.ctx, 'vendorcredits', bill);
    s.body = { apply_vendor_credits: [{ vendor_credit_id: credit.vendor_credit_id, amount_applied: 1 }] };
  },
  create_credit_note_refund: (w, s) => {
    sent(w.ctx, 'creditnotes', subject(w));
    s.body = {
      amount: 1,
      date: zohoDate(w.ctx.now),
      from_account_id: referenceFor(w.ctx, 'from_account_id', 0),
    };
  },
  refund_vendor_credit: (w, s) => {
    s.body = { amount: 1, date: zohoDate(w.ctx.now), account_id: referenceFor(w.ctx, 'account_id', 0) };
  },
  create_customer_payment_refund: (w, s) => {
    s.body = {
      amount: 1,
      date: zohoDate(w.ctx.now),
      from_account_id: referenceFor(w.ctx, 'from_account_id', 0),
    };
  },
  refund_excess_vendor_payment: (w, s) => {
    s.body = { amount: 1, date: zohoDate(w.ctx.now), to_account_id: referenceFor(w.ctx, 'to_account_id', 0) };
  },
  update_credit_note_refund: (_w, s) => {
    s.body = { amount: 1 };
  },
  update_vendor_credit_refund: (_w, s) => {
    s.body = { amount: 1 };
  },
  update_customer_payment_refund: (_w, s) => {
    s.body = { amount: 1 };
  },
  update_vendor_payment_refund: (_w, s) => {
    s.body = { amount: 1 };
  },
  add_invoice_attachment: (_w, s) => {
    s.file = true;
  },
  get_invoice_attachment: attach('invoices'),
  delete_invoice_attachment: attach('invoices'),
  update_invoice_attachment_preference: attach('invoices'),
  get_bill_attachment: attach('bills'),
  delete_bill_attachment: attach('bills'),
  get_sales_order_attachment: attach('salesorders'),
  delete_sales_order_attachment: attach('salesorders'),
  update_sales_order_attachment_preference: attach('salesorders'),
  get_purchase_order_attachment: attach('purchaseorders'),
  delete_purchase_order_attachment: attach('purchaseorders'),
  update_purchase_order_attachment: attach('purchaseorders'),
  get_retainer_invoice_attachment: attach('retainerinvoices'),
  get_expense_receipt: attach('expenses', 'receipt'),
  delete_expense_receipt: attach('expenses', 'receipt'),
  delete_invoice_expense_receipt: attach('expenses', 'receipt'),
  enable_contact_portal: (w, s) => {
    const contact = subject(w);
    const person = makeRecord(w.ctx, 'contacts/contactpersons', { contact_id: contact.contact_id });
    s.body = { contact_persons: [{ contact_person_id: person.contact_person_id }] };
  },
  add_project_user: (w, s) => {
    const user = makeRecord(w.ctx, 'users');
    s.body = { users: [{ user_id: user.user_id }], cost_rate: 10 };
  },
  invite_project_user: (w, s) => {
    const n = w.ctx.store.next('sample.invite');
    s.body = { user_name: `Invited ${n}`, email: `invited.${n}@example.com` };
  },
  clone_project: (w, s) => {
    s.body = { project_name: `Clone ${w.ctx.store.next('sample.clone')}` };
  },
  import_bank_statements: (w, s) => {
    const account = makeRecord(w.ctx, 'bankaccounts');
    s.body = {
      account_id: account.account_id,
      transactions: [{ date: zohoDate(w.ctx.now), debit_or_credit: 'credit', amount: 10, payee: 'Sample' }],
    };
  },
  get_last_imported_bank_statement: (w) => {
    importStatementFor(w, subject(w));
  },
  bulk_update_custom_module_records: (w, s) => {
    const record = makeRecord(w.ctx, 'custom_modules', { module_name: 'cm_sample' });
    s.body = { record_name: 'Updated', module_record_id: record.module_id };
  },
  create_opening_balance: (w, s) => {
    w.ctx.store.table('settings/openingbalances').clear();
    s.body = { date: zohoDate(w.ctx.now), accounts: [] };
  },
  get_opening_balance: (w) => openingBalance(w),
  update_opening_balance: (w, s) => {
    openingBalance(w);
    const id = w.ctx.store.table('settings/openingbalances').values().next().value!.opening_balance_id;
    s.body = { opening_balance_id: id, date: zohoDate(w.ctx.now) };
  },
  bulk_export_sales_orders_as_pdf: (w, s) => {
    s.query.salesorder_ids = String(documentFor(w.ctx, 'salesorders').salesorder_id);
  },
  bulk_print_sales_orders: (w, s) => {
    s.query.salesorder_ids = String(documentFor(w.ctx, 'salesorders').salesorder_id);
  },
  delete_time_entries: (w, s) => {
    s.query.time_entry_ids = String(makeRecord(w.ctx, 'projects/timeentries').time_entry_id);
  },
  delete_opening_balance: (w) => openingBalance(w),
  start_entry_timer: (w) => {
    for (const t of w.ctx.store.table('projects/timeentries').values()) t.timer_started_at = '';
  },
  stop_entry_timer: (w) => runTimer(w),
  get_running_timer: (w) => runTimer(w),
  convert_purchase_order_to_bill: (w, s) => {
    s.query.purchaseorder_ids = String(documentFor(w.ctx, 'purchaseorders').purchaseorder_id);
  },
  create_invoice_from_salesorder: (w, s) => {
    s.query.salesorder_id = String(documentFor(w.ctx, 'salesorders').salesorder_id);
  },
  bulk_invoice_reminder: (w, s) => {
    s.query.invoice_ids = String(documentFor(w.ctx, 'invoices').invoice_id);
  },
  list_base_currency_adjustment_accounts: (w, s) => {
    Object.assign(s.query, {
      currency_id: String(nonBaseCurrency(w.ctx).currency_id),
      adjustment_date: zohoDate(w.ctx.now),
      exchange_rate: '1.2',
      notes: 'Revaluation',
    });
  },
};

export function importStatementFor(w: World, account: Rec): void {
  const id = w.ctx.core.books.newId();
  w.ctx.store.table('bankaccounts/statement').set(id, {
    statement_id: id,
    account_id: account.account_id,
    from_date: zohoDate(w.ctx.now),
    to_date: zohoDate(w.ctx.now),
    source: 'csv',
    transaction_ids: [],
  });
}

function openingBalance(w: World): void {
  const table = w.ctx.store.table('settings/openingbalances');
  if (table.size) return;
  const id = w.ctx.core.books.newId();
  table.set(id, {
    opening_balance_id: id,
    date: zohoDate(w.ctx.now),
    accounts: [],
    total: 0,
    price_precision: decimalsOf(w.ctx),
  });
}

function runTimer(w: World): void {
  const entries = w.ctx.store.table('projects/timeentries');
  for (const t of entries.values()) t.timer_started_at = '';
  const entry = entries.values().next().value ?? makeRecord(w.ctx, 'projects/timeentries');
  entry.timer_started_at = w.ctx.now;
}
