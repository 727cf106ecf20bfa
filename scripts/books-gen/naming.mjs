// Naming rules shared by every emitted file: module names, method names, type names.

export const camel = (snakeOrKebab) =>
  snakeOrKebab
    .split(/[-_\s]+/)
    .filter((w) => w !== '')
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase()))
    .join('');

export const pascal = (s) => {
  const c = camel(s);
  return c === '' ? c : c[0].toUpperCase() + c.slice(1);
};

/** English enough for Zoho's nouns: entries→entry, taxes→tax, addresses→address, invoices→invoice. */
export const singular = (word) => {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|x|ch|sh)es$/.test(word)) return word.replace(/es$/, '');
  if (/[^su]s$/.test(word)) return word.slice(0, -1);
  return word;
};

export const plural = (word) => {
  if (/[^aeiou]y$/.test(word)) return word.replace(/y$/, 'ies');
  if (/(s|x|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
};

/** A key such as `invoices` or `comments` (a list), as opposed to `invoice`, `address`, `status`, `data`. */
export const looksPlural = (key) => /[^su]s$/.test(key) || /ies$/.test(key);

/** Nouns that name a module's records in its operation ids, when the file name does not. */
const MODULE_NOUN_ALIASES = {
  'bank-rules': ['bank_account_rule'],
  'custom-modules': ['custom_module'],
  'time-entries': ['time_entry'],
};

export const moduleNouns = (file) => {
  const base = file.replace(/-/g, '_');
  const words = new Set([base, singular(base), plural(singular(base)), ...(MODULE_NOUN_ALIASES[file] ?? [])]);
  for (const alias of MODULE_NOUN_ALIASES[file] ?? []) words.add(plural(alias));
  // Longest first, so `customer_payment` is removed before a shorter noun could match inside it.
  return [...words].map((w) => w.split('_')).sort((a, b) => b.length - a.length);
};

const PREPOSITIONS = new Set(['of', 'for', 'in', 'from', 'to', 'on', 'with', 'a', 'an', 'the']);

/**
 * The short method name: the id without the module's noun (singular or plural), camelCased.
 * `mark_invoice_sent` → `markAsSent`; a dangling preposition left by the removal is dropped
 * (`list_invoices_of_credit_note` in credit notes → `listInvoices`).
 */
export const shortName = (id, nouns) => {
  const tokens = id.split('_');
  for (const noun of nouns) {
    const at = tokens.findIndex((_, i) => noun.every((w, j) => tokens[i + j] === w));
    if (at < 0) continue;
    const rest = [...tokens.slice(0, at), ...tokens.slice(at + noun.length)];
    while (rest.length > 1 && PREPOSITIONS.has(rest[rest.length - 1])) rest.pop();
    if (rest.length === 0) break;
    if (rest[0] === 'mark' && rest.length > 1 && rest[1] !== 'as') rest.splice(1, 0, 'as');
    return camel(rest.join('_'));
  }
  return camel(id);
};

const CRUD_EXPECTS_ID = { get: true, update: true, delete: true, list: false, create: false };

/**
 * Who keeps a contested short name: for a CRUD verb, the operation whose path has the conventional
 * shape (`list`/`create` on a collection, `get`/`update`/`delete` on one record), shallowest first;
 * otherwise the shorter id; then file order. The others fall back to the camelCase of their full id.
 */
export const claimRank = (op, name) => {
  const endsWithParam = op.path.endsWith('}');
  const expects = CRUD_EXPECTS_ID[name];
  const conventional = expects === undefined ? 0 : expects === endsWithParam ? 0 : 1;
  return [conventional, expects === undefined ? 0 : op.path.split('/').length, op.id.length, op.order];
};

const GLOBALS = new Set([
  'Array',
  'Boolean',
  'Date',
  'Error',
  'Function',
  'Map',
  'Number',
  'Object',
  'Omit',
  'Partial',
  'Pick',
  'Promise',
  'Readonly',
  'Record',
  'Required',
  'Set',
  'String',
  'Symbol',
]);

/** A TypeScript-safe interface name for a field or key: `line_items` → `LineItem`. */
export const typeNameFor = (key) => {
  const name = pascal(singular(key));
  return GLOBALS.has(name) ? `${name}Info` : name;
};
