// TypeScript interfaces for request bodies and response records. Object types are named after the
// field or key that holds them (`line_items` → `LineItem`) and merged across modules: every field is
// optional, so the union of what the spec shows anywhere is the most useful type for a client.
import { isAmountName, isIdLike, isStringTypedAmount } from './fields.mjs';
import { resolve, typeOf } from './load.mjs';
import { pascal, singular, typeNameFor } from './naming.mjs';

const PAGE_CONTEXT_FIELDS = [
  ['page', 'number'],
  ['per_page', 'number'],
  ['has_more_page', 'boolean'],
  ['report_name', 'string'],
  ['applied_filter', 'string'],
  ['sort_column', 'string'],
  ['sort_order', 'string'],
  ['search_criteria', '{ [key: string]: unknown }[]'],
  ['total', 'number'],
  ['total_pages', 'number'],
];

const FREE_OBJECT = '{ [key: string]: unknown }';

const UNTYPED = 'unknown';

/**
 * One record spelled two ways by the spec (`chart_of_account` and `chartofaccounts`) must be one type,
 * or `list()` and `get()` disagree: names equal but for case fold onto the most word-split spelling.
 */
export const preferredNames = (names) => {
  const byFolded = new Map();
  for (const name of names) {
    const folded = name.toLowerCase();
    byFolded.set(folded, [...(byFolded.get(folded) ?? []), name]);
  }
  const preferred = new Map();
  for (const [folded, spellings] of byFolded) {
    const capitals = (s) => s.replace(/[^A-Z]/g, '').length;
    const best = [...spellings].sort((a, b) => capitals(b) - capitals(a) || (a < b ? -1 : 1))[0];
    if (spellings.length > 1) preferred.set(folded, best);
  }
  return preferred;
};

export class TypeRegistry {
  /** name → field → set of TypeScript types seen for it. */
  types = new Map();
  /** Request interfaces: name → { fields: [name, type, required][] }. */
  requests = new Map();
  visiting = new Set();
  /** Folded name → the spelling to use (see preferredNames). */
  preferred;
  /** Operation → the record type its collection's records have (see recordNames). */
  recordOf;

  constructor(preferred = new Map(), recordOf = new Map()) {
    this.preferred = preferred;
    this.recordOf = recordOf;
    this.types.set('PageContext', new Map(PAGE_CONTEXT_FIELDS.map(([k, t]) => [k, new Set([t])])));
  }

  name(candidate) {
    return this.preferred.get(candidate.toLowerCase()) ?? candidate;
  }

  /** Registers (merges) the object type `name` from `node`; returns the name. */
  object(doc, candidate, node) {
    const name = this.name(candidate);
    const schema = resolve(doc, node);
    if (!this.types.has(name)) this.types.set(name, new Map());
    if (this.visiting.has(schema)) return name;
    this.visiting.add(schema);
    const fields = this.types.get(name);
    for (const [field, prop] of Object.entries(schema?.properties ?? {})) {
      const t = this.fieldType(doc, field, prop, name);
      if (!fields.has(field)) fields.set(field, new Set());
      fields.get(field).add(t);
    }
    this.visiting.delete(schema);
    return name;
  }

  /** A name for the object held by `field` inside `owner`; `data` is too generic to merge globally. */
  nestedName(field, owner) {
    return field === 'data' ? `${owner}Data` : typeNameFor(field);
  }

  fieldType(doc, field, node, owner) {
    if (field === 'page_context') return 'PageContext';
    const schema = resolve(doc, node);
    const type = typeOf(schema);
    if (isIdLike(field, schema) && type !== 'array' && type !== 'object') return 'string';
    if (isStringTypedAmount(field, schema)) return 'number';
    switch (type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array': {
        const items = resolve(doc, schema.items);
        const itemType = typeOf(items);
        if (itemType === 'object' && items.properties)
          return `${this.object(doc, this.nestedName(field, owner), items)}[]`;
        if (/_ids$/.test(field) || items?.format === 'int64') return 'string[]';
        if (itemType === 'string') return 'string[]';
        if (itemType === 'integer' || itemType === 'number') return 'number[]';
        if (itemType === 'boolean') return 'boolean[]';
        // Objects the spec does not describe are still objects: a list of records, not of anything.
        if (itemType === 'object') return `${FREE_OBJECT}[]`;
        return 'unknown[]';
      }
      case 'object':
        return schema.properties ? this.object(doc, this.nestedName(field, owner), schema) : FREE_OBJECT;
      default:
        return untypedField(field, schema);
    }
  }

  /** The record type of an operation's response key, or null when it holds no object. */
  response(doc, op) {
    const { key, node } = op.response;
    if (!key || !node) return null;
    let schema = resolve(doc, node);
    if (typeOf(schema) === 'array') schema = resolve(doc, schema.items);
    if (typeOf(schema) !== 'object' || !schema.properties) return null;
    return this.object(doc, this.recordOf.get(op) ?? responseName(op), schema);
  }

  /** The request body interface of an operation, or null without a JSON object body. */
  request(doc, op, name) {
    if (op.request.body !== 'json' || !op.request.node) return null;
    const schema = resolve(doc, op.request.node);
    if (!schema?.properties) return null;
    const required = new Set(op.request.required);
    const fields = Object.entries(schema.properties).map(([field, prop]) => [
      field,
      this.fieldType(doc, field, prop, name.replace(/Request$/, '')),
      required.has(field),
    ]);
    this.requests.set(name, fields);
    return name;
  }
}

/**
 * A property the spec gives no type (only a description): its example's type, a number for an amount
 * (REFERENCE §5), else undecided here; emitTypes then takes the type the same field has elsewhere.
 */
const untypedField = (field, schema) => {
  if (isAmountName(field)) return 'number';
  const example = schema?.example;
  if (typeof example === 'string' || typeof example === 'number' || typeof example === 'boolean')
    return typeof example;
  return UNTYPED;
};

/** Field name → the type most typed occurrences of it have (absent on a tie). */
const agreedTypes = (registry) => {
  const counts = new Map();
  const note = (field, type) => {
    if (type === UNTYPED) return;
    const byType = counts.get(field) ?? new Map();
    byType.set(type, (byType.get(type) ?? 0) + 1);
    counts.set(field, byType);
  };
  for (const fields of registry.types.values())
    for (const [field, types] of fields) for (const t of types) note(field, t);
  for (const fields of registry.requests.values()) for (const [field, t] of fields) note(field, t);
  const agreed = new Map();
  for (const [field, byType] of counts) {
    const [first, second] = [...byType].sort((a, b) => b[1] - a[1]);
    if (!second || first[1] > second[1]) agreed.set(field, first[0]);
  }
  return agreed;
};

/** `string | unknown` is `unknown`: an untyped occurrence gives way to a typed one. */
const settle = (field, types, agreed) => {
  if (!types.has(UNTYPED)) return types;
  const typed = [...types].filter((t) => t !== UNTYPED);
  if (typed.length > 0) return new Set(typed);
  return agreed.has(field) ? new Set([agreed.get(field)]) : types;
};

const responseName = (op) =>
  op.response.key === 'data'
    ? `${pascal(singular(op.file.replace(/-/g, '_')))}Data`
    : typeNameFor(op.response.key);

const COLLECTION_ROLES = new Set(['list', 'get', 'create', 'update']);

/**
 * The records of one collection have one type within a module, the one its list names, whatever key
 * the other operations answer under (`payment` beside `customerpayments`, the spec's `fissed-asset`):
 * else `list()` and `get()` of one resource would disagree. Needs buildCollections' roles.
 */
export const recordNames = (ops, preferred) => {
  const groups = new Map();
  for (const op of ops) {
    if (!COLLECTION_ROLES.has(op.role) || op.collection < 0 || !op.response.key) continue;
    const key = `${op.module} ${op.collection}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  const names = new Map();
  for (const group of groups.values()) {
    const list = group.find((op) => op.role === 'list' && op.responseSchema);
    if (!list) continue;
    const name = preferred.get(list.responseSchema.toLowerCase()) ?? list.responseSchema;
    for (const op of group) if (op.responseSchema) names.set(op, name);
  }
  return names;
};

const propName = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);

const union = (set) => {
  const parts = [...set].sort();
  return parts.length === 1
    ? parts[0]
    : parts.map((p) => (p.endsWith('[]') && p.includes(' ') ? `(${p})` : p)).join(' | ');
};

const body = (entries) => entries.map((line) => `  ${line}`).join('\n');

export const emitTypes = (registry, header) => {
  const names = new Set([...registry.types.keys()]);
  for (const name of registry.requests.keys()) {
    if (names.has(name)) throw new Error(`type name ${name} used for a record and a request`);
  }
  const agreed = agreedTypes(registry);
  const blocks = [];
  for (const name of [...registry.types.keys()].sort()) {
    const fields = registry.types.get(name);
    const lines = [...fields.keys()]
      .sort()
      .map((f) => `readonly ${propName(f)}?: ${union(settle(f, fields.get(f), agreed))};`);
    blocks.push(
      lines.length ? `export interface ${name} {\n${body(lines)}\n}` : `export interface ${name} {}`,
    );
  }
  // Identical request bodies (create and update often share one) are written once and aliased.
  const seen = new Map();
  for (const name of [...registry.requests.keys()].sort()) {
    const fields = registry.requests.get(name);
    const lines = [...fields]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([f, t, req]) => `${propName(f)}${req ? '' : '?'}: ${union(settle(f, new Set([t]), agreed))};`);
    const text = lines.join('\n');
    if (seen.has(text)) {
      blocks.push(`export type ${name} = ${seen.get(text)};`);
      continue;
    }
    seen.set(text, name);
    blocks.push(
      lines.length ? `export interface ${name} {\n${body(lines)}\n}` : `export interface ${name} {}`,
    );
  }
  // Schema name → type, so a client can type an operation from the table's responseSchema/requestSchema.
  const all = [...registry.types.keys(), ...registry.requests.keys()].sort();
  blocks.push(
    `/** Every generated type by name, as the operations table refers to them. */\nexport interface SchemaTypes {\n${body(all.map((n) => `${n}: ${n};`))}\n}`,
  );
  return `${header}\n${blocks.join('\n\n')}\n`;
};
