// Organization-wide settings with operations of their own: opening balances, locations.
import { invalidValue, notFound, refuse } from '../errors.js';
import { actionBody } from '../generic.js';
import { zohoTime } from '../records.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';
import { done, recordAnswer } from './helpers.js';

const OPENING = 'settings/openingbalances';

function openingBalance(ctx: BooksContext): Rec | undefined {
  return storeOf(ctx).table(OPENING).values().next().value;
}

function writeOpening(ctx: BooksContext, record: Rec, body: Rec): void {
  const accounts = Array.isArray(body.accounts) ? (body.accounts as Rec[]) : [];
  let debits = 0;
  accounts.forEach((a, i) => {
    if (a.debit_or_credit !== 'debit' && a.debit_or_credit !== 'credit')
      throw invalidValue(`accounts[${i}].debit_or_credit`);
    const amount = Number(a.amount ?? 0);
    if (!Number.isFinite(amount) || amount < 0) throw invalidValue(`accounts[${i}].amount`);
    if (a.debit_or_credit === 'debit') debits += amount;
  });
  Object.assign(record, {
    date: body.date ?? record.date,
    accounts,
    total: debits,
    price_precision: storeOf(ctx).org.price_precision,
  });
}

function getOpeningBalance(ctx: BooksContext): BooksReply {
  const record = openingBalance(ctx);
  if (!record) throw notFound('opening balance');
  return recordAnswer(ctx, 'success', record);
}

function createOpeningBalance(ctx: BooksContext): BooksReply {
  if (openingBalance(ctx))
    throw refuse(
      ctx.core,
      'invalidStatus',
      'Opening balances have already been entered. Update them instead.',
    );
  const body = actionBody(ctx);
  const id = ctx.core.books.newId();
  const record: Rec = { opening_balance_id: id, created_time: zohoTime(ctx.now) };
  writeOpening(ctx, record, body);
  storeOf(ctx).table(OPENING).set(id, record);
  return recordAnswer(ctx, 'Opening balance has been created.', record);
}

function updateOpeningBalance(ctx: BooksContext): BooksReply {
  const record = openingBalance(ctx);
  if (!record) throw notFound('opening balance');
  const body = actionBody(ctx);
  writeOpening(ctx, record, { ...record, ...body });
  return recordAnswer(ctx, 'Opening balance has been updated.', record);
}

function deleteOpeningBalance(ctx: BooksContext): BooksReply {
  const record = openingBalance(ctx);
  if (!record) throw notFound('opening balance');
  storeOf(ctx).table(OPENING).delete(String(record.opening_balance_id));
  return done(ctx, 'Opening balance has been deleted.');
}

function enableLocations(ctx: BooksContext): BooksReply {
  storeOf(ctx).table('settings').set('locations', { enabled: true });
  return done(ctx, 'Locations have been enabled.');
}

export const settingsHandlers: Readonly<Record<string, BooksHandler>> = {
  get_opening_balance: getOpeningBalance,
  create_opening_balance: createOpeningBalance,
  update_opening_balance: updateOpeningBalance,
  delete_opening_balance: deleteOpeningBalance,
  enable_locations: enableLocations,
};
