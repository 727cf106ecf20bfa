import { roundTo } from '../documents/compute.js';
import { kindOf } from '../documents/kinds.js';
import { decimalsOf, settleStatus } from '../documents/status.js';
import { invalidValue, missingField, refuse } from '../errors.js';
import { checkedBody, modelCtx, success } from '../generic.js';
import { addHistory } from '../history.js';
import type { ModelContext } from '../models/model.js';
import { isPlainObject, zohoTime } from '../records.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import type { Rec } from '../state.js';
import {
  type ApplicationKind,
  apply,
  CREDIT_TO_BILL,
  CREDIT_TO_INVOICE,
  checkApplication,
  PAYMENT_TO_BILL,
  PAYMENT_TO_INVOICE,
  positiveAmount,
} from './applications.js';
import { withLedger } from './ledger.js';
import { drawRetainer } from './payments.js';

interface Planned {
  kind: ApplicationKind;
  source: Rec;
  target: Rec;
  amount: number;
}

/**
 * Reads a list of applications (`invoices[]`, `apply_creditnotes[]`…) and checks them all, each against
 * what the ones before it already take from the same source and target, before any money moves.
 */
function planList(
  ctx: ModelContext,
  raw: unknown,
  list: string,
  kind: ApplicationKind,
  pick: (entry: Rec) => { source: Rec | undefined; target: Rec | undefined; missing: string },
  planned: Planned[],
): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) throw invalidValue(list);
  raw.forEach((entry, i) => {
    const where = `${list}[${i}]`;
    if (!isPlainObject(entry)) throw invalidValue(list);
    const { source, target, missing } = pick(entry);
    if (!source || !target) throw invalidValue(`${where}.${missing}`);
    const amount = positiveAmount(entry.amount_applied, `${where}.amount_applied`);
    const taken = (r: Rec) =>
      planned.filter((p) => p.source === r || p.target === r).reduce((s, p) => s + p.amount, 0);
    checkApplication(ctx, kind, source, target, amount, where, {
      target: -taken(target),
      source: -taken(source),
    });
    planned.push({ kind, source, target, amount });
  });
}

function applyPlanned(ctx: ModelContext, planned: Planned[]): void {
  for (const p of planned) {
    apply(ctx, p.kind, p.source, p.target, p.amount);
    if (p.kind === PAYMENT_TO_INVOICE) drawRetainer(ctx, p.source, p.amount);
  }
}

function table(ctx: ModelContext, store: string, id: unknown): Rec | undefined {
  return typeof id === 'string' || typeof id === 'number'
    ? ctx.store.table(store).get(String(id))
    : undefined;
}

function subject(ctx: BooksContext): Rec {
  return ctx.subject!;
}

/** `POST /creditnotes/{id}/invoices`: a credit note applied to the customer's invoices. */
function applyCreditNote(ctx: BooksContext): BooksReply {
  const mctx = modelCtx(ctx);
  const body = checkedBody(ctx);
  if (!Array.isArray(body.invoices) || body.invoices.length === 0) throw missingField('invoices');
  const note = subject(ctx);
  const planned: Planned[] = [];
  planList(
    mctx,
    body.invoices,
    'invoices',
    CREDIT_TO_INVOICE,
    (e) => ({ source: note, target: table(mctx, 'invoices', e.invoice_id), missing: 'invoice_id' }),
    planned,
  );
  applyPlanned(mctx, planned);
  return success(ctx.op.status, 'Credits have been applied to the invoice(s).');
}

/** `POST /invoices/{id}/credits`: unused payments (retainers included) and credit notes applied to one invoice. */
function applyCreditsToInvoice(ctx: BooksContext): BooksReply {
  const mctx = modelCtx(ctx);
  const body = checkedBody(ctx);
  const invoice = subject(ctx);
  const planned: Planned[] = [];
  planList(
    mctx,
    body.invoice_payments,
    'invoice_payments',
    PAYMENT_TO_INVOICE,
    (e) => ({
      source: table(mctx, 'customerpayments', e.payment_id),
      target: invoice,
      missing: 'payment_id',
    }),
    planned,
  );
  planList(
    mctx,
    body.apply_creditnotes,
    'apply_creditnotes',
    CREDIT_TO_INVOICE,
    (e) => ({
      source: table(mctx, 'creditnotes', e.creditnote_id),
      target: invoice,
      missing: 'creditnote_id',
    }),
    planned,
  );
  if (planned.length === 0) throw missingField('apply_creditnotes');
  applyPlanned(mctx, planned);
  return success(ctx.op.status, 'Credits have been applied to the invoice.');
}

/** `POST /vendorcredits/{id}/bills`: a vendor credit applied to the vendor's bills. */
function applyVendorCredit(ctx: BooksContext): BooksReply {
  const mctx = modelCtx(ctx);
  const body = checkedBody(ctx);
  if (!Array.isArray(body.bills) || body.bills.length === 0) throw missingField('bills');
  const credit = subject(ctx);
  const planned: Planned[] = [];
  planList(
    mctx,
    body.bills,
    'bills',
    CREDIT_TO_BILL,
    (e) => ({ source: credit, target: table(mctx, 'bills', e.bill_id), missing: 'bill_id' }),
    planned,
  );
  applyPlanned(mctx, planned);
  const applied = planned.map((p) => ({ bill_id: p.target.bill_id, amount_applied: p.amount }));
  return success(
    ctx.op.status,
    'Credits have been applied to the bill(s).',
    ctx.op.key ? { [ctx.op.key]: applied } : {},
  );
}

/** `POST /bills/{id}/credits`: unused vendor payments and vendor credits applied to one bill. */
function applyCreditsToBill(ctx: BooksContext): BooksReply {
  const mctx = modelCtx(ctx);
  const body = checkedBody(ctx);
  const bill = subject(ctx);
  const planned: Planned[] = [];
  planList(
    mctx,
    body.bill_payments,
    'bill_payments',
    PAYMENT_TO_BILL,
    (e) => ({ source: table(mctx, 'vendorpayments', e.payment_id), target: bill, missing: 'payment_id' }),
    planned,
  );
  planList(
    mctx,
    body.apply_vendor_credits,
    'apply_vendor_credits',
    CREDIT_TO_BILL,
    (e) => ({
      source: table(mctx, 'vendorcredits', e.vendor_credit_id),
      target: bill,
      missing: 'vendor_credit_id',
    }),
    planned,
  );
  if (planned.length === 0) throw missingField('apply_vendor_credits');
  applyPlanned(mctx, planned);
  return success(ctx.op.status, 'Credits have been applied to the bill.');
}

/** `POST /invoices/{id}/writeoff`: what is left unpaid is written off; the invoice reads paid. */
function writeOff(ctx: BooksContext): BooksReply {
  const mctx = modelCtx(ctx);
  const invoice = subject(ctx);
  const decimals = decimalsOf(mctx);
  const balance = Number(invoice.balance ?? 0);
  if (['draft', 'void', 'pending_approval', 'approved'].includes(String(invoice.status)) || balance <= 0) {
    throw refuse(ctx.core, 'invalidStatus', `Invoice ${invoice.invoice_number} has no balance to write off.`);
  }
  withLedger(mctx, 'invoices', invoice, () => {
    invoice.write_off_amount = roundTo(Number(invoice.write_off_amount ?? 0) + balance, decimals);
    invoice.balance = 0;
    invoice.last_modified_time = zohoTime(ctx.now);
    settleStatus(kindOf('invoices')!, invoice);
  });
  addHistory(mctx, 'invoices', 'invoice_id', invoice.invoice_id, `Balance of ${balance} written off.`);
  return success(ctx.op.status, 'Invoice has been written off.');
}

/** `POST /invoices/{id}/writeoff/cancel`: the written-off amount is owed again. */
function cancelWriteOff(ctx: BooksContext): BooksReply {
  const mctx = modelCtx(ctx);
  const invoice = subject(ctx);
  const amount = Number(invoice.write_off_amount ?? 0);
  if (amount <= 0)
    throw refuse(ctx.core, 'invalidStatus', `Invoice ${invoice.invoice_number} has not been written off.`);
  withLedger(mctx, 'invoices', invoice, () => {
    invoice.write_off_amount = 0;
    invoice.balance = roundTo(Number(invoice.balance ?? 0) + amount, decimalsOf(mctx));
    invoice.last_modified_time = zohoTime(ctx.now);
    settleStatus(kindOf('invoices')!, invoice);
  });
  addHistory(mctx, 'invoices', 'invoice_id', invoice.invoice_id, `Write off of ${amount} cancelled.`);
  return success(ctx.op.status, 'The write off done for this invoice has been cancelled.');
}

export const creditHandlers: Readonly<Record<string, BooksHandler>> = {
  apply_credit_note_to_invoice: applyCreditNote,
  apply_credits_to_invoice: applyCreditsToInvoice,
  apply_credits_to_a_bill: applyVendorCredit,
  apply_credits_to_bill: applyCreditsToBill,
  write_off_invoice: writeOff,
  cancel_write_off_invoice: cancelWriteOff,
};
