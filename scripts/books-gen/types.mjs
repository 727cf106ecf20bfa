// TypeScript interfaces for request bodies and response records. Object types are named after the
// field or key that holds them (`line_items` → `LineItem`) and merged across modules: every field is
// optional, so the union of what the spec shows anywhere is the most useful type for a client.
import { isIdLike, isStringTypedAmount } from './fields.mjs';
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

export class TypeRegistry {
  /** name → field → set of TypeScript types seen for it. */
  types = new Map();
  /** Request interfaces: name → { fields: [name, type, required][] }. */
  requests = new Map();
  visiting = new Set();

  constructor() {
    this.types.set('PageContext', new Map(PAGE_CONTEXT_FIELDS.map(([k, t]) => [k, new Set([t])])));
  }

  /** Registers (merges) the object type `name` from `node`; returns the name. */
  object(doc, name, node) {
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
        return 'unknown[]';
      }
      case 'object':
        return schema.properties ? this.object(doc, this.nestedName(field, owner), schema) : FREE_OBJECT;
      default:
        return 'unknown';
    }
  }

  /** The record type of an operation's response key, or null when it holds no object. */
  response(doc, op) {
    const { key, node } = op.response;
    if (!key || !node) return null;
    let schema = resolve(doc, node);
    if (typeOf(schema) === 'array') schema = resolve(doc, schema.items);
    if (typeOf(schema) !== 'object' || !schema.properties) return null;
    const name = key === 'data' ? `${pascal(singular(op.file.replace(/-/g, '_')))}Data` : typeNameFor(key);
    return this.object(doc, name, schema);
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
  const blocks = [];
  for (const name of [...registry.types.keys()].sort()) {
    const fields = registry.types.get(name);
    const lines = [...fields.keys()].sort().map((f) => `readonly ${propName(f)}?: ${union(fields.get(f))};`);
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
      .map(([f, t, req]) => `${propName(f)}${req ? '' : '?'}: ${t};`);
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
