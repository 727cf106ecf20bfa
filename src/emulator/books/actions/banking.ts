// Bank statements: imported lines become transactions; the last import can be read and undone.
import { invalidValue, missingField, notFound } from '../errors.js';
import { actionBody } from '../generic.js';
import { zohoTime } from '../records.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';
import { isDate } from '../validate.js';
import { done, recordAnswer, rowsWhere, subjectOf } from './helpers.js';

/** `POST /bankstatements`: a statement's lines become uncategorized transactions of the account. */
function importStatement(ctx: BooksContext): BooksReply {
  const body = actionBody(ctx);
  const accountId = String(body.account_id);
  const account =
    storeOf(ctx).table('bankaccounts').get(accountId) ?? storeOf(ctx).table('chartofaccounts').get(accountId);
  if (!account) throw invalidValue('account_id');
  const lines = Array.isArray(body.transactions) ? (body.transactions as Rec[]) : [];
  if (lines.length === 0) throw missingField('transactions');
  const time = zohoTime(ctx.now);
  const statementId = ctx.core.books.newId();
  const ids = lines
    .map((line, i) => {
      const where = (f: string) => `transactions[${i}].${f}`;
      if (!isDate(String(line.date ?? ''))) throw invalidValue(where('date'));
      if (line.debit_or_credit !== 'debit' && line.debit_or_credit !== 'credit')
        throw invalidValue(where('debit_or_credit'));
      const amount = Number(line.amount);
      if (!Number.isFinite(amount) || amount <= 0) throw invalidValue(where('amount'));
      return { line, amount };
    })
    .map(({ line, amount }) => {
      const id = ctx.core.books.newId();
      storeOf(ctx)
        .table('banktransactions')
        .set(id, {
          bank_transaction_id: id,
          transaction_id: id,
          account_id: accountId,
          account_name: account.account_name,
          date: line.date,
          amount,
          debit_or_credit: line.debit_or_credit,
          transaction_type: line.debit_or_credit === 'credit' ? 'deposit' : 'expense',
          payee: line.payee ?? '',
          description: line.description ?? '',
          reference_number: line.reference_number ?? '',
          status: 'uncategorized',
          source: 'statement',
          statement_id: statementId,
          created_time: time,
          last_modified_time: time,
        });
      return id;
    });
  const dates = lines.map((l) => String(l.date)).sort();
  storeOf(ctx)
    .table('bankaccounts/statement')
    .set(statementId, {
      statement_id: statementId,
      account_id: accountId,
      from_date: body.start_date ?? dates[0],
      to_date: body.end_date ?? dates.at(-1),
      source: 'csv',
      transaction_ids: ids,
      created_time: time,
      last_modified_time: time,
    });
  return done(ctx, 'Your bank statement has been imported.');
}

function lastStatement(ctx: BooksContext): BooksReply {
  const account = subjectOf(ctx);
  const statements = rowsWhere(ctx, 'bankaccounts/statement', (s) => s.account_id === account.account_id);
  const last = statements.at(-1);
  if (!last) throw notFound('bank statement');
  const transactions = ((last.transaction_ids as string[]) ?? [])
    .map((id) => storeOf(ctx).table('banktransactions').get(id))
    .filter((t): t is Rec => t !== undefined);
  return recordAnswer(ctx, 'success', { ...last, transactions });
}

export const bankingHandlers: Readonly<Record<string, BooksHandler>> = {
  import_bank_statements: importStatement,
  get_last_imported_bank_statement: lastStatement,
};
