import { invalidValue, refuse } from '../errors.js';
import { addHistory } from '../history.js';
import { accountOfType } from '../models/accounts.js';
import { addDays, createSample, firstOr } from '../models/common.js';
import { contactModel } from '../models/contacts.js';
import type { ModelContext, ResourceModel } from '../models/model.js';
import { addToLedger, removeFromLedger, withLedger } from '../money/ledger.js';
import { zohoDate } from '../records.js';
import type { Rec } from '../state.js';
import { dateField, numberField, requireFields, stringField } from '../validate.js';
import { computeDocument, roundTo } from './compute.js';
import { afterCreate, beforeCreate } from './conversions.js';
import { type DocumentKind, partyField } from './kinds.js';
import { claimNumber, nextNumber, releaseNumber } from './numbering.js';
import { decimalsOf, drawnOf, lapsedStatus, settleStatus } from './status.js';

/** Fields Books computes: a caller's values for them are ignored, never stored (issue 11). */
const COMPUTED = [
  'status',
  'balance',
  'total',
  'sub_total',
  'tax_total',
  'taxes',
  'payment_made',
  'payment_drawn',
  'credits_applied',
  'vendor_credits_applied',
  'write_off_amount',
  'total_credits_used',
  'total_refunded_amount',
  'discount_amount',
  'discount_applied_on_amount',
  'customer_name',
  'vendor_name',
  'currency_code',
  'currency_symbol',
  'price_precision',
  'is_emailed',
  'created_time',
  'last_modified_time',
];

/** Recomputes amounts and, for balance documents, the balance left after what was drawn from it. */
function recompute(ctx: ModelContext, kind: DocumentKind, doc: Rec): void {
  const totals = computeDocument(ctx, kind, doc);
  Object.assign(doc, totals, {
    discount_applied_on_amount: totals.discount_amount > 0 ? totals.sub_total : 0,
    price_precision: decimalsOf(ctx),
  });
  if (!kind.balance) return;
  const drawn = drawnOf(kind, doc);
  if (totals.total < drawn) {
    throw refuse(
      ctx.core,
      'documentHasPayments',
      `The ${kind.thing} total cannot be less than what has already been paid, credited or refunded.`,
    );
  }
  doc.balance = doc.status === 'void' ? 0 : roundTo(totals.total - drawn, decimalsOf(ctx));
  settleStatus(kind, doc);
}

/** The contact a document is with: it must exist and be of the right type (a customer for sales). */
function partyFields(ctx: ModelContext, kind: DocumentKind, id: unknown): Rec {
  const field = partyField(kind);
  const contact =
    typeof id === 'string' || typeof id === 'number'
      ? ctx.store.table('contacts').get(String(id))
      : undefined;
  if (!contact || contact.contact_type !== kind.party) throw invalidValue(field);
  const name = kind.party === 'customer' ? 'customer_name' : 'vendor_name';
  return {
    [field]: contact.contact_id,
    [name]: contact.contact_name,
    ...(kind.party === 'customer' ? { email: contact.email ?? '' } : {}),
    currency_id: contact.currency_id ?? ctx.store.org.currency_id,
    currency_code: ctx.store.org.currency_code,
    currency_symbol: ctx.store.org.currency_symbol,
  };
}

function dates(kind: DocumentKind, input: Rec, record: Rec, now: number): Rec {
  const date =
    dateField(input, kind.dateField) ?? (record[kind.dateField] as string | undefined) ?? zohoDate(now);
  const out: Rec = { [kind.dateField]: date };
  if (kind.dueField === 'due_date') {
    const terms = numberField(input, 'payment_terms', 'payment_terms', Number(record.payment_terms ?? 0));
    out.payment_terms = terms;
    out.due_date = dateField(input, 'due_date') ?? addDays(date, terms);
  } else if (kind.dueField === 'expiry_date') {
    out.expiry_date = dateField(input, 'expiry_date') ?? record.expiry_date ?? '';
  }
  return out;
}

function strip(input: Rec): void {
  for (const field of COMPUTED) delete input[field];
}

function samplePartner(ctx: ModelContext, kind: DocumentKind): Rec {
  return firstOr(
    ctx,
    'contacts',
    (c) => c.contact_type === kind.party,
    () => {
      const record = createSample(ctx, contactModel, 'contact_id');
      record.contact_type = kind.party;
      return record;
    },
  );
}

/** A valid creation body for `kind`, creating the contact (and account) it needs. */
function sampleDocument(ctx: ModelContext, kind: DocumentKind): Rec {
  const partner = samplePartner(ctx, kind);
  const line = kind.accountLines
    ? { account_id: accountOfType(ctx, 'expense').account_id, name: 'Supplies', rate: 80, quantity: 1 }
    : { name: 'Consulting', rate: 120, quantity: 2 };
  const body: Rec = { [partyField(kind)]: partner.contact_id, line_items: [line] };
  if (kind.number?.required)
    body[kind.number.field] =
      `${kind.number.sequence.toUpperCase()}-${String(ctx.store.next(`sample.${kind.store}`)).padStart(5, '0')}`;
  if (kind.store === 'salesreceipts') body.payment_mode = 'cash';
  if (kind.store === 'recurringinvoices' || kind.store === 'recurringbills') {
    Object.assign(body, {
      recurrence_name: `Monthly ${ctx.store.next(`sample.${kind.store}`)}`,
      recurrence_frequency: 'months',
      repeat_every: 1,
      start_date: zohoDate(ctx.now),
    });
  }
  return body;
}

/** One model for every sales and purchase document: what differs is in its DocumentKind. */
export function documentModel(kind: DocumentKind): ResourceModel {
  return {
    store: kind.store,
    // Checked in create, after a conversion may have filled lines in from the source document.
    required: [],
    ...(kind.statusGroups ? { statusGroups: kind.statusGroups } : {}),
    create(ctx, input, record) {
      strip(input);
      const source = beforeCreate(ctx, kind, input);
      requireFields(input, kind.required);
      Object.assign(
        record,
        input,
        partyFields(ctx, kind, input[partyField(kind)]),
        dates(kind, input, record, ctx.now),
        {
          reference_number: stringField(input, 'reference_number') ?? '',
          status: kind.initialStatus,
          is_emailed: false,
        },
      );
      for (const field of kind.drawnBy) record[field] = 0;
      recompute(ctx, kind, record);
      if (kind.number) {
        record[kind.number.field] = stringField(input, kind.number.field) ?? nextNumber(ctx, kind);
        claimNumber(ctx, kind, record);
      }
      addToLedger(ctx, kind.store, record);
      afterCreate(ctx, kind, record, source);
      addHistory(ctx, kind.store, kind.idField, record[kind.idField], `${capital(kind.thing)} created.`);
    },
    update(ctx, input, record) {
      strip(input);
      if (kind.number && input[kind.number.field] !== undefined && !stringField(input, kind.number.field))
        throw invalidValue(kind.number.field);
      const next: Rec = { ...record, ...input };
      const party = input[partyField(kind)];
      if (
        party !== undefined &&
        String(party) !== String(record[partyField(kind)]) &&
        drawnOf(kind, record) > 0
      ) {
        // Payments and credits belong to the contact they came from: the document cannot change hands.
        throw refuse(
          ctx.core,
          'documentHasPayments',
          `The ${kind.thing} has payments or credits recorded: its ${kind.party} cannot change.`,
        );
      }
      if (party !== undefined) Object.assign(next, partyFields(ctx, kind, party));
      Object.assign(next, dates(kind, input, record, ctx.now));
      recompute(ctx, kind, next);
      if (kind.number && input[kind.number.field] !== undefined) {
        claimNumber(ctx, kind, next, String(record[kind.number.field]));
      }
      withLedger(ctx, kind.store, record, () => Object.assign(record, next));
    },
    remove(ctx, record) {
      if (drawnOf(kind, record) > 0) {
        throw refuse(
          ctx.core,
          'documentHasPayments',
          `${capital(kind.thing)}s that have payments or credits recorded cannot be deleted. Delete the payments and credits first.`,
        );
      }
      removeFromLedger(ctx, kind.store, record);
      releaseNumber(ctx, kind, record);
    },
    view(ctx, record) {
      const status = lapsedStatus(ctx, kind, record);
      return status === record.status ? record : { ...record, status };
    },
    status: (ctx, record) => lapsedStatus(ctx, kind, record),
    clone(ctx, template, id) {
      const lines = (template.line_items as Rec[]).map((l) => ({
        ...l,
        line_item_id: ctx.core.books.newId(),
      }));
      const record: Rec = { ...template, [kind.idField]: id, line_items: lines };
      if (kind.number) {
        record[kind.number.field] = kind.number.required
          ? `${template[kind.number.field]}-${ctx.store.next(`clone.${kind.store}`)}`
          : nextNumber(ctx, kind);
        claimNumber(ctx, kind, record);
      }
      addToLedger(ctx, kind.store, record);
      return record;
    },
    sample: (ctx) => sampleDocument(ctx, kind),
  };
}

function capital(s: string): string {
  return `${s[0]!.toUpperCase()}${s.slice(1)}`;
}
