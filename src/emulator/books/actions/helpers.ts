import { invalidValue, missingField, notFound } from '../errors.js';
import { success } from '../generic.js';
import { pageContext, parseListQuery, runList } from '../list-query.js';
import { project } from '../records.js';
import type { BooksContext, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';

/** The record the path names (the router checked it exists). */
export function subjectOf(ctx: BooksContext): Rec {
  if (!ctx.subject) throw notFound('record');
  return ctx.subject;
}

/** A success answer with the operation's status code. */
export function done(ctx: BooksContext, message: string, data: Rec = {}): BooksReply {
  return success(ctx.op.status, message, data);
}

/** A record answered under the operation's key, shaped like its published fields. */
export function recordAnswer(ctx: BooksContext, message: string, record: Rec): BooksReply {
  return done(ctx, message, ctx.op.key ? { [ctx.op.key]: project(record, ctx.op.responseShape, true) } : {});
}

/** Rows answered as a paginated list under the operation's key, with Zoho's page_context. */
export function listAnswer(ctx: BooksContext, rows: Iterable<Rec>): BooksReply {
  const shape = ctx.op.responseShape;
  const q = parseListQuery(ctx.url.searchParams, shape, {
    status: (r) => String(r.status ?? ''),
    now: ctx.now,
  });
  const result = runList(rows, q);
  const items = result.items.map((r) => project(r, shape, false));
  // Every list answers its page_context, nested ones too (Zoho's sub-lists page like the others).
  return success(200, 'success', {
    [ctx.op.key ?? 'records']: items,
    page_context: pageContext(q, result, ctx.op.key ?? 'records'),
  });
}

/** Ids given as a comma-separated query parameter (`invoice_ids=1,2`), each of which must exist. */
export function queryIds(ctx: BooksContext, name: string, store: string): Rec[] {
  const raw = ctx.url.searchParams.get(name);
  if (!raw) throw missingField(name);
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw invalidValue(name);
  const table = storeOf(ctx).table(store);
  return ids.map((id) => {
    const record = table.get(id);
    if (!record) throw invalidValue(name);
    return record;
  });
}

/** Records of a store whose field equals a value (a contact's refunds, a project's invoices). */
export function rowsWhere(ctx: BooksContext, store: string, pick: (r: Rec) => boolean): Rec[] {
  const out: Rec[] = [];
  for (const r of storeOf(ctx).table(store).values()) if (pick(r)) out.push(r);
  return out;
}

/** The collection of a store (its id field, shapes and parents). */
export function collectionOf(ctx: BooksContext, store: string) {
  const c = ctx.core.surface.findCollection(store);
  if (!c) throw new Error(`no collection ${store}`);
  return c;
}
