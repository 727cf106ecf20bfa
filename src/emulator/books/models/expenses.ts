import { invalidValue } from '../errors.js';
import { round2, zohoDate } from '../records.js';
import type { Rec } from '../state.js';
import { dateField, numberField, stringField } from '../validate.js';
import { accountOfType } from './accounts.js';
import { referenced, STORES } from './common.js';
import type { ModelContext, ResourceModel } from './model.js';

/** Amount, tax and total: a tax_id adds its percentage on top, or carves it out when inclusive. */
function recompute(ctx: ModelContext, expense: Rec): void {
  const amount = numberField(expense, 'amount', 'amount');
  if (amount <= 0) throw invalidValue('amount');
  const taxId = stringField(expense, 'tax_id');
  const tax = taxId ? referenced(ctx, STORES.taxes, taxId, 'tax_id') : undefined;
  const pct = tax ? Number(tax.tax_percentage) : 0;
  const inclusive = expense.is_inclusive_tax === true;
  const taxAmount = round2(inclusive ? amount - amount / (1 + pct / 100) : (amount * pct) / 100);
  Object.assign(expense, {
    amount,
    tax_id: taxId ?? '',
    tax_name: tax?.tax_name ?? '',
    tax_percentage: pct,
    tax_amount: taxAmount,
    sub_total: inclusive ? round2(amount - taxAmount) : amount,
    total: inclusive ? amount : round2(amount + taxAmount),
    status: expense.is_billable === true ? 'unbilled' : 'nonbillable',
  });
}

function accounts(ctx: ModelContext, input: Rec, record: Rec): void {
  if (input.account_id !== undefined) {
    const account = referenced(ctx, STORES.accounts, input.account_id, 'account_id');
    record.account_id = account.account_id;
    record.account_name = account.account_name;
  }
  if (input.paid_through_account_id !== undefined && input.paid_through_account_id !== '') {
    const through = referenced(
      ctx,
      STORES.accounts,
      input.paid_through_account_id,
      'paid_through_account_id',
    );
    record.paid_through_account_id = through.account_id;
    record.paid_through_account_name = through.account_name;
  }
  if (input.customer_id !== undefined && input.customer_id !== '') {
    const customer = referenced(ctx, STORES.contacts, input.customer_id, 'customer_id');
    record.customer_id = customer.contact_id;
    record.customer_name = customer.contact_name;
  }
}

export const expenseModel: ResourceModel = {
  store: STORES.expenses,
  required: ['account_id', 'amount'],
  create(ctx, input, record) {
    Object.assign(record, input, {
      date: dateField(input, 'date') ?? zohoDate(ctx.now),
      reference_number: stringField(input, 'reference_number') ?? '',
      description: stringField(input, 'description') ?? '',
      currency_code: ctx.store.org.currency_code,
      is_billable: input.is_billable === true || input.is_billable === 'true',
    });
    accounts(ctx, input, record);
    recompute(ctx, record);
  },
  update(ctx, input, record) {
    for (const computed of ['total', 'sub_total', 'tax_amount', 'status']) delete input[computed];
    const next: Rec = { ...record, ...input };
    if (input.date !== undefined) next.date = dateField(input, 'date');
    accounts(ctx, input, next);
    recompute(ctx, next);
    Object.assign(record, next);
  },
  clone: (_ctx, template, id) => ({ ...template, expense_id: id }),
  sample(ctx) {
    return {
      account_id: accountOfType(ctx, 'expense').account_id,
      paid_through_account_id: accountOfType(ctx, 'cash').account_id,
      amount: 42.5,
    };
  },
};
