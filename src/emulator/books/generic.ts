import { checkBody } from './body-check.js';
import { belongsTo, parentValues, recordKey, storageKey } from './collection-ops.js';
import { capitalize, invalidValue, notFound, notModelled } from './errors.js';
import { deleteChildren, refuseIfInUse } from './in-use.js';
import { pageContext, parseListQuery, runList } from './list-query.js';
import type { ModelContext, ResourceModel } from './models/model.js';
import { pageLines, renderPdf } from './pdf.js';
import { project, zohoTime } from './records.js';
import { type BooksContext, type BooksHandler, type BooksReply, storeOf } from './route.js';
import type { Rec } from './state.js';
import type { Collection, Operation, Shape } from './surface-index.js';
import { requireFields } from './validate.js';

type Models = ReadonlyMap<string, ResourceModel>;

function collectionOf(ctx: BooksContext, index: number): Collection {
  const c = ctx.core.surface.collections[index];
  if (!c) throw new Error(`operation ${ctx.op.id} has no collection`);
  return c;
}

export function modelCtx(ctx: BooksContext): ModelContext {
  return {
    core: ctx.core,
    store: storeOf(ctx),
    now: ctx.now,
    query: ctx.url.searchParams,
  };
}

function view(ctx: BooksContext, models: Models, c: Collection, record: Rec, shape: Shape): Rec {
  const model = models.get(c.store);
  const computed = model?.view ? model.view(modelCtx(ctx), record) : record;
  return project(computed, shape.size ? shape : c.recordShape, true, c.idField);
}

export function success(status: number, message: string, data: Rec = {}): BooksReply {
  return {
    status,
    body: { code: 0, message, ...data },
  };
}

/**
 * The record an operation's path names. The router has already checked that it exists and belongs to
 * its parents (404 otherwise), so this only hands it over.
 */
function findRecord(ctx: BooksContext, _models: Models, c: Collection): Rec {
  if (!ctx.subject) throw notFound(c.thing);
  return ctx.subject;
}

/**
 * The body checked as Books checks every body: kinds, dates, allowed values and references (code 2),
 * then only the fields the operation takes. Fields Zoho computes or does not know are not stored.
 */
export function checkedBody(ctx: BooksContext, own?: string): Rec {
  const input = checkBody(storeOf(ctx), ctx.core.rules, ctx.body.json, {
    shape: ctx.op.bodyShape,
    ...(own ? { own } : {}),
  });
  const shape = ctx.op.bodyShape;
  // A custom module's fields are the module's own; other bodies keep only the fields the operation takes.
  if (shape.size === 0 || ctx.op.path.startsWith('/{module_name}')) return input;
  return Object.fromEntries(Object.entries(input).filter(([field]) => shape.has(field)));
}

/** The body of an action: checked like any body, with the fields the operation requires. */
export function actionBody(ctx: BooksContext): Rec {
  const body = checkedBody(ctx);
  requireFields(body, ctx.op.required);
  return body;
}

/** Statuses generic records start in, where Zoho's answers show one (OpenAPI create_* examples). */
const INITIAL_STATUS: Readonly<Record<string, Rec>> = {
  projects: { status: 'active' },
  bankaccounts: { is_active: true, status: 'active' },
  locations: { status: 'active' },
  fixedassets: { status: 'draft' },
  recurringexpenses: { status: 'active' },
  banktransactions: { status: 'manually_added' },
  employees: { status: 'active' },
};

/** Creates one record: the model validates and computes, the store numbers and keeps it. */
export function insertRecord(
  mctx: ModelContext,
  models: Models,
  c: Collection,
  input: Rec,
  parents: Rec,
): Rec {
  const model = models.get(c.store);
  const id = mctx.core.books.newId();
  const time = zohoTime(mctx.now);
  const record: Rec = {
    ...(model ? {} : { ...INITIAL_STATUS[c.store], ...input }),
    ...parents,
    [c.idField]: id,
    created_time: time,
    last_modified_time: time,
  };
  if (model) {
    requireFields(input, model.required);
    model.create(mctx, input, record);
    Object.assign(record, parents, { [c.idField]: id });
  }
  mctx.store.table(c.store).set(storageKey(c, record), record);
  return record;
}

export function answerRecord(
  ctx: BooksContext,
  models: Models,
  c: Collection,
  record: Rec,
  status: number,
  message: string,
) {
  const key = recordKey(ctx.op, c);
  const data: Rec = {};
  if (key) {
    const one = view(ctx, models, c, record, ctx.op.responseShape);
    data[key] = ctx.op.kind === 'list' ? [one] : one;
  }
  for (const alias of ctx.aliases) {
    if (alias.key && !(alias.key in data)) data[alias.key] = data[key ?? ''] ?? {};
  }
  return success(status, message, data);
}

function create(models: Models): BooksHandler {
  return (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const input = checkedBody(ctx);
    if (!models.has(c.store)) requireFields(input, ctx.op.required);
    const record = insertRecord(modelCtx(ctx), models, c, input, parentValues(c, ctx.paramValues));
    return answerRecord(ctx, models, c, record, ctx.op.status, `The ${c.thing} has been created.`);
  };
}

function list(models: Models): BooksHandler {
  // The fields a list can filter and sort on, per operation: merged once, not on every request.
  const fieldsOf = new Map<string, Shape>();
  return (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const model = models.get(c.store);
    const mctx = modelCtx(ctx);
    let fields = fieldsOf.get(ctx.op.id);
    if (!fields) {
      fields = new Map([...c.recordShape, ...c.listShape, ...ctx.op.responseShape]);
      fieldsOf.set(ctx.op.id, fields);
    }
    const q = parseListQuery(ctx.url.searchParams, fields, {
      status: (r) => String(model?.status ? model.status(mctx, r) : (r.status ?? '')),
      statusGroups: model?.statusGroups,
      now: ctx.now,
    });
    const parents = parentValues(c, ctx.paramValues);
    const table = storeOf(ctx).table(c.store).values();
    const rows =
      c.parents.length && Object.keys(parents).length
        ? [...table].filter((r) => belongsTo(r, parents))
        : table;
    const result = runList(rows, q);
    const shape = ctx.op.responseShape.size ? ctx.op.responseShape : c.listShape;
    const context = pageContext(q, result, capitalize(ctx.op.key ?? c.thing));
    if (q.responseOption === 2) return success(200, 'success', { page_context: context });
    const items = result.items.map((r) =>
      project(model?.view ? model.view(mctx, r) : r, shape, false, c.idField),
    );
    const data: Rec = { [ctx.op.key ?? c.plural ?? 'records']: items };
    for (const alias of ctx.aliases) if (alias.key && !(alias.key in data)) data[alias.key] = items;
    return success(200, 'success', { ...data, page_context: context });
  };
}

function get(models: Models): BooksHandler {
  return (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    return answerRecord(ctx, models, c, findRecord(ctx, models, c), 200, 'success');
  };
}

function applyUpdate(ctx: BooksContext, models: Models, c: Collection, record: Rec, input: Rec): void {
  const model = models.get(c.store);
  const protectedFields = [c.idField, ...c.parents, 'created_time', 'last_modified_time'];
  for (const f of protectedFields) delete input[f];
  if (model?.update) model.update(modelCtx(ctx), input, record);
  else Object.assign(record, input);
  record.last_modified_time = zohoTime(ctx.now);
}

function update(models: Models): BooksHandler {
  return (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const record = findRecord(ctx, models, c);
    applyUpdate(ctx, models, c, record, checkedBody(ctx, c.idField));
    return answerRecord(ctx, models, c, record, ctx.op.status, `The ${c.thing} has been updated.`);
  };
}

/** Deletes a record: the model refuses or undoes its effects, records in use stay, children go with it. */
export function deleteRecord(ctx: BooksContext, models: Models, c: Collection, record: Rec): void {
  const store = storeOf(ctx);
  models.get(c.store)?.remove?.(modelCtx(ctx), record);
  refuseIfInUse(ctx.core, store, c, record);
  deleteChildren(ctx.core.surface, store, c, record);
  store.table(c.store).delete(storageKey(c, record));
}

function remove(models: Models): BooksHandler {
  return (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    deleteRecord(ctx, models, c, findRecord(ctx, models, c));
    return success(ctx.op.status, `The ${c.thing} has been deleted.`);
  };
}

function header(ctx: BooksContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function matchesUnique(record: Rec, key: string, value: string): boolean {
  if (record[key] !== undefined) return String(record[key]) === value;
  const custom = record.custom_fields;
  return (
    Array.isArray(custom) &&
    custom.some((f: Rec) => (f.api_name === key || f.label === key) && String(f.value) === value)
  );
}

/** `PUT /<collection>` with X-Unique-Identifier-Key/-Value: update the match, or create with X-Upsert. */
function upsert(models: Models): BooksHandler {
  return (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const key = header(ctx, 'x-unique-identifier-key');
    const value = header(ctx, 'x-unique-identifier-value');
    if (!key) throw invalidValue('X-Unique-Identifier-Key');
    if (!value) throw invalidValue('X-Unique-Identifier-Value');
    const table = storeOf(ctx).table(c.store);
    const found = [...table.values()].find((r) => matchesUnique(r, key, value));
    if (found) {
      applyUpdate(ctx, models, c, found, checkedBody(ctx, c.idField));
      return answerRecord(ctx, models, c, found, 200, `The ${c.thing} has been updated.`);
    }
    if (header(ctx, 'x-upsert')?.toLowerCase() !== 'true') throw notFound(c.thing);
    const input = checkedBody(ctx);
    if (!models.has(c.store)) requireFields(input, ctx.op.required);
    const record = insertRecord(modelCtx(ctx), models, c, input, {});
    return answerRecord(ctx, models, c, record, 201, `The ${c.thing} has been created.`);
  };
}

/**
 * `accept=pdf` on any record's GET answers a real PDF of it (application/pdf) instead of JSON, as Books
 * does for documents; `accept=json` (or none) is the JSON answer. Other formats are not modelled.
 */
export function withPdf(handler: BooksHandler): BooksHandler {
  return (ctx) => {
    const accept = ctx.url.searchParams.get('accept');
    if (accept === null || accept === '' || accept === 'json') return handler(ctx);
    if (accept === 'html')
      throw notModelled(ctx.core, ctx.op.id, 'only JSON and PDF answers are produced (accept=json|pdf)');
    if (accept !== 'pdf') throw invalidValue('accept');
    const record = ctx.subject;
    if (!record) throw notFound('record');
    const c = ctx.core.surface.collections[ctx.op.collection];
    const title = (c?.thing ?? 'Record').replace(/\b\w/g, (ch) => ch.toUpperCase());
    return {
      status: 200,
      body: undefined,
      file: { data: renderPdf([pageLines(title, record)]), contentType: 'application/pdf' },
    };
  };
}

/**
 * An action no hand-written handler models: a clear 501 "not modelled" (after the path's records were
 * found), never a success that changed nothing.
 */
function action(ctx: BooksContext): BooksReply {
  throw notModelled(ctx.core, ctx.op.id, 'no behaviour is written for this action');
}

export function genericHandlers(models: Models): Record<Operation['role'], BooksHandler> {
  return {
    create: create(models),
    list: list(models),
    get: get(models),
    update: update(models),
    delete: remove(models),
    upsert: upsert(models),
    action,
  };
}
