// Builds the operation model from the parsed files: one entry per operation, facts only.
import { fieldKinds, isIdLike, responseKind } from './fields.mjs';
import { HTTP_METHODS, resolve, typeOf } from './load.mjs';
import { camel, claimRank, moduleNouns, shortName } from './naming.mjs';

/** Map.groupBy arrived in Node 21; Node 20 is our floor. */
const groupBy = (items, keyOf) => {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
};

const ENVELOPE = new Set(['code', 'message']);
const SCOPE_OP = { get: 'READ', post: 'CREATE', put: 'UPDATE', delete: 'DELETE', patch: 'UPDATE' };

const paramType = (name, schema) => {
  if (isIdLike(name, schema)) return 'string';
  const t = typeOf(schema);
  return ['string', 'integer', 'number', 'boolean', 'array', 'object'].includes(t) ? t : 'string';
};

/** Operation-level parameters override path-level ones with the same name and location. */
const parametersOf = (doc, pathItem, op) => {
  const byKey = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = resolve(doc, raw);
    byKey.set(`${p.in}:${p.name}`, p);
  }
  return [...byKey.values()];
};

/** The data key of a success body: one key, or the record among a few, or a flattened record. */
const responseOf = (doc, op, id) => {
  const [status, response] = Object.entries(op.responses ?? {}).find(([code]) => code.startsWith('2')) ?? [];
  const schema = resolve(doc, response?.content?.['application/json']?.schema);
  const props = Object.entries(schema?.properties ?? {}).filter(([k]) => !ENVELOPE.has(k));
  const hasPageContext = props.some(([k]) => k === 'page_context');
  const data = props.filter(([k]) => k !== 'page_context');
  const base = { status: Number(status ?? 200), hasPageContext, key: null, kind: null, fields: new Map() };
  if (data.length === 0) return base;
  // More than a few top-level keys means the record's fields were inlined into the envelope; the
  // key is decided later from the sibling operations of the same resource.
  if (data.length > 3) {
    const fields = new Map();
    for (const [k, v] of data) {
      const kind = fieldKinds(doc, { type: 'object', properties: { [k]: v } }).get(k);
      if (kind) fields.set(k, kind);
    }
    return {
      ...base,
      flattened: true,
      kind: 'record',
      fields,
      node: { type: 'object', properties: Object.fromEntries(data) },
    };
  }
  const pick =
    data.length === 1
      ? data[0]
      : (data.find(([, v]) => {
          const r = resolve(doc, v);
          const item = typeOf(r) === 'array' ? resolve(doc, r.items) : r;
          return typeOf(item) === 'object';
        }) ?? data[0]);
  const [key, node] = pick;
  const specType = typeOf(resolve(doc, node));
  return { ...base, key, kind: responseKind(id, key, specType), fields: fieldKinds(doc, node), node };
};

const requestOf = (doc, op, binaryParams) => {
  const content = op.requestBody?.content ?? {};
  const jsonNode = content['application/json']?.schema;
  // An upload typed as a "JSON" body (`attachment: {format: binary}`, add_retainer_invoice_attachment) can
  // only travel as multipart, like every other attachment operation's.
  const upload = resolve(doc, jsonNode)?.properties?.attachment;
  const fileInJson = upload !== undefined && resolve(doc, upload)?.format === 'binary';
  if (jsonNode && !fileInJson) {
    const schema = resolve(doc, jsonNode);
    // Some schemas list nested fields (a line item's) as required at the top level: keep real ones.
    const props = schema?.properties ?? {};
    const required = Array.isArray(schema?.required)
      ? schema.required.filter((r) => Object.hasOwn(props, r))
      : [];
    return {
      body: 'json',
      bodyRequired: op.requestBody?.required === true || required.length > 0,
      node: jsonNode,
      required,
      fields: fieldKinds(doc, jsonNode),
    };
  }
  // Files travel as multipart; the spec lists them as `format: binary` query parameters.
  if (content['multipart/form-data'] || binaryParams.length > 0 || fileInJson) {
    return {
      body: 'multipart',
      bodyRequired: op.requestBody?.required === true,
      node: null,
      required: [],
      fields: new Map(),
    };
  }
  return { body: 'none', bodyRequired: false, node: null, required: [], fields: new Map() };
};

const scopeOf = (op) => op.security?.[0]?.Zoho_Auth?.[0];

/** Operations lacking an id get `<method>_<static segments>`; duplicates get `_by_<last parameter>`. */
const assignIds = (ops) => {
  for (const op of ops) {
    if (!op.rawId) {
      const statics = op.path.split('/').filter((s) => s && !s.startsWith('{'));
      op.id = [op.httpMethod.toLowerCase(), ...statics]
        .join('_')
        .replace(/[^a-z0-9_]/gi, '_')
        .toLowerCase();
    } else op.id = op.rawId;
  }
  const byId = groupBy(ops, (op) => op.id);
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => a.pathParams.length - b.pathParams.length || a.order - b.order);
    for (const op of sorted.slice(1)) {
      const last = op.pathParams.at(-1) ?? String(op.order);
      op.id = `${op.id}_by_${last.replace(/_id$/, '')}`;
    }
  }
  const seen = new Set();
  for (const op of ops) {
    if (seen.has(op.id)) throw new Error(`operation id ${op.id} is still not unique`);
    seen.add(op.id);
  }
};

const assignNames = (ops) => {
  for (const group of groupBy(ops, (op) => op.module).values()) {
    const nouns = moduleNouns(group[0].file);
    const claims = groupBy(group, (op) => shortName(op.id, nouns));
    for (const [name, claimants] of claims) {
      const ranked = [...claimants].sort((a, b) => {
        const ra = claimRank(a, name);
        const rb = claimRank(b, name);
        for (let i = 0; i < ra.length; i += 1) if (ra[i] !== rb[i]) return ra[i] - rb[i];
        return 0;
      });
      ranked[0].name = name;
      for (const op of ranked.slice(1)) op.name = camel(op.id);
    }
    const names = new Set();
    for (const op of group) {
      if (names.has(op.name)) throw new Error(`method name ${op.module}.${op.name} is not unique`);
      names.add(op.name);
    }
  }
};

/** A scope missing from the spec is inferred from the file's other operations with the same verb. */
const fillScopes = (ops) => {
  for (const op of ops) {
    if (op.scope) continue;
    const family = ops
      .filter((o) => o.file === op.file && o.scope)
      .map((o) => o.scope.split('.')[1])
      .sort()
      .reduce((acc, f, _i, all) =>
        all.filter((x) => x === f).length > all.filter((x) => x === acc).length ? f : acc,
      );
    op.scope = `ZohoBooks.${family}.${SCOPE_OP[op.httpMethod.toLowerCase()]}`;
    op.scopeInferred = true;
  }
};

/**
 * Query parameters the OpenAPI files leave out although Zoho's documentation (and the emulator, see
 * src/emulator/books/actions/bulk.ts) requires them: without them the generated methods could not name the
 * records a bulk operation acts on. Listed here, and only here, each with its source.
 */
const MISSING_QUERY = {
  // Zoho Books API docs, sales orders: "Bulk export sales orders as PDF" / "Bulk print sales orders".
  bulk_export_sales_orders_as_pdf: [{ name: 'salesorder_ids', type: 'string', required: true }],
  bulk_print_sales_orders: [{ name: 'salesorder_ids', type: 'string', required: true }],
  // Zoho Books API docs, time entries: "Delete time entries".
  delete_time_entries: [{ name: 'time_entry_ids', type: 'string', required: true }],
};

const addMissingQuery = (ops) => {
  for (const op of ops) {
    for (const param of MISSING_QUERY[op.id] ?? []) {
      if (op.query.some((q) => q.name === param.name)) {
        throw new Error(`${op.id} now declares ${param.name}: drop it from MISSING_QUERY`);
      }
      op.query.push({ ...param });
    }
  }
};

export const buildOperations = (specs) => {
  const ops = [];
  for (const { file, doc } of specs) {
    for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const op = pathItem[method];
        if (!op) continue;
        const params = parametersOf(doc, pathItem, op);
        const binary = params.filter((p) => p.in === 'query' && p.schema?.format === 'binary');
        const query = params
          .filter((p) => p.in === 'query' && p.name !== 'organization_id' && p.schema?.format !== 'binary')
          .map((p) => ({
            name: p.name,
            type: paramType(p.name, p.schema),
            required: p.required === true,
            ...(Array.isArray(p.schema?.enum) ? { enum: p.schema.enum.map(String) } : {}),
          }));
        const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        const response = responseOf(doc, op, op.operationId ?? '');
        ops.push({
          order: ops.length,
          file,
          doc,
          module: camel(file),
          rawId: op.operationId,
          httpMethod: method.toUpperCase(),
          path,
          pathParams,
          query,
          orgRequired: params.some((p) => p.in === 'query' && p.name === 'organization_id' && p.required),
          request: requestOf(doc, op, binary),
          response,
          scope: scopeOf(op),
          paginated:
            response.kind === 'list' && (response.hasPageContext || query.some((q) => q.name === 'page')),
        });
      }
    }
  }
  assignIds(ops);
  assignNames(ops);
  fillScopes(ops);
  addMissingQuery(ops);
  return ops;
};
