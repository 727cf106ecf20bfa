// Writes src/books/generated/api.ts: one explicit interface per module (Octokit's method-types, stripe-node's
// per-resource declarations), so an editor shows `markAsSent(invoiceId: string, options?: CallOptions)` and
// go-to-definition lands on a declaration, not on a mapped type over the whole table. The runtime does not
// read this file: methods are built from the operations table, and a type test checks that these
// signatures equal what src/books/method-types.ts derives from the table.
import { camel, pascal } from './naming.mjs';

const WIDTH = 110;
const INDENT = '  ';

const propName = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name.replace(/'/g, "\\'")}'`);
const literal = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Mirrors `takesQuery` in src/books/operation-shape.ts: the argument binding and these signatures agree on it. */
export const takesQuery = (op) => op.query.length > 0 || op.paginated;

/** Mirrors ParamValue in src/books/method-types.ts. */
const paramValue = (p) => {
  if (p.enum) return p.enum.map(literal).join(' | ');
  switch (p.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'readonly (string | number)[]';
    case 'object':
      return 'Record<string, unknown>';
    default:
      return 'string';
  }
};

const queryTypeName = (op) => `${pascal(op.id)}Query`;

/** A member line as biome prints it: on one line when it fits, a long union broken one member per line. */
const member = (name, optional, type, depth) => {
  const head = `${INDENT.repeat(depth)}${propName(name)}${optional ? '?' : ''}:`;
  const line = `${head} ${type};`;
  if (line.length <= WIDTH || !type.includes(' | ')) return [line];
  const parts = type.split(' | ');
  return [
    head,
    ...parts.map((p, i) => `${INDENT.repeat(depth + 1)}| ${p}${i === parts.length - 1 ? ';' : ''}`),
  ];
};

const queryInterface = (op) => {
  const fields = new Map(op.query.map((p) => [p.name, { required: p.required, type: paramValue(p) }]));
  if (op.paginated) {
    for (const name of ['page', 'per_page'])
      if (!fields.has(name)) fields.set(name, { required: false, type: 'number' });
  }
  const lines = [...fields].flatMap(([name, f]) => member(name, !f.required, f.type, 1));
  return [
    `/** Query parameters of \`${op.id}\` (organization_id is added by the client). */`,
    `export interface ${queryTypeName(op)} {`,
    ...lines,
    '}',
  ].join('\n');
};

/** Mirrors ResultOf / ItemOf in src/books/method-types.ts. */
const recordType = (op) => op.responseSchema ?? 'Record<string, unknown>';
const returnType = (op) => {
  if (op.paginated) return `ListCall<${recordType(op)}>`;
  if (!op.response.key) return 'Promise<Acknowledgement>';
  return `Promise<${recordType(op)}${op.response.kind === 'list' ? '[]' : ''}>`;
};

const bodyType = (op) =>
  op.request.body === 'multipart'
    ? 'FormData | Record<string, unknown>'
    : (op.requestSchema ?? 'Record<string, unknown>');

/** Mirrors ArgsOf in src/books/method-types.ts: path parameters, the body, the query, the options. */
const parameters = (op) => {
  const queryRequired = op.query.some((p) => p.required);
  const params = op.pathParams.map((p) => `${camel(p)}: string`);
  if (op.request.body !== 'none') {
    if (op.request.bodyRequired) params.push(`body: ${bodyType(op)}`);
    else if (queryRequired) params.push(`body: ${bodyType(op)} | undefined`);
    else params.push(`body?: ${bodyType(op)}`);
  }
  if (takesQuery(op)) params.push(`query${queryRequired ? '' : '?'}: ${queryTypeName(op)}`);
  params.push('options?: CallOptions');
  const names = params.map((p) => p.split(/\??:/)[0]);
  if (new Set(names).size !== names.length) throw new Error(`${op.id}: parameter names clash: ${names}`);
  return params;
};

const humanize = (id) => {
  const words = id.split('_').filter((w) => w !== '');
  return [words[0][0].toUpperCase() + words[0].slice(1), ...words.slice(1)].join(' ');
};

/** One line from facts only: the operation's id in words, its method and path, the scope it needs. */
const summary = (op) =>
  `${INDENT}/** ${humanize(op.id)}: \`${op.httpMethod} ${op.path}\`, scope ${op.scope}. */`;

const signature = (op) => {
  const params = parameters(op);
  const ret = returnType(op);
  const oneLine = `${INDENT}${op.name}(${params.join(', ')}): ${ret};`;
  if (oneLine.length <= WIDTH) return [oneLine];
  return [`${INDENT}${op.name}(`, ...params.map((p) => `${INDENT.repeat(2)}${p},`), `${INDENT}): ${ret};`];
};

export const apiInterfaceName = (module) => `${module[0].toUpperCase()}${module.slice(1)}Api`;

const moduleInterface = (module, ops) => {
  const lines = ops.flatMap((op) => [summary(op), ...signature(op)]);
  return [
    `/** \`books.${module}\`. */`,
    `export interface ${apiInterfaceName(module)} {`,
    ...lines,
    '}',
  ].join('\n');
};

const distinct = (items) => [...new Set(items)];

/** The module's doc line: how many operations, under which paths, with which scope families. */
const moduleDoc = (ops) => {
  const roots = distinct(ops.map((op) => `/${op.path.split('/')[1]}`)).sort();
  const families = distinct(ops.map((op) => op.scope.split('.')[1])).sort();
  const shown = roots.length > 3 ? [...roots.slice(0, 3), '…'] : roots;
  return `${ops.length} operation${ops.length === 1 ? '' : 's'} under ${shown.join(', ')}; scopes ZohoBooks.${families.length === 1 ? families[0] : `{${families.join(',')}}`}.*`;
};

/**
 * Biome's order of imported names, letter by letter: by letter whatever its case, and an upper-case letter
 * before the same letter in lower case (`AddRetainer…`, `Address`, `AddSalesOrder…`).
 */
const importOrder = (a, b) => {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    const [lx, ly] = [x.toLowerCase(), y.toLowerCase()];
    if (lx !== ly) return lx < ly ? -1 : 1;
    return x === lx ? 1 : -1;
  }
  return a.length - b.length;
};

const importLines = (names, from) => {
  const sorted = [...names].sort(importOrder);
  const one = `import type { ${sorted.join(', ')} } from '${from}';`;
  if (one.length <= WIDTH) return one;
  return [`import type {`, ...sorted.map((n) => `${INDENT}${n},`), `} from '${from}';`].join('\n');
};

/**
 * @param ops operations with responseSchema / requestSchema set
 * @param modules module names, sorted
 * @param typeNames names types.ts defines (query type names must not clash with them)
 */
export const emitApi = (ops, modules, typeNames, header) => {
  const used = new Set();
  for (const op of ops) {
    if (op.responseSchema) used.add(op.responseSchema);
    if (op.request.body === 'json' && op.requestSchema) used.add(op.requestSchema);
  }
  const queries = ops.filter(takesQuery).map((op) => {
    if (typeNames.has(queryTypeName(op))) throw new Error(`${queryTypeName(op)} is also a record type`);
    return queryInterface(op);
  });
  const byModule = modules.map((m) => [m, ops.filter((op) => op.module === m)]);
  const root = byModule.map(([m, list]) => [
    `${INDENT}/** ${moduleDoc(list)} */`,
    `${INDENT}readonly ${propName(m)}: ${apiInterfaceName(m)};`,
  ]);
  return `${header}
${importLines(['CallOptions'], '../arguments.js')}
${importLines(['Acknowledgement'], '../method-types.js')}
${importLines(['ListCall'], '../pagination.js')}
${importLines(used, './types.js')}

/** Every module of the Books API, as properties of the client: \`books.invoices\`, \`books.contacts\`, … */
export interface BooksApi {
${root.flat().join('\n')}
}

${byModule.map(([m, list]) => moduleInterface(m, list)).join('\n\n')}

/** Every operation by its id, as \`books.call(id, …)\` takes it: the same method as \`books.<module>.<name>\`. */
export interface OperationMethods {
${ops.map((op) => `${INDENT}${propName(op.id)}: ${apiInterfaceName(op.module)}['${op.name}'];`).join('\n')}
}

${queries.join('\n\n')}
`;
};
