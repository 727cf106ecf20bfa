import { invalidValue, refused } from '../errors.js';
import { round2, zohoDate } from '../records.js';
import type { Rec } from '../state.js';
import { dateField, numberField, stringField } from '../validate.js';
import { computeLines } from './amounts.js';
import {
  addDays,
  claimUnique,
  createSample,
  firstOr,
  nextNumber,
  referenced,
  releaseUnique,
  STORES,
} from './common.js';
import { adjustOutstanding, contactModel } from './contacts.js';
import type { ModelContext, ResourceModel } from './model.js';

const NUMBER_INDEX = 'invoices.invoice_number';
const duplicate = (n: string) => `Invoice "${n}" already exists.`;

/** What an invoice adds to its customer's receivables: nothing while draft or void. */
const receivable = (invoice: Rec): number =>
  invoice.status === 'draft' || invoice.status === 'void' ? 0 : Number(invoice.balance ?? 0);

/**
 * Runs a change of an invoice and moves the customer's outstanding amount by what it changed;
 * exported for payments, which change invoices too.
 */
export const changeInvoice = (ctx: ModelContext, invoice: Rec, change: () => void): void => {
  const customer = invoice.customer_id;
  const before = receivable(invoice);
  change();
  if (customer !== invoice.customer_id) {
    adjustOutstanding(ctx, customer, 'outstanding_receivable_amount', -before);
    adjustOutstanding(ctx, invoice.customer_id, 'outstanding_receivable_amount', receivable(invoice));
  } else {
    adjustOutstanding(ctx, customer, 'outstanding_receivable_amount', receivable(invoice) - before);
  }
};

/** Status from money once an invoice is out of draft: paid, partially paid, or still sent. */
export const settleStatus = (invoice: Rec): void => {
  if (invoice.status === 'draft' || invoice.status === 'void') return;
  const total = Number(invoice.total);
  const balance = Number(invoice.balance);
  invoice.status = balance <= 0 && total > 0 ? 'paid' : balance < total ? 'partially_paid' : 'sent';
};

/** Totals from line items and charges; the balance is what payments and credits have not covered. */
const recompute = (ctx: ModelContext, invoice: Rec): void => {
  const totals = computeLines(ctx, invoice.line_items);
  const shipping = numberField(invoice, 'shipping_charge', 'shipping_charge', 0);
  const adjustment = numberField(invoice, 'adjustment', 'adjustment', 0);
  const total = round2(totals.subTotal + totals.taxTotal + shipping + adjustment);
  const covered = round2(Number(invoice.payment_made ?? 0) + Number(invoice.credits_applied ?? 0));
  if (total < covered) throw refused(2, 'The invoice total cannot be less than the payments already made.');
  Object.assign(invoice, {
    line_items: totals.lines,
    sub_total: totals.subTotal,
    tax_total: totals.taxTotal,
    taxes: totals.taxes,
    shipping_charge: shipping,
    adjustment,
    total,
    balance: invoice.status === 'void' ? 0 : round2(total - covered),
  });
  settleStatus(invoice);
};

const customerFields = (ctx: ModelContext, customerId: unknown): Rec => {
  const customer = referenced(ctx, STORES.contacts, customerId, 'customer_id');
  return {
    customer_id: customer.contact_id,
    customer_name: customer.contact_name,
    email: customer.email ?? '',
    currency_id: customer.currency_id ?? ctx.store.org.currency_id,
    currency_code: ctx.store.org.currency_code,
  };
};

const isOverdue = (ctx: ModelContext, invoice: Rec): boolean =>
  (invoice.status === 'sent' || invoice.status === 'partially_paid') &&
  typeof invoice.due_date === 'string' &&
  invoice.due_date !== '' &&
  invoice.due_date < zohoDate(ctx.now);

/** Draft → sent; the status then follows the money (a fully paid draft becomes paid). */
export const markSent = (ctx: ModelContext, invoice: Rec): void => {
  if (invoice.status === 'void')
    throw refused(2, 'A void invoice cannot be marked as sent. Mark it as draft first.');
  if (invoice.status !== 'draft') return;
  changeInvoice(ctx, invoice, () => {
    invoice.status = 'sent';
    settleStatus(invoice);
  });
};

export const invoiceStatus = (ctx: ModelContext, invoice: Rec): string =>
  isOverdue(ctx, invoice) ? 'overdue' : String(invoice.status);

export const invoiceModel: ResourceModel = {
  store: STORES.invoices,
  required: ['customer_id', 'line_items'],
  statusGroups: {
    Unpaid: ['sent', 'overdue', 'partially_paid'],
    Open: ['sent', 'overdue', 'partially_paid'],
  },
  create(ctx, input, record) {
    const id = String(record.invoice_id);
    const date = dateField(input, 'date') ?? zohoDate(ctx.now);
    const terms = numberField(input, 'payment_terms', 'payment_terms', 0);
    const number = stringField(input, 'invoice_number') ?? nextNumber(ctx, 'invoice', 'INV-', NUMBER_INDEX);
    Object.assign(record, input, customerFields(ctx, input.customer_id), {
      invoice_number: number,
      reference_number: stringField(input, 'reference_number') ?? '',
      date,
      payment_terms: terms,
      due_date: dateField(input, 'due_date') ?? addDays(date, terms),
      status: 'draft',
      payment_made: 0,
      credits_applied: 0,
      write_off_amount: 0,
      is_emailed: false,
      type: stringField(input, 'type') ?? 'invoice',
    });
    recompute(ctx, record);
    claimUnique(ctx, NUMBER_INDEX, number, id, duplicate);
    // `send=true` creates the invoice already sent (Zoho also mails it).
    if (ctx.query?.get('send') === 'true') markSent(ctx, record);
  },
  update(ctx, input, record) {
    for (const computed of [
      'status',
      'balance',
      'total',
      'sub_total',
      'tax_total',
      'payment_made',
      'credits_applied',
    ]) {
      delete input[computed];
    }
    const next: Rec = { ...record, ...input };
    if (input.customer_id !== undefined) Object.assign(next, customerFields(ctx, input.customer_id));
    if (input.date !== undefined) next.date = dateField(input, 'date');
    if (input.due_date !== undefined) next.due_date = dateField(input, 'due_date');
    recompute(ctx, next);
    if (input.invoice_number !== undefined) {
      const n = stringField(input, 'invoice_number');
      if (!n) throw invalidValue('invoice_number');
      claimUnique(ctx, NUMBER_INDEX, n, String(record.invoice_id), duplicate, String(record.invoice_number));
    }
    changeInvoice(ctx, record, () => Object.assign(record, next));
  },
  remove(ctx, record) {
    if (Number(record.payment_made ?? 0) > 0) {
      throw refused(2, 'Invoices that have payments recorded cannot be deleted. Delete the payments first.');
    }
    changeInvoice(ctx, record, () => {
      record.status = 'void';
    });
    releaseUnique(ctx, NUMBER_INDEX, record.invoice_number);
  },
  view(ctx, record) {
    return isOverdue(ctx, record) ? { ...record, status: 'overdue' } : record;
  },
  status: invoiceStatus,
  clone(ctx, template, id) {
    const number = nextNumber(ctx, 'invoice', 'INV-', NUMBER_INDEX);
    claimUnique(ctx, NUMBER_INDEX, number, id, duplicate);
    const lines = (template.line_items as Rec[]).map((l) => ({ ...l, line_item_id: ctx.core.books.newId() }));
    const record: Rec = { ...template, invoice_id: id, invoice_number: number, line_items: lines };
    adjustOutstanding(ctx, record.customer_id, 'outstanding_receivable_amount', receivable(record));
    return record;
  },
  sample(ctx) {
    const customer = firstOr(
      ctx,
      STORES.contacts,
      (c) => c.contact_type === 'customer',
      () => createSample(ctx, contactModel, 'contact_id'),
    );
    return {
      customer_id: customer.contact_id,
      line_items: [{ name: 'Consulting', rate: 120, quantity: 2 }],
    };
  },
};
