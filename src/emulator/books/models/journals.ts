import { roundTo } from '../documents/compute.js';
import { decimalsOf } from '../documents/status.js';
import { invalidValue, missingField, refuse } from '../errors.js';
import { addHistory } from '../history.js';
import { isPlainObject, zohoDate } from '../records.js';
import type { Rec } from '../state.js';
import { dateField, numberField, stringField } from '../validate.js';
import { accountOfType } from './accounts.js';
import type { ModelContext, ResourceModel } from './model.js';

const STATUSES = ['draft', 'published'];

/**
 * Manual journals: lines of debits and credits on accounts, which must balance (the sum of debits equals
 * the sum of credits; code [open], `unbalancedJournal`). Numbered from 1; draft until published.
 */
function lines(ctx: ModelContext, journal: Rec): void {
  const raw = journal.line_items;
  if (!Array.isArray(raw) || raw.length === 0) throw missingField('line_items');
  const decimals = decimalsOf(ctx);
  let debits = 0;
  let credits = 0;
  journal.line_items = raw.map((entry, i) => {
    const where = (f: string) => `line_items[${i}].${f}`;
    if (!isPlainObject(entry)) throw invalidValue('line_items');
    const accountId = stringField(entry, 'account_id');
    if (!accountId) throw missingField(where('account_id'));
    const account =
      ctx.store.table('chartofaccounts').get(accountId) ?? ctx.store.table('bankaccounts').get(accountId);
    if (!account) throw invalidValue(where('account_id'));
    const side = stringField(entry, 'debit_or_credit');
    if (side !== 'debit' && side !== 'credit') throw invalidValue(where('debit_or_credit'));
    const amount = numberField(entry, 'amount', where('amount'));
    if (amount <= 0) throw invalidValue(where('amount'));
    if (side === 'debit') debits += amount;
    else credits += amount;
    return {
      ...entry,
      line_id: stringField(entry, 'line_id') ?? ctx.core.books.newId(),
      account_id: accountId,
      account_name: account.account_name,
      debit_or_credit: side,
      amount: roundTo(amount, decimals),
    };
  });
  if (roundTo(debits, decimals) !== roundTo(credits, decimals)) {
    throw refuse(
      ctx.core,
      'unbalancedJournal',
      `The journal does not balance: debits total ${roundTo(debits, decimals)} and credits total ${roundTo(credits, decimals)}.`,
    );
  }
  journal.total = roundTo(debits, decimals);
  journal.line_item_total = journal.total;
  journal.bcy_total = journal.total;
}

export const journalModel: ResourceModel = {
  store: 'journals',
  required: ['journal_date', 'line_items'],
  create(ctx, input, record) {
    const status = stringField(input, 'status') ?? 'draft';
    if (!STATUSES.includes(status)) throw invalidValue('status');
    Object.assign(record, input, {
      journal_date: dateField(input, 'journal_date') ?? zohoDate(ctx.now),
      entry_number: String(ctx.store.next('journal')),
      reference_number: stringField(input, 'reference_number') ?? '',
      notes: stringField(input, 'notes') ?? '',
      journal_type: stringField(input, 'journal_type') ?? 'both',
      currency_id: stringField(input, 'currency_id') ?? ctx.store.org.currency_id,
      currency_code: ctx.store.org.currency_code,
      currency_symbol: ctx.store.org.currency_symbol,
      exchange_rate: 1,
      price_precision: decimalsOf(ctx),
      status,
    });
    lines(ctx, record);
    addHistory(ctx, 'journals', 'journal_id', record.journal_id, 'Journal created.');
  },
  update(ctx, input, record) {
    for (const computed of ['entry_number', 'total', 'line_item_total', 'bcy_total']) delete input[computed];
    if (input.status !== undefined && !STATUSES.includes(String(input.status))) throw invalidValue('status');
    const next: Rec = { ...record, ...input };
    if (input.journal_date !== undefined) next.journal_date = dateField(input, 'journal_date');
    lines(ctx, next);
    Object.assign(record, next);
  },
  clone(ctx, template, id) {
    return { ...template, journal_id: id, entry_number: String(ctx.store.next('journal')) };
  },
  sample(ctx) {
    const expense = accountOfType(ctx, 'expense').account_id;
    const cash = accountOfType(ctx, 'cash').account_id;
    return {
      journal_date: zohoDate(ctx.now),
      notes: 'Sample journal',
      line_items: [
        { account_id: expense, debit_or_credit: 'debit', amount: 100 },
        { account_id: cash, debit_or_credit: 'credit', amount: 100 },
      ],
    };
  },
};
