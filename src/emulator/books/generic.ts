import { belongsTo, parentValues, recordKey, subjectIdIndex } from './collection-ops.js';
import { capitalize, invalidValue, notFound } from './errors.js';
import { pageContext, parseListQuery, runList } from './list-query.js';
import type { ModelContext, ResourceModel } from './models/model.js';
import { project, zohoTime } from './records.js';
import { type BooksContext, type BooksHandler, type BooksReply, storeOf } from './route.js';
import type { Rec } from './state.js';
import type { Collection, Operation, Shape } from './surface-index.js';
import { coerceBody, requireFields } from './validate.js';

type Models = ReadonlyMap<string, ResourceModel>;

const collectionOf = (ctx: BooksContext, index: number): Collection => {
  const c = ctx.core.surface.collections[index];
  if (!c) throw new Error(`operation ${ctx.op.id} has no collection`);
  return c;
};

export const modelCtx = (ctx: BooksContext): ModelContext => ({
  core: ctx.core,
  store: storeOf(ctx),
  now: ctx.now,
  query: ctx.url.searchParams,
});

/** A collection no operation creates in (and no model keeps) answers for any id, like a read-only view. */
const holdsRecords = (c: Collection, models: Models): boolean => c.creatable || models.has(c.store);

const view = (ctx: BooksContext, models: Models, c: Collection, record: Rec, shape: Shape): Rec => {
  const model = models.get(c.store);
  const computed = model?.view ? model.view(modelCtx(ctx), record) : record;
  return project(computed, shape.size ? shape : c.recordShape, true, c.idField);
};

const success = (status: number, message: string, data: Rec = {}): BooksReply => ({
  status,
  body: { code: 0, message, ...data },
});

/** The record an operation's path names, or 404 in the collection's words. */
export const findRecord = (ctx: BooksContext, models: Models, c: Collection): Rec | undefined => {
  const id = ctx.paramValues[subjectIdIndex(c)];
  const record = id === undefined ? undefined : storeOf(ctx).table(c.store).get(id);
  if (record && belongsTo(record, parentValues(c, ctx.paramValues))) return record;
  if (!holdsRecords(c, models)) return undefined;
  throw notFound(c.thing);
};

/** Stand-in for a record of a collection that only answers: its id and the shape's defaults. */
const phantom = (ctx: BooksContext, c: Collection): Rec => ({
  ...parentValues(c, ctx.paramValues),
  [c.idField]: ctx.paramValues[subjectIdIndex(c)] ?? '',
});

const body = (ctx: BooksContext): Rec => coerceBody(ctx.body.json, ctx.op.bodyShape);

/** Creates one record: the model validates and computes, the store numbers and keeps it. */
export const insertRecord = (
  mctx: ModelContext,
  models: Models,
  c: Collection,
  input: Rec,
  parents: Rec,
): Rec => {
  const model = models.get(c.store);
  const id = mctx.core.books.newId();
  const time = zohoTime(mctx.now);
  const record: Rec = {
    ...(model ? {} : input),
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
  mctx.store.table(c.store).set(id, record);
  return record;
};

const answerRecord = (
  ctx: BooksContext,
  models: Models,
  c: Collection,
  record: Rec,
  status: number,
  message: string,
) => {
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
};

const create =
  (models: Models): BooksHandler =>
  (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const input = body(ctx);
    if (!models.has(c.store)) requireFields(input, ctx.op.required);
    const record = insertRecord(modelCtx(ctx), models, c, input, parentValues(c, ctx.paramValues));
    return answerRecord(ctx, models, c, record, ctx.op.status, `The ${c.thing} has been created.`);
  };

const list =
  (models: Models): BooksHandler =>
  (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const model = models.get(c.store);
    const mctx = modelCtx(ctx);
    const fields = new Map([...c.recordShape, ...c.listShape, ...ctx.op.responseShape]);
    const q = parseListQuery(ctx.url.searchParams, fields, {
      status: (r) => String(model?.status ? model.status(mctx, r) : (r.status ?? '')),
      statusGroups: model?.statusGroups,
    });
    const parents = parentValues(c, ctx.paramValues);
    const table = storeOf(ctx).table(c.store).values();
    const rows = c.parents.length ? [...table].filter((r) => belongsTo(r, parents)) : table;
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

const get =
  (models: Models): BooksHandler =>
  (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const record = findRecord(ctx, models, c) ?? phantom(ctx, c);
    return answerRecord(ctx, models, c, record, 200, 'success');
  };

const applyUpdate = (ctx: BooksContext, models: Models, c: Collection, record: Rec, input: Rec): void => {
  const model = models.get(c.store);
  const protectedFields = [c.idField, ...c.parents, 'created_time'];
  for (const f of protectedFields) delete input[f];
  if (model?.update) model.update(modelCtx(ctx), input, record);
  else Object.assign(record, input);
  record.last_modified_time = zohoTime(ctx.now);
};

const update =
  (models: Models): BooksHandler =>
  (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const record = findRecord(ctx, models, c);
    if (!record) return answerRecord(ctx, models, c, { ...phantom(ctx, c), ...body(ctx) }, 200, 'success');
    applyUpdate(ctx, models, c, record, body(ctx));
    return answerRecord(ctx, models, c, record, ctx.op.status, `The ${c.thing} has been updated.`);
  };

const remove =
  (models: Models): BooksHandler =>
  (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const record = findRecord(ctx, models, c);
    if (record) {
      models.get(c.store)?.remove?.(modelCtx(ctx), record);
      storeOf(ctx).table(c.store).delete(String(record[c.idField]));
    }
    return success(ctx.op.status, `The ${c.thing} has been deleted.`);
  };

const header = (ctx: BooksContext, name: string): string | undefined => {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const matchesUnique = (record: Rec, key: string, value: string): boolean => {
  if (record[key] !== undefined) return String(record[key]) === value;
  const custom = record.custom_fields;
  return (
    Array.isArray(custom) &&
    custom.some((f: Rec) => (f.api_name === key || f.label === key) && String(f.value) === value)
  );
};

/** `PUT /<collection>` with X-Unique-Identifier-Key/-Value: update the match, or create with X-Upsert. */
const upsert =
  (models: Models): BooksHandler =>
  (ctx) => {
    const c = collectionOf(ctx, ctx.op.collection);
    const key = header(ctx, 'x-unique-identifier-key');
    const value = header(ctx, 'x-unique-identifier-value');
    if (!key) throw invalidValue('X-Unique-Identifier-Key');
    if (!value) throw invalidValue('X-Unique-Identifier-Value');
    const table = storeOf(ctx).table(c.store);
    const found = [...table.values()].find((r) => matchesUnique(r, key, value));
    if (found) {
      applyUpdate(ctx, models, c, found, body(ctx));
      return answerRecord(ctx, models, c, found, 200, `The ${c.thing} has been updated.`);
    }
    if (header(ctx, 'x-upsert')?.toLowerCase() !== 'true') throw notFound(c.thing);
    const input = body(ctx);
    if (!models.has(c.store)) requireFields(input, ctx.op.required);
    const record = insertRecord(modelCtx(ctx), models, c, input, {});
    return answerRecord(ctx, models, c, record, 201, `The ${c.thing} has been created.`);
  };

/** Statuses a `mark_<thing>_<state>` operation sets on the generic record it names. */
const MARKED: Record<string, Rec> = {
  active: { status: 'active', is_active: true },
  inactive: { status: 'inactive', is_active: false },
  primary: { is_primary: true },
  published: { status: 'published' },
};

const markState = (id: string): string | undefined => /^mark_.+?_(?:as_)?([a-z]+)$/.exec(id)?.[1];

/** Any other operation: checks the record it acts on, applies a status mark, answers its keys. */
const action =
  (models: Models): BooksHandler =>
  (ctx) => {
    const op = ctx.op;
    const subject = op.subject >= 0 ? collectionOf(ctx, op.subject) : undefined;
    const record = subject ? findRecord(ctx, models, subject) : undefined;
    const state = markState(op.id);
    if (record && state) {
      Object.assign(record, MARKED[state] ?? { status: state }, { last_modified_time: zohoTime(ctx.now) });
    }
    const data: Rec = {};
    if (op.key) data[op.key] = actionValue(ctx, models, op, subject, record);
    const message = state && subject ? `The ${subject.thing} has been marked as ${state}.` : 'success';
    return success(op.status, message, data);
  };

const actionValue = (
  ctx: BooksContext,
  models: Models,
  op: Operation,
  subject: Collection | undefined,
  record: Rec | undefined,
): unknown => {
  if (op.kind === 'list') return [];
  if (subject && record && op.key === subject.singular)
    return view(ctx, models, subject, record, op.responseShape);
  return project({}, op.responseShape, true);
};

export const genericHandlers = (models: Models): Record<Operation['role'], BooksHandler> => ({
  create: create(models),
  list: list(models),
  get: get(models),
  update: update(models),
  delete: remove(models),
  upsert: upsert(models),
  action: action(models),
});
