import { roundTo } from '../documents/compute.js';
import { kindOf } from '../documents/kinds.js';
import { decimalsOf, settleStatus } from '../documents/status.js';
import { invalidValue, refuse } from '../errors.js';
import { addHistory } from '../history.js';
import type { ModelContext } from '../models/model.js';
import { zohoDate, zohoTime } from '../records.js';
import type { Rec } from '../state.js';
import { withLedger } from './ledger.js';

/**
 * Money applied from a source (a payment's unused amount, a credit's balance) to a document's balance
 * (an invoice, a bill). One rule for the four ways Books does it: both sides move, both contacts'
 * figures follow, and nothing is applied beyond either balance (REFERENCE §5: code 24016).
 */
export interface ApplicationKind {
  /** Where an application is kept: one store, or one per side (credit notes are seen from both). */
  readonly records: readonly { store: string; idField: string }[];
  readonly source: {
    store: string;
    idField: string;
    numberField: string;
    thing: string;
    /** A document source (credit notes) counts its use in this field; payments lower `available`. */
    used?: string;
    /** The field holding what is left to apply. */
    available: string;
  };
  readonly target: { store: string; idField: string; numberField: string; thing: string; field: string };
  /** The field an application's amount is written under. */
  readonly amountField: string;
  /** Lists on the source and the target that show their applications (a payment's `invoices`). */
  readonly sourceList?: string;
  readonly targetList?: string;
}

export const PAYMENT_TO_INVOICE: ApplicationKind = {
  records: [{ store: 'invoices/payments', idField: 'invoice_payment_id' }],
  source: {
    store: 'customerpayments',
    idField: 'payment_id',
    numberField: 'payment_number',
    thing: 'payment',
    available: 'unused_amount',
  },
  target: {
    store: 'invoices',
    idField: 'invoice_id',
    numberField: 'invoice_number',
    thing: 'invoice',
    field: 'payment_made',
  },
  amountField: 'amount',
  sourceList: 'invoices',
};

export const CREDIT_TO_INVOICE: ApplicationKind = {
  records: [
    { store: 'creditnotes/invoices', idField: 'creditnote_invoice_id' },
    { store: 'invoices/creditsapplied', idField: 'creditnotes_invoice_id' },
  ],
  source: {
    store: 'creditnotes',
    idField: 'creditnote_id',
    numberField: 'creditnote_number',
    thing: 'credit note',
    used: 'total_credits_used',
    available: 'balance',
  },
  target: {
    store: 'invoices',
    idField: 'invoice_id',
    numberField: 'invoice_number',
    thing: 'invoice',
    field: 'credits_applied',
  },
  amountField: 'amount_applied',
  sourceList: 'invoices',
};

export const PAYMENT_TO_BILL: ApplicationKind = {
  records: [{ store: 'bills/payments', idField: 'bill_payment_id' }],
  source: {
    store: 'vendorpayments',
    idField: 'payment_id',
    numberField: 'payment_number',
    thing: 'payment',
    available: 'balance',
  },
  target: {
    store: 'bills',
    idField: 'bill_id',
    numberField: 'bill_number',
    thing: 'bill',
    field: 'payment_made',
  },
  amountField: 'amount',
  sourceList: 'bills',
  targetList: 'payments',
};

export const CREDIT_TO_BILL: ApplicationKind = {
  records: [{ store: 'vendorcredits/bills', idField: 'vendor_credit_bill_id' }],
  source: {
    store: 'vendorcredits',
    idField: 'vendor_credit_id',
    numberField: 'vendor_credit_number',
    thing: 'vendor credit',
    used: 'total_credits_used',
    available: 'balance',
  },
  target: {
    store: 'bills',
    idField: 'bill_id',
    numberField: 'bill_number',
    thing: 'bill',
    field: 'vendor_credits_applied',
  },
  amountField: 'amount',
  sourceList: 'bills_credited',
  targetList: 'vendor_credits',
};

const NOT_OUT = new Set(['draft', 'void', 'pending_approval', 'approved', 'rejected']);

function partyOf(r: Rec): unknown {
  return r.customer_id ?? r.vendor_id;
}

/** A positive amount, or code 2 naming where it was. */
export function positiveAmount(value: unknown, where: string): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) throw invalidValue(where);
  return n;
}

/** Applications already made from `source` (for an update that re-plans them). */
export function applicationsFrom(ctx: ModelContext, kind: ApplicationKind, sourceId: string): Rec[] {
  const out: Rec[] = [];
  for (const a of ctx.store.table(kind.records[0]!.store).values())
    if (a[kind.source.idField] === sourceId) out.push(a);
  return out;
}

/**
 * Checks one application before anything moves: the target is out of draft and the source's contact's,
 * the amount fits the target's balance (plus what `giveBack` would return first) and the source's.
 */
export function checkApplication(
  ctx: ModelContext,
  kind: ApplicationKind,
  source: Rec,
  target: Rec,
  amount: number,
  where: string,
  giveBack = { target: 0, source: 0 },
): void {
  if (String(partyOf(source)) !== String(partyOf(target)))
    throw invalidValue(`${where}.${kind.target.idField}`);
  if (NOT_OUT.has(String(target.status))) {
    throw refuse(
      ctx.core,
      'invalidStatus',
      `${cap(kind.target.thing)} ${target[kind.target.numberField]} is ${target.status}: money cannot be applied to it.`,
    );
  }
  if (kind.source.used && source.status !== 'open' && source.status !== 'closed') {
    throw refuse(
      ctx.core,
      'invalidStatus',
      `${cap(kind.source.thing)} ${source[kind.source.numberField]} is ${source.status}: only an open ${kind.source.thing} can be applied.`,
    );
  }
  const decimals = decimalsOf(ctx);
  if (amount > roundTo(Number(target.balance ?? 0) + giveBack.target, decimals)) {
    throw refuse(
      ctx.core,
      'amountExceedsBalance',
      `The amount applied exceeds the balance of ${kind.target.thing} ${target[kind.target.numberField]}.`,
    );
  }
  if (amount > roundTo(Number(source[kind.source.available] ?? 0) + giveBack.source, decimals)) {
    throw refuse(
      ctx.core,
      'amountExceedsBalance',
      `The amount applied exceeds the unused amount of ${kind.source.thing} ${source[kind.source.numberField]}.`,
    );
  }
}

/** Moves `amount` between a source and a target (negative to give it back), with both contacts' figures. */
function move(ctx: ModelContext, kind: ApplicationKind, source: Rec, target: Rec, amount: number): void {
  const decimals = decimalsOf(ctx);
  const targetKind = kindOf(kind.target.store)!;
  withLedger(ctx, kind.target.store, target, () => {
    target[kind.target.field] = roundTo(Number(target[kind.target.field] ?? 0) + amount, decimals);
    target.balance = roundTo(Number(target.balance ?? 0) - amount, decimals);
    target.last_modified_time = zohoTime(ctx.now);
    settleStatus(targetKind, target);
  });
  withLedger(ctx, kind.source.store, source, () => {
    source[kind.source.available] = roundTo(Number(source[kind.source.available] ?? 0) - amount, decimals);
    if (kind.source.used) {
      source[kind.source.used] = roundTo(Number(source[kind.source.used] ?? 0) + amount, decimals);
      settleStatus(kindOf(kind.source.store)!, source);
    }
    source.last_modified_time = zohoTime(ctx.now);
  });
}

/** Applies `amount` (already checked) and records the application on every side that lists it. */
export function apply(
  ctx: ModelContext,
  kind: ApplicationKind,
  source: Rec,
  target: Rec,
  amount: number,
  date?: string,
): Rec {
  move(ctx, kind, source, target, amount);
  const id = ctx.core.books.newId();
  const time = zohoTime(ctx.now);
  const record: Rec = {
    [kind.source.idField]: source[kind.source.idField],
    [kind.source.numberField]: source[kind.source.numberField],
    [kind.target.idField]: target[kind.target.idField],
    [kind.target.numberField]: target[kind.target.numberField],
    customer_id: source.customer_id,
    vendor_id: source.vendor_id,
    vendor_name: source.vendor_name,
    payment_mode: source.payment_mode,
    reference_number: source.reference_number ?? '',
    description: source.description ?? '',
    date: date ?? zohoDate(ctx.now),
    credited_date: date ?? zohoDate(ctx.now),
    exchange_rate: 1,
    [kind.amountField]: amount,
    credited_amount: amount,
    creditnotes_number: source.creditnote_number,
    created_time: time,
    last_modified_time: time,
  };
  for (const r of kind.records) record[r.idField] = id;
  for (const r of kind.records) ctx.store.table(r.store).set(id, record);
  const entry: Rec = {
    application_id: id,
    [kind.records[0]!.idField]: id,
    [kind.source.idField]: source[kind.source.idField],
    [kind.source.numberField]: source[kind.source.numberField],
    [kind.target.idField]: target[kind.target.idField],
    [kind.target.numberField]: target[kind.target.numberField],
    amount_applied: amount,
    date: record.date,
  };
  if (kind.sourceList) source[kind.sourceList] = [...listOf(source, kind.sourceList), entry];
  if (kind.targetList) target[kind.targetList] = [...listOf(target, kind.targetList), entry];
  addHistory(
    ctx,
    kind.target.store,
    kind.target.idField,
    target[kind.target.idField],
    `${cap(kind.source.thing)} ${source[kind.source.numberField]} of ${amount} applied.`,
  );
  return record;
}

/** Takes an application back: both balances and statuses return, and it disappears from every side. */
export function unapply(ctx: ModelContext, kind: ApplicationKind, application: Rec): void {
  const amount = Number(application[kind.amountField] ?? 0);
  const source = ctx.store.table(kind.source.store).get(String(application[kind.source.idField]));
  const target = ctx.store.table(kind.target.store).get(String(application[kind.target.idField]));
  if (source && target) move(ctx, kind, source, target, -amount);
  const id = String(application[kind.records[0]!.idField]);
  for (const r of kind.records) ctx.store.table(r.store).delete(id);
  const keep = (e: Rec) => e.application_id !== id;
  if (source && kind.sourceList) source[kind.sourceList] = listOf(source, kind.sourceList).filter(keep);
  if (target && kind.targetList) target[kind.targetList] = listOf(target, kind.targetList).filter(keep);
}

function listOf(r: Rec, field: string): Rec[] {
  return Array.isArray(r[field]) ? (r[field] as Rec[]) : [];
}

function cap(s: string): string {
  return `${s[0]!.toUpperCase()}${s.slice(1)}`;
}
