import { roundTo } from '../documents/compute.js';
import { kindOf } from '../documents/kinds.js';
import { decimalsOf, settleStatus } from '../documents/status.js';
import { invalidValue, refuse } from '../errors.js';
import { addHistory } from '../history.js';
import type { ModelContext, ResourceModel } from '../models/model.js';
import { zohoDate } from '../records.js';
import type { Rec } from '../state.js';
import { dateField, stringField } from '../validate.js';
import { positiveAmount } from './applications.js';
import { withLedger } from './ledger.js';

/**
 * Money given back from what a credit note, a vendor credit or a payment still holds: the refund draws
 * the source's balance (or unused amount) down, never below zero (REFERENCE §5: code 24016), and
 * deleting the refund gives it back.
 */
interface RefundKind {
  readonly store: string;
  /** The record field naming the source (the path's parent). */
  readonly parentField: string;
  readonly source: { store: string; thing: string; numberField: string; available: string; used: string };
  /** Every name the refund's id is answered under (the spec is not consistent). */
  readonly idFields: readonly string[];
  readonly extra?: (source: Rec) => Rec;
}

const KINDS: readonly RefundKind[] = [
  {
    store: 'creditnotes/refunds',
    parentField: 'creditnote_id',
    source: {
      store: 'creditnotes',
      thing: 'credit note',
      numberField: 'creditnote_number',
      available: 'balance',
      used: 'total_refunded_amount',
    },
    idFields: ['creditnote_refund_id'],
    extra: (s) => ({ creditnote_number: s.creditnote_number, customer_name: s.customer_name }),
  },
  {
    store: 'vendorcredits/refunds',
    parentField: 'vendor_credit_id',
    source: {
      store: 'vendorcredits',
      thing: 'vendor credit',
      numberField: 'vendor_credit_number',
      available: 'balance',
      used: 'total_refunded_amount',
    },
    idFields: ['vendor_credit_refund_id'],
    extra: (s) => ({ vendor_credit_number: s.vendor_credit_number, customer_name: s.vendor_name }),
  },
  {
    store: 'customerpayments/refunds',
    parentField: 'customer_payment_id',
    source: {
      store: 'customerpayments',
      thing: 'payment',
      numberField: 'payment_number',
      available: 'unused_amount',
      used: 'amount_refunded',
    },
    idFields: ['refund_id', 'payment_refund_id'],
    extra: (s) => ({
      payment_id: s.payment_id,
      payment_number: s.payment_number,
      customer_name: s.customer_name,
    }),
  },
  {
    store: 'vendorpayments/refunds',
    parentField: 'payment_id',
    source: {
      store: 'vendorpayments',
      thing: 'payment',
      numberField: 'payment_number',
      available: 'balance',
      used: 'amount_refunded',
    },
    idFields: ['vendorpayment_refund_id'],
    extra: (s) => ({ vendorpayment_id: s.payment_id }),
  },
];

function sourceOf(ctx: ModelContext, k: RefundKind, refund: Rec): Rec {
  const source = ctx.store.table(k.source.store).get(String(refund[k.parentField]));
  if (!source) throw invalidValue(k.parentField);
  return source;
}

/** Moves `amount` out of the source (negative: back into it), with its contact's unused credits. */
function draw(ctx: ModelContext, k: RefundKind, source: Rec, amount: number): void {
  const decimals = decimalsOf(ctx);
  withLedger(ctx, k.source.store, source, () => {
    source[k.source.available] = roundTo(Number(source[k.source.available] ?? 0) - amount, decimals);
    source[k.source.used] = roundTo(Number(source[k.source.used] ?? 0) + amount, decimals);
    const kind = kindOf(k.source.store);
    if (kind) settleStatus(kind, source);
  });
}

function check(ctx: ModelContext, k: RefundKind, source: Rec, amount: number, giveBack: number): void {
  if (kindOf(k.source.store) && source.status !== 'open') {
    throw refuse(
      ctx.core,
      'invalidStatus',
      `${cap(k.source.thing)} ${source[k.source.numberField]} is ${source.status}: only an open ${k.source.thing} can be refunded.`,
    );
  }
  if (amount > roundTo(Number(source[k.source.available] ?? 0) + giveBack, decimalsOf(ctx))) {
    throw refuse(
      ctx.core,
      'amountExceedsBalance',
      `The amount refunded exceeds the balance of ${k.source.thing} ${source[k.source.numberField]}.`,
    );
  }
}

function refundModel(k: RefundKind): ResourceModel {
  return {
    store: k.store,
    required: ['amount'],
    create(ctx, input, record) {
      const source = sourceOf(ctx, k, record);
      const amount = positiveAmount(input.amount, 'amount');
      check(ctx, k, source, amount, 0);
      Object.assign(record, input, k.extra?.(source), {
        amount,
        amount_bcy: amount,
        amount_fcy: amount,
        date: dateField(input, 'date') ?? zohoDate(ctx.now),
        refund_mode: stringField(input, 'refund_mode') ?? 'cash',
        reference_number: stringField(input, 'reference_number') ?? '',
        description: stringField(input, 'description') ?? '',
      });
      for (const f of k.idFields) record[f] = record[k.idFields[0]!] ?? record[f];
      draw(ctx, k, source, amount);
      const kind = kindOf(k.source.store);
      if (kind)
        addHistory(ctx, k.source.store, kind.idField, source[kind.idField], `Refund of ${amount} recorded.`);
    },
    update(ctx, input, record) {
      const source = sourceOf(ctx, k, record);
      const before = Number(record.amount);
      const amount = input.amount === undefined ? before : positiveAmount(input.amount, 'amount');
      check(ctx, k, source, amount, before);
      draw(ctx, k, source, amount - before);
      Object.assign(record, input, { amount, amount_bcy: amount, amount_fcy: amount });
      if (input.date !== undefined) record.date = dateField(input, 'date');
    },
    remove(ctx, record) {
      const source = ctx.store.table(k.source.store).get(String(record[k.parentField]));
      if (source) draw(ctx, k, source, -Number(record.amount));
    },
    sample() {
      return { amount: 1, date: '2024-01-01' };
    },
  };
}

export const REFUND_MODELS: readonly ResourceModel[] = KINDS.map(refundModel);

function cap(s: string): string {
  return `${s[0]!.toUpperCase()}${s.slice(1)}`;
}
