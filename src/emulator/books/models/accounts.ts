import { invalidValue, refuse } from '../errors.js';
import type { Rec } from '../state.js';
import { stringField } from '../validate.js';
import { claimUnique, releaseUnique, STORES } from './common.js';
import type { ModelContext, ResourceModel } from './model.js';

const ACCOUNT_TYPES: readonly string[] = [
  'other_asset',
  'other_current_asset',
  'cash',
  'bank',
  'fixed_asset',
  'stock',
  'payment_clearing',
  'other_current_liability',
  'credit_card',
  'long_term_liability',
  'other_liability',
  'equity',
  'income',
  'other_income',
  'expense',
  'cost_of_goods_sold',
  'other_expense',
  'accounts_receivable',
  'accounts_payable',
];

const NAME_INDEX = 'chartofaccounts.account_name';
function duplicate(name: string) {
  return `Account with the name "${name}" already exists.`;
}

function accountType(value: unknown): string {
  if (typeof value !== 'string' || !ACCOUNT_TYPES.includes(value)) throw invalidValue('account_type');
  return value;
}

export const accountModel: ResourceModel = {
  store: STORES.accounts,
  required: ['account_name', 'account_type'],
  create(ctx, input, record) {
    const name = String(input.account_name).trim();
    claimUnique(ctx, NAME_INDEX, name, String(record.account_id), duplicate);
    Object.assign(record, input, {
      account_name: name,
      account_type: accountType(input.account_type),
      account_code: stringField(input, 'account_code') ?? '',
      description: stringField(input, 'description') ?? '',
      is_active: true,
      is_user_created: true,
      is_system_account: false,
      currency_id: stringField(input, 'currency_id') ?? ctx.store.org.currency_id,
      currency_code: ctx.store.org.currency_code,
    });
  },
  update(ctx, input, record) {
    if (
      record.is_system_account &&
      input.account_type !== undefined &&
      input.account_type !== record.account_type
    ) {
      throw refuse(ctx.core, 'invalidStatus', 'The account type of a system account cannot be changed.');
    }
    if (input.account_type !== undefined) input.account_type = accountType(input.account_type);
    if (input.account_name !== undefined) {
      const name = String(input.account_name).trim();
      if (name === '') throw invalidValue('account_name');
      claimUnique(ctx, NAME_INDEX, name, String(record.account_id), duplicate, String(record.account_name));
      input.account_name = name;
    }
    Object.assign(record, input);
  },
  remove(ctx, record) {
    if (record.is_system_account) throw refuse(ctx.core, 'recordInUse', 'System accounts cannot be deleted.');
    releaseUnique(ctx, NAME_INDEX, record.account_name);
  },
  sample(ctx) {
    return { account_name: `Sample Account ${ctx.store.next('sample.account')}`, account_type: 'expense' };
  },
};

const SYSTEM_ACCOUNTS: readonly [string, string][] = [
  ['Petty Cash', 'cash'],
  ['Undeposited Funds', 'cash'],
  ['Accounts Receivable', 'accounts_receivable'],
  ['Accounts Payable', 'accounts_payable'],
  ['Sales', 'income'],
  ['General Income', 'income'],
  ['Cost of Goods Sold', 'cost_of_goods_sold'],
  ['Office Supplies', 'expense'],
  ['Travel Expense', 'expense'],
  ['Owner\u2019s Equity', 'equity'],
];

/** Every organization starts with Zoho's system accounts, which cannot be deleted. */
export function seedSystemAccounts(ctx: ModelContext, time: string): void {
  const table = ctx.store.table(STORES.accounts);
  for (const [name, type] of SYSTEM_ACCOUNTS) {
    const id = ctx.core.books.newId();
    const record: Rec = {
      account_id: id,
      account_name: name,
      account_code: '',
      account_type: type,
      description: '',
      is_active: true,
      is_user_created: false,
      is_system_account: true,
      currency_id: ctx.store.org.currency_id,
      currency_code: ctx.store.org.currency_code,
      created_time: time,
      last_modified_time: time,
    };
    table.set(id, record);
    ctx.store.index(NAME_INDEX).set(name.toLowerCase(), id);
  }
}

/** An account of `type`, for samples that need one (expenses need an expense and a cash account). */
export function accountOfType(ctx: ModelContext, type: string): Rec {
  for (const r of ctx.store.table(STORES.accounts).values()) if (r.account_type === type) return r;
  throw new Error(`organization has no ${type} account`);
}
