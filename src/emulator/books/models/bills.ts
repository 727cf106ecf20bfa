import { refused } from '../errors.js';
import { findRecord, modelCtx } from '../generic.js';
import { round2, zohoDate, zohoTime } from '../records.js';
import type { BooksContext, BooksHandler } from '../route.js';
import type { Rec } from '../state.js';
import { dateField, numberField, stringField } from '../validate.js';
import { accountOfType } from './accounts.js';
import { computeLines } from './amounts.js';
import { addDays, createSample, firstOr, referenced, STORES } from './common.js';
import { adjustOutstanding, contactModel } from './contacts.js';
import type { ModelContext, ResourceModel } from './model.js';

const payable = (bill: Rec): number =>
  bill.status === 'draft' || bill.status === 'void' ? 0 : Number(bill.balance ?? 0);

const changeBill = (ctx: ModelContext, bill: Rec, change: () => void): void => {
  const vendor = bill.vendor_id;
  const before = payable(bill);
  change();
  adjustOutstanding(ctx, vendor, 'outstanding_payable_amount', -before);
  adjustOutstanding(ctx, bill.vendor_id, 'outstanding_payable_amount', payable(bill));
};

const recompute = (ctx: ModelContext, bill: Rec): void => {
  const totals = computeLines(ctx, bill.line_items, { accounts: true });
  const adjustment = numberField(bill, 'adjustment', 'adjustment', 0);
  const total = round2(totals.subTotal + totals.taxTotal + adjustment);
  const paid = Number(bill.payment_made ?? 0);
  if (total < paid) throw refused(2, 'The bill total cannot be less than the payments already made.');
  Object.assign(bill, {
    line_items: totals.lines,
    sub_total: totals.subTotal,
    tax_total: totals.taxTotal,
    taxes: totals.taxes,
    adjustment,
    total,
    balance: bill.status === 'void' ? 0 : round2(total - paid),
  });
};

const vendorFields = (ctx: ModelContext, vendorId: unknown): Rec => {
  const vendor = referenced(ctx, STORES.contacts, vendorId, 'vendor_id');
  return {
    vendor_id: vendor.contact_id,
    vendor_name: vendor.contact_name,
    currency_code: ctx.store.org.currency_code,
  };
};

const isOverdue = (ctx: ModelContext, bill: Rec): boolean =>
  (bill.status === 'open' || bill.status === 'partially_paid') &&
  typeof bill.due_date === 'string' &&
  bill.due_date !== '' &&
  bill.due_date < zohoDate(ctx.now);

/** Bills: the payable side of invoices. Open on creation, overdue by the clock, void or open by hand. */
export const billModel: ResourceModel = {
  store: STORES.bills,
  required: ['vendor_id', 'bill_number', 'line_items'],
  statusGroups: { Unpaid: ['open', 'overdue', 'partially_paid'] },
  create(ctx, input, record) {
    const date = dateField(input, 'date') ?? zohoDate(ctx.now);
    const terms = numberField(input, 'payment_terms', 'payment_terms', 0);
    Object.assign(record, input, vendorFields(ctx, input.vendor_id), {
      bill_number: String(input.bill_number),
      reference_number: stringField(input, 'reference_number') ?? '',
      date,
      payment_terms: terms,
      due_date: dateField(input, 'due_date') ?? addDays(date, terms),
      status: 'open',
      payment_made: 0,
    });
    recompute(ctx, record);
    adjustOutstanding(ctx, record.vendor_id, 'outstanding_payable_amount', payable(record));
  },
  update(ctx, input, record) {
    for (const computed of ['status', 'balance', 'total', 'sub_total', 'tax_total', 'payment_made'])
      delete input[computed];
    const next: Rec = { ...record, ...input };
    if (input.vendor_id !== undefined) Object.assign(next, vendorFields(ctx, input.vendor_id));
    if (input.date !== undefined) next.date = dateField(input, 'date');
    if (input.due_date !== undefined) next.due_date = dateField(input, 'due_date');
    recompute(ctx, next);
    changeBill(ctx, record, () => Object.assign(record, next));
  },
  remove(ctx, record) {
    if (Number(record.payment_made ?? 0) > 0) throw refused(2, 'Bills with payments cannot be deleted.');
    changeBill(ctx, record, () => {
      record.status = 'void';
    });
  },
  view(ctx, record) {
    return isOverdue(ctx, record) ? { ...record, status: 'overdue' } : record;
  },
  status: (ctx, record) => (isOverdue(ctx, record) ? 'overdue' : String(record.status)),
  clone(ctx, template, id) {
    const lines = (template.line_items as Rec[]).map((l) => ({ ...l, line_item_id: ctx.core.books.newId() }));
    const record: Rec = {
      ...template,
      bill_id: id,
      bill_number: `BILL-${String(ctx.store.next('sample.bill')).padStart(5, '0')}`,
      line_items: lines,
    };
    adjustOutstanding(ctx, record.vendor_id, 'outstanding_payable_amount', payable(record));
    return record;
  },
  sample(ctx) {
    const vendor = firstOr(
      ctx,
      STORES.contacts,
      (c) => c.contact_type === 'vendor',
      () => {
        const record = createSample(ctx, contactModel, 'contact_id');
        record.contact_type = 'vendor';
        return record;
      },
    );
    return {
      vendor_id: vendor.contact_id,
      bill_number: `BILL-${String(ctx.store.next('sample.bill')).padStart(5, '0')}`,
      line_items: [{ account_id: accountOfType(ctx, 'expense').account_id, rate: 80, quantity: 1 }],
    };
  },
};

const billOf = (ctx: BooksContext, models: ReadonlyMap<string, ResourceModel>): Rec =>
  findRecord(ctx, models, ctx.core.surface.findCollection(STORES.bills)!)!;

export const billHandlers = (models: ReadonlyMap<string, ResourceModel>): Record<string, BooksHandler> => ({
  mark_bill_void: (ctx) => {
    const bill = billOf(ctx, models);
    if (Number(bill.payment_made ?? 0) > 0) throw refused(2, 'Bills with payments cannot be voided.');
    changeBill(modelCtx(ctx), bill, () => {
      bill.status = 'void';
      bill.balance = 0;
      bill.last_modified_time = zohoTime(ctx.now);
    });
    return { status: ctx.op.status, body: { code: 0, message: 'The bill has been marked as void.' } };
  },
  mark_bill_open: (ctx) => {
    const bill = billOf(ctx, models);
    changeBill(modelCtx(ctx), bill, () => {
      bill.status = 'open';
      bill.balance = round2(Number(bill.total) - Number(bill.payment_made ?? 0));
      bill.last_modified_time = zohoTime(ctx.now);
    });
    return { status: ctx.op.status, body: { code: 0, message: 'The bill has been marked as open.' } };
  },
});
