import { invalidValue, missingField } from '../errors.js';
import { success } from '../generic.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';
import { isDate } from '../validate.js';
import { listAnswer, queryIds, rowsWhere, subjectOf } from './helpers.js';

/**
 * Lists derived from the ledger: a record's history, a contact's refunds and unused retainer payments,
 * a project's invoices, the expenses a recurring expense made. Each reads what the emulator keeps; an
 * empty answer means there is nothing, not that nothing is modelled.
 */
function history(store: string, parentField: string): BooksHandler {
  return (ctx) => {
    const record = subjectOf(ctx);
    return listAnswer(
      ctx,
      rowsWhere(ctx, `${store}/comments`, (c) => c[parentField] === record[parentField]),
    );
  };
}

/** A list kept on the record itself (mail history). */
function kept(field: string): BooksHandler {
  return (ctx) => {
    const record = subjectOf(ctx);
    return listAnswer(ctx, Array.isArray(record[field]) ? (record[field] as Rec[]) : []);
  };
}

function contactRefunds(ctx: BooksContext): BooksReply {
  const contact = subjectOf(ctx);
  const notes = new Set(
    rowsWhere(ctx, 'creditnotes', (n) => n.customer_id === contact.contact_id).map((n) => n.creditnote_id),
  );
  return listAnswer(
    ctx,
    rowsWhere(ctx, 'creditnotes/refunds', (r) => notes.has(r.creditnote_id)),
  );
}

function unusedRetainerPayments(ctx: BooksContext): BooksReply {
  const contact = subjectOf(ctx);
  const rows = rowsWhere(
    ctx,
    'customerpayments',
    (p) =>
      p.customer_id === contact.contact_id && Boolean(p.retainerinvoice_id) && Number(p.unused_amount) > 0,
  );
  return listAnswer(ctx, rows);
}

function projectInvoices(ctx: BooksContext): BooksReply {
  const projectId = subjectOf(ctx).project_id;
  return listAnswer(
    ctx,
    rowsWhere(
      ctx,
      'invoices',
      (i) =>
        i.project_id === projectId ||
        ((i.line_items as Rec[] | undefined) ?? []).some((l) => l.project_id === projectId),
    ),
  );
}

function childExpenses(ctx: BooksContext): BooksReply {
  const id = subjectOf(ctx).recurring_expense_id;
  return listAnswer(
    ctx,
    rowsWhere(ctx, 'expenses', (e) => e.recurring_expense_id === id),
  );
}

function itemDetails(ctx: BooksContext): BooksReply {
  return listAnswer(ctx, queryIds(ctx, 'item_ids', 'items'));
}

/** `GET /basecurrencyadjustment/accounts`: the accounts a base currency adjustment would revalue. */
function adjustmentAccounts(ctx: BooksContext): BooksReply {
  const q = ctx.url.searchParams;
  const currencyId = q.get('currency_id') ?? '';
  const currency = storeOf(ctx).table('settings/currencies').get(currencyId);
  if (!currency || currency.is_base_currency) throw invalidValue('currency_id');
  const date = q.get('adjustment_date') ?? '';
  if (!isDate(date)) throw invalidValue('adjustment_date');
  const rate = Number(q.get('exchange_rate'));
  if (!Number.isFinite(rate) || rate <= 0) throw invalidValue('exchange_rate');
  if (!q.get('notes')) throw missingField('notes');
  const accounts = [
    ...storeOf(ctx).table('chartofaccounts').values(),
    ...storeOf(ctx).table('bankaccounts').values(),
  ].filter((a) => a.currency_id === currencyId);
  return success(200, 'success', {
    data: {
      adjustment_date: date,
      exchange_rate: rate,
      currency_id: currencyId,
      currency_code: currency.currency_code,
      notes: q.get('notes'),
      accounts: accounts.map((a) => ({
        account_id: a.account_id,
        account_name: a.account_name,
        bcy_balance: 0,
        fcy_balance: 0,
      })),
    },
  });
}

export const listHandlers: Readonly<Record<string, BooksHandler>> = {
  list_contact_comments: history('contacts', 'contact_id'),
  list_expense_comments: history('expenses', 'expense_id'),
  list_recurring_invoice_history: history('recurringinvoices', 'recurring_invoice_id'),
  list_recurring_bill_history: history('recurringbills', 'recurring_bill_id'),
  list_recurring_expense_history: history('recurringexpenses', 'recurring_expense_id'),
  get_credit_note_email_history: kept('email_history'),
  list_contact_refunds: contactRefunds,
  get_unused_retainer_payments: unusedRetainerPayments,
  list_project_invoices: projectInvoices,
  list_child_expenses_of_recurring_expense: childExpenses,
  list_item_details: itemDetails,
  list_base_currency_adjustment_accounts: adjustmentAccounts,
};
