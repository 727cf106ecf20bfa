// Field facts from schemas: runtime kinds (for checks) and TypeScript types (for typing), ids as strings.
import { resolve, typeOf } from './load.mjs';
import { looksPlural, singular } from './naming.mjs';

/** Ids overflow JavaScript numbers (REFERENCE §5): anything named like an id or typed int64 is a string. */
export const isIdLike = (name, schema) =>
  /(^|_)id$/.test(name) || schema?.format === 'int64' || (schema?.type === 'integer' && /_ids?$/.test(name));

/**
 * Amounts are numbers on the wire (REFERENCE §5) though the spec types some as strings
 * (`total: {type: string, example: 10000.00}`): an amount-like name whose example is a number wins.
 */
const AMOUNT_NAME =
  /(^|_)(total|balance|amount|rate|price|charge|cost|made|applied|discount|adjustment|percentage)$/;
export const isAmountName = (name) => AMOUNT_NAME.test(name);
export const isStringTypedAmount = (name, schema) =>
  schema?.type === 'string' && isAmountName(name) && typeof schema.example === 'number';

/** The runtime kind a JSON value of this field has: s(tring) n(umber) b(oolean) a(rray) o(bject). */
export const kindOf = (doc, name, node) => {
  const schema = resolve(doc, node);
  if (name === 'page_context') return 'o';
  // Line items are a list on the wire everywhere; one vendor-credit schema types them as an object.
  if (name === 'line_items') return 'a';
  if (isIdLike(name, schema) && typeOf(schema) !== 'array' && typeOf(schema) !== 'object') return 's';
  if (isStringTypedAmount(name, schema)) return 'n';
  switch (typeOf(schema)) {
    case 'string':
      return 's';
    case 'integer':
    case 'number':
      return 'n';
    case 'boolean':
      return 'b';
    case 'array':
      return 'a';
    case 'object':
      return 'o';
    default:
      return undefined;
  }
};

/** Top-level fields of an object schema (or of an array's items): name → kind, spec order kept. */
export const fieldKinds = (doc, node) => {
  let schema = resolve(doc, node);
  if (typeOf(schema) === 'array') schema = resolve(doc, schema.items);
  const out = new Map();
  for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
    const kind = kindOf(doc, name, prop);
    if (kind) out.set(name, kind);
  }
  return out;
};

export const propertiesOf = (doc, node) => {
  let schema = resolve(doc, node);
  if (typeOf(schema) === 'array') schema = resolve(doc, schema.items);
  return schema?.properties ?? {};
};

/**
 * List or single record, by the key as much as by the spec: the spec types some single records as
 * arrays (`salesorder`, `tax`) and one list as an object (`creditnotes`), which the wire contradicts.
 */
/** Keys the spec types as arrays that are lists although they read singular (answers of history and credits). */
const SINGULAR_LISTS = new Set(['email_history', 'unused_credits_receivable']);

export const responseKind = (id, key, specType) => {
  if (specType === 'array' && SINGULAR_LISTS.has(key)) return 'list';
  if (specType === 'array') return looksPlural(key) || id.startsWith('list_') ? 'list' : 'record';
  if (specType === 'object') return looksPlural(key) && id.startsWith('list_') ? 'list' : 'record';
  return looksPlural(key) ? 'list' : 'record';
};

export { singular };
