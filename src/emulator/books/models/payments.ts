import { invalidValue, refused } from '../errors.js';
import { isPlainObject, round2, zohoDate, zohoTime } from '../records.js';
import type { Rec } from '../state.js';
import { dateField, numberField, stringField } from '../validate.js';
import { createSample, referenced, STORES } from './common.js';
import { changeInvoice, invoiceModel, markSent, settleStatus } from './invoices.js';
import type { ModelContext, ResourceModel } from './model.js';

interface Application {
  invoice: Rec;
  amount: number;
}

/** Applications currently held by a payment, so an update or delete can give them back first. */
const applicationsOf = (ctx: ModelContext, paymentId: string): Rec[] =>
  [...ctx.store.table(STORES.invoicePayments).values()].filter((a) => a.payment_id === paymentId);

/**
 * Checks the invoices a payment is applied to: the customer's, out of draft and void, each amount
 * within the invoice's balance (plus what this payment already covers there), all within the payment.
 */
const plan = (
  ctx: ModelContext,
  input: Rec,
  customerId: string,
  amount: number,
  own: Rec[],
): Application[] => {
  const raw = input.invoices ?? [];
  if (!Array.isArray(raw)) throw invalidValue('invoices');
  let applied = 0;
  const out = raw.map((entry, i) => {
    if (!isPlainObject(entry)) throw invalidValue('invoices');
    const invoice = referenced(ctx, STORES.invoices, entry.invoice_id, `invoices[${i}].invoice_id`);
    if (invoice.customer_id !== customerId) throw invalidValue(`invoices[${i}].invoice_id`);
    if (invoice.status === 'draft' || invoice.status === 'void') {
      throw refused(2, `Payments cannot be applied to ${invoice.status} invoice ${invoice.invoice_number}.`);
    }
    const value = numberField(entry, 'amount_applied', `invoices[${i}].amount_applied`);
    if (value <= 0) throw invalidValue(`invoices[${i}].amount_applied`);
    const already = own
      .filter((a) => a.invoice_id === invoice.invoice_id)
      .reduce((s, a) => s + Number(a.amount), 0);
    if (value > round2(Number(invoice.balance) + already)) {
      throw refused(2, `The amount applied exceeds the balance of invoice ${invoice.invoice_number}.`);
    }
    applied += value;
    return { invoice, amount: value };
  });
  if (round2(applied) > amount)
    throw refused(2, 'The amount applied to invoices exceeds the payment amount.');
  return out;
};

const moveInvoice = (ctx: ModelContext, invoice: Rec, delta: number): void => {
  changeInvoice(ctx, invoice, () => {
    invoice.payment_made = round2(Number(invoice.payment_made ?? 0) + delta);
    invoice.balance = round2(Number(invoice.balance) - delta);
    invoice.last_modified_time = zohoTime(ctx.now);
    settleStatus(invoice);
  });
};

/** Takes an application back: the invoice's balance and status, and the payment's unused amount. */
export const unapply = (ctx: ModelContext, application: Rec): void => {
  const invoice = ctx.store.table(STORES.invoices).get(String(application.invoice_id));
  if (invoice) moveInvoice(ctx, invoice, -Number(application.amount));
  const payment = ctx.store.table(STORES.payments).get(String(application.payment_id));
  if (payment) {
    payment.unused_amount = round2(Number(payment.unused_amount) + Number(application.amount));
    payment.invoices = (payment.invoices as Rec[]).filter(
      (e) => e.invoice_payment_id !== application.invoice_payment_id,
    );
  }
  ctx.store.table(STORES.invoicePayments).delete(String(application.invoice_payment_id));
};

const apply = (ctx: ModelContext, payment: Rec, applications: Application[]): void => {
  const entries: Rec[] = [];
  for (const { invoice, amount } of applications) {
    moveInvoice(ctx, invoice, amount);
    const id = ctx.core.books.newId();
    const time = zohoTime(ctx.now);
    ctx.store.table(STORES.invoicePayments).set(id, {
      invoice_payment_id: id,
      invoice_id: invoice.invoice_id,
      payment_id: payment.payment_id,
      payment_number: payment.payment_number,
      customer_id: payment.customer_id,
      date: payment.date,
      payment_mode: payment.payment_mode,
      amount,
      created_time: time,
      last_modified_time: time,
    });
    entries.push({
      invoice_id: invoice.invoice_id,
      invoice_number: invoice.invoice_number,
      amount_applied: amount,
      invoice_payment_id: id,
    });
  }
  payment.invoices = entries;
  const used = entries.reduce((s, e) => s + Number(e.amount_applied), 0);
  payment.unused_amount = round2(Number(payment.amount) - used);
};

const amountOf = (input: Rec): number => {
  const amount = numberField(input, 'amount', 'amount');
  if (amount <= 0) throw invalidValue('amount');
  return amount;
};

export const paymentModel: ResourceModel = {
  store: STORES.payments,
  required: ['customer_id', 'amount'],
  create(ctx, input, record) {
    const customer = referenced(ctx, STORES.contacts, input.customer_id, 'customer_id');
    const amount = amountOf(input);
    const applications = plan(ctx, input, String(customer.contact_id), amount, []);
    Object.assign(record, input, {
      customer_id: customer.contact_id,
      customer_name: customer.contact_name,
      payment_number: String(ctx.store.next('payment')),
      amount,
      date: dateField(input, 'date') ?? zohoDate(ctx.now),
      payment_mode: stringField(input, 'payment_mode') ?? 'cash',
      reference_number: stringField(input, 'reference_number') ?? '',
      description: stringField(input, 'description') ?? '',
      bank_charges: numberField(input, 'bank_charges', 'bank_charges', 0),
      currency_code: ctx.store.org.currency_code,
      exchange_rate: 1,
    });
    apply(ctx, record, applications);
  },
  update(ctx, input, record) {
    delete input.unused_amount;
    const customerId = input.customer_id === undefined ? record.customer_id : input.customer_id;
    const customer = referenced(ctx, STORES.contacts, customerId, 'customer_id');
    const amount = input.amount === undefined ? Number(record.amount) : amountOf(input);
    const own = applicationsOf(ctx, String(record.payment_id));
    const next =
      input.invoices === undefined
        ? { invoices: own.map((a) => ({ invoice_id: a.invoice_id, amount_applied: a.amount })) }
        : input;
    const applications = plan(ctx, next, String(customer.contact_id), amount, own);
    for (const a of own) unapply(ctx, a);
    const { invoices: _ignored, ...rest } = input;
    Object.assign(record, rest, {
      customer_id: customer.contact_id,
      customer_name: customer.contact_name,
      amount,
    });
    if (input.date !== undefined) record.date = dateField(input, 'date');
    apply(ctx, record, applications);
  },
  remove(ctx, record) {
    for (const a of applicationsOf(ctx, String(record.payment_id))) unapply(ctx, a);
  },
  sample(ctx) {
    const invoice = createSample(ctx, invoiceModel, 'invoice_id');
    markSent(ctx, invoice);
    return {
      customer_id: invoice.customer_id,
      amount: invoice.total,
      payment_mode: 'cash',
      invoices: [{ invoice_id: invoice.invoice_id, amount_applied: invoice.total }],
    };
  },
};

/** Applications of payments to one invoice (`/invoices/{id}/payments`): made by payments only. */
export const invoicePaymentModel: ResourceModel = {
  store: STORES.invoicePayments,
  required: [],
  create() {
    throw refused(2, 'Record a customer payment to apply money to an invoice.');
  },
  remove(ctx, record) {
    // unapply deletes the application itself; the generic delete then finds nothing left to remove.
    unapply(ctx, record);
  },
  sample() {
    return {};
  },
};

/** An application of a fresh payment to `invoiceId` (sent first if draft), for sample paths. */
export const sampleApplication = (ctx: ModelContext, invoiceId: string): Rec => {
  const invoice = referenced(ctx, STORES.invoices, invoiceId, 'invoice_id');
  markSent(ctx, invoice);
  const id = ctx.core.books.newId();
  const time = zohoTime(ctx.now);
  const payment: Rec = { payment_id: id, created_time: time, last_modified_time: time };
  const amount = Math.min(1, Number(invoice.balance));
  paymentModel.create(
    ctx,
    {
      customer_id: invoice.customer_id,
      amount,
      invoices: [{ invoice_id: invoiceId, amount_applied: amount }],
    },
    payment,
  );
  ctx.store.table(STORES.payments).set(id, payment);
  return applicationsOf(ctx, id)[0]!;
};
