import { EmulatorInputError } from '../../errors.js';
import { roundTo } from '../documents/compute.js';
import { documentModel } from '../documents/document-model.js';
import { kindOf } from '../documents/kinds.js';
import { TRANSITIONS, transition } from '../documents/lifecycle.js';
import { decimalsOf, settleStatus } from '../documents/status.js';
import { invalidValue, refuse } from '../errors.js';
import { createSample } from '../models/common.js';
import type { ModelContext, ResourceModel } from '../models/model.js';
import { isPlainObject, zohoDate, zohoTime } from '../records.js';
import type { Rec } from '../state.js';
import { dateField, numberField, stringField } from '../validate.js';
import {
  type ApplicationKind,
  applicationsFrom,
  apply,
  checkApplication,
  PAYMENT_TO_BILL,
  PAYMENT_TO_INVOICE,
  positiveAmount,
  unapply,
} from './applications.js';
import { addToLedger, removeFromLedger, withLedger } from './ledger.js';

/**
 * Customer and vendor payments: an amount received from a customer (paid to a vendor), applied to
 * invoices (bills) in `invoices[]` (`bills[]`), the rest kept as unused credit. A customer payment may
 * instead pay a retainer invoice (`retainerinvoice_id`): the money is then held as a retainer, unused
 * until drawn on invoices (`POST /invoices/{id}/credits`).
 */
interface PaymentSide {
  readonly store: string;
  readonly party: 'customer' | 'vendor';
  readonly listField: 'invoices' | 'bills';
  readonly kind: ApplicationKind;
  /** The field holding what is not yet applied (`unused_amount`; vendor payments say `balance`). */
  readonly unused: string;
  readonly sequence: string;
}

const CUSTOMER: PaymentSide = {
  store: 'customerpayments',
  party: 'customer',
  listField: 'invoices',
  kind: PAYMENT_TO_INVOICE,
  unused: 'unused_amount',
  sequence: 'customerpayment',
};

const VENDOR: PaymentSide = {
  store: 'vendorpayments',
  party: 'vendor',
  listField: 'bills',
  kind: PAYMENT_TO_BILL,
  unused: 'balance',
  sequence: 'vendorpayment',
};

interface Planned {
  target: Rec;
  amount: number;
}

function partyOf(ctx: ModelContext, side: PaymentSide, id: unknown): Rec {
  const field = `${side.party}_id`;
  const contact = typeof id === 'string' ? ctx.store.table('contacts').get(id) : undefined;
  if (!contact || contact.contact_type !== side.party) throw invalidValue(field);
  return contact;
}

/** Reads `invoices[]`/`bills[]` and checks every application before any money moves. */
function plan(
  ctx: ModelContext,
  side: PaymentSide,
  payment: Rec,
  raw: unknown,
  amount: number,
  own: Rec[],
): Planned[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidValue(side.listField);
  const idField = side.kind.target.idField;
  let total = 0;
  const out = raw.map((entry, i) => {
    const where = `${side.listField}[${i}]`;
    if (!isPlainObject(entry)) throw invalidValue(side.listField);
    const target = ctx.store.table(side.kind.target.store).get(String(entry[idField] ?? ''));
    if (!target) throw invalidValue(`${where}.${idField}`);
    const value = positiveAmount(entry.amount_applied, `${where}.amount_applied`);
    const back = own.filter((a) => a[idField] === target[idField]).reduce((s, a) => s + Number(a.amount), 0);
    checkApplication(ctx, side.kind, payment, target, value, where, {
      target: back,
      source: Number.POSITIVE_INFINITY,
    });
    total += value;
    return { target, amount: value };
  });
  if (roundTo(total, decimalsOf(ctx)) > amount) {
    throw refuse(
      ctx.core,
      'amountExceedsBalance',
      'The amount applied to documents exceeds the payment amount.',
    );
  }
  return out;
}

/** A customer payment for a retainer invoice: the invoice is paid, the money held as unused credit. */
function payRetainer(
  ctx: ModelContext,
  payment: Rec,
  retainerId: string,
  amount: number,
  sign: 1 | -1,
): void {
  const retainer = ctx.store.table('retainerinvoices').get(retainerId);
  if (!retainer) throw invalidValue('retainerinvoice_id');
  const decimals = decimalsOf(ctx);
  if (sign > 0) {
    if (String(retainer.customer_id) !== String(payment.customer_id))
      throw invalidValue('retainerinvoice_id');
    if (['draft', 'void', 'pending_approval', 'approved'].includes(String(retainer.status))) {
      throw refuse(
        ctx.core,
        'invalidStatus',
        `Retainer invoice ${retainer.retainerinvoice_number} is ${retainer.status}: it cannot be paid.`,
      );
    }
    if (amount > Number(retainer.balance)) {
      throw refuse(
        ctx.core,
        'amountExceedsBalance',
        `The amount exceeds the balance of retainer invoice ${retainer.retainerinvoice_number}.`,
      );
    }
  }
  retainer.payment_made = roundTo(Number(retainer.payment_made ?? 0) + sign * amount, decimals);
  retainer.balance = roundTo(Number(retainer.balance ?? 0) - sign * amount, decimals);
  retainer.last_payment_date = sign > 0 ? payment.date : '';
  retainer.last_modified_time = zohoTime(ctx.now);
  settleStatus(kindOf('retainerinvoices')!, retainer);
}

/** A retainer payment drawn on an invoice shows on its retainer invoice as `payment_drawn`. */
export function drawRetainer(ctx: ModelContext, payment: Rec, amount: number): void {
  const retainer = payment.retainerinvoice_id
    ? ctx.store.table('retainerinvoices').get(String(payment.retainerinvoice_id))
    : undefined;
  if (retainer)
    retainer.payment_drawn = roundTo(Number(retainer.payment_drawn ?? 0) + amount, decimalsOf(ctx));
}

function applyAll(ctx: ModelContext, side: PaymentSide, payment: Rec, planned: Planned[]): void {
  for (const { target, amount } of planned) {
    apply(ctx, side.kind, payment, target, amount, String(payment.date));
    drawRetainer(ctx, payment, amount);
  }
}

function unapplyAll(ctx: ModelContext, side: PaymentSide, payment: Rec): void {
  for (const a of applicationsFrom(ctx, side.kind, String(payment.payment_id))) {
    unapply(ctx, side.kind, a);
    drawRetainer(ctx, payment, -Number(a.amount));
  }
}

function hasRefunds(payment: Rec): boolean {
  return Number(payment.amount_refunded ?? 0) > 0;
}

function paymentModel(side: PaymentSide): ResourceModel {
  return {
    store: side.store,
    required: side.party === 'customer' ? ['customer_id', 'amount'] : ['vendor_id', 'amount'],
    create(ctx, input, record) {
      const contact = partyOf(ctx, side, input[`${side.party}_id`]);
      const amount = positiveAmount(input.amount, 'amount');
      const retainerId = side.party === 'customer' ? stringField(input, 'retainerinvoice_id') : undefined;
      if (retainerId && Array.isArray(input.invoices) && input.invoices.length)
        throw invalidValue('invoices');
      Object.assign(record, input, {
        [`${side.party}_id`]: contact.contact_id,
        [`${side.party}_name`]: contact.contact_name,
        payment_number: String(ctx.store.next(side.sequence)),
        amount,
        date: dateField(input, 'date') ?? zohoDate(ctx.now),
        payment_mode: stringField(input, 'payment_mode') ?? 'cash',
        reference_number: stringField(input, 'reference_number') ?? '',
        description: stringField(input, 'description') ?? '',
        bank_charges: numberField(input, 'bank_charges', 'bank_charges', 0),
        currency_code: ctx.store.org.currency_code,
        currency_symbol: ctx.store.org.currency_symbol,
        exchange_rate: 1,
        status: 'success',
        amount_refunded: 0,
        [side.listField]: [],
        [side.unused]: amount,
        ...(retainerId ? { retainerinvoice_id: retainerId, payment_type: 'retainer' } : {}),
      });
      const planned = plan(ctx, side, record, input[side.listField], amount, []);
      addToLedger(ctx, side.store, record);
      if (retainerId) payRetainer(ctx, record, retainerId, amount, 1);
      applyAll(ctx, side, record, planned);
    },
    update(ctx, input, record) {
      const contact =
        input[`${side.party}_id`] === undefined ? undefined : partyOf(ctx, side, input[`${side.party}_id`]);
      if (
        contact &&
        contact.contact_id !== record[`${side.party}_id`] &&
        Number(record.amount) !== Number(record[side.unused])
      ) {
        throw invalidValue(`${side.party}_id`);
      }
      const amount =
        input.amount === undefined ? Number(record.amount) : positiveAmount(input.amount, 'amount');
      const own = applicationsFrom(ctx, side.kind, String(record.payment_id));
      const raw =
        input[side.listField] === undefined
          ? own.map((a) => ({
              [side.kind.target.idField]: a[side.kind.target.idField],
              amount_applied: a.amount,
            }))
          : input[side.listField];
      const planned = plan(
        ctx,
        side,
        { ...record, ...(contact ? { [`${side.party}_id`]: contact.contact_id } : {}) },
        raw,
        amount,
        own,
      );
      const refunded = Number(record.amount_refunded ?? 0);
      const applied = planned.reduce((s, p) => s + p.amount, 0);
      if (amount < roundTo(applied + refunded, decimalsOf(ctx))) {
        throw refuse(
          ctx.core,
          'amountExceedsBalance',
          'The payment amount is less than what is applied and refunded.',
        );
      }
      if (record.retainerinvoice_id && amount !== Number(record.amount)) {
        payRetainer(ctx, record, String(record.retainerinvoice_id), Number(record.amount), -1);
        payRetainer(ctx, record, String(record.retainerinvoice_id), amount, 1);
      }
      unapplyAll(ctx, side, record);
      const {
        [side.listField]: _ignored,
        unused_amount: _u,
        balance: _b,
        amount_refunded: _r,
        ...rest
      } = input;
      withLedger(ctx, side.store, record, () => {
        Object.assign(record, rest, {
          amount,
          [side.unused]: roundTo(amount - refunded, decimalsOf(ctx)),
          ...(contact
            ? { [`${side.party}_id`]: contact.contact_id, [`${side.party}_name`]: contact.contact_name }
            : {}),
        });
        if (input.date !== undefined) record.date = dateField(input, 'date');
      });
      applyAll(ctx, side, record, planned);
    },
    remove(ctx, record) {
      if (hasRefunds(record)) {
        throw refuse(
          ctx.core,
          'documentHasPayments',
          'Payments that have refunds recorded cannot be deleted. Delete the refunds first.',
        );
      }
      unapplyAll(ctx, side, record);
      if (record.retainerinvoice_id)
        payRetainer(ctx, record, String(record.retainerinvoice_id), Number(record.amount), -1);
      removeFromLedger(ctx, side.store, record);
    },
    sample(ctx) {
      const kind = kindOf(side.kind.target.store)!;
      const target = createSample(ctx, documentModel(kind), kind.idField);
      if (side.party === 'customer') transition(ctx, TRANSITIONS.mark_invoice_sent!, target);
      return {
        [`${side.party}_id`]: target[`${side.party}_id`],
        amount: target.total,
        payment_mode: 'cash',
        date: zohoDate(ctx.now),
        [side.listField]: [{ [kind.idField]: target[kind.idField], amount_applied: target.total }],
      };
    },
  };
}

export const customerPaymentModel = paymentModel(CUSTOMER);
export const vendorPaymentModel = paymentModel(VENDOR);

/** Applications seen from one side (an invoice's payments, a credit note's invoices): deleting one takes the money back. */
export function applicationModel(kind: ApplicationKind, store: string): ResourceModel {
  return {
    store,
    required: [],
    create() {
      throw new EmulatorInputError(
        `${kind.records[0]!.store} records are made by recording a payment or applying a credit`,
      );
    },
    remove(ctx, record) {
      unapply(ctx, kind, record);
      const payment = ctx.store.table(kind.source.store).get(String(record[kind.source.idField]));
      if (payment && kind === PAYMENT_TO_INVOICE) drawRetainer(ctx, payment, -Number(record.amount));
    },
    sample() {
      return {};
    },
  };
}
