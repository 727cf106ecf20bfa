// Groups operations into record collections for the emulator: which path holds records, which
// operation creates, lists, gets, updates or deletes them, and which only acts on one.

/**
 * A first path segment spelled differently by different operations of one resource
 * (`/bill/{id}/customfields` and `/bills/{id}`, `/recurring_bills/{id}` and `/recurringbills`)
 * is the same collection: underscores dropped, singular folded onto an existing plural.
 */
const canonicalFirstSegments = (ops) => {
  const firsts = new Set(ops.map((op) => op.path.split('/')[1].replace(/_/g, '').toLowerCase()));
  return (segment) => {
    const s = segment.replace(/_/g, '').toLowerCase();
    return !s.startsWith('{') && firsts.has(`${s}s`) ? `${s}s` : s;
  };
};

export const canonicalPath = (op, firstSegment) =>
  op.path
    .split('/')
    .map((seg, i) => (seg.startsWith('{') ? '{}' : i === 1 ? firstSegment(seg) : seg.toLowerCase()))
    .join('/');

const ownership = (op) => (op.file.replace(/-/g, '') === op.canonical.split('/')[1] ? 0 : 1);

const parentOf = (canonical) => canonical.slice(0, canonical.lastIndexOf('/'));

/** Human noun for messages: `delete_sales_order` → `sales order`. */
const thingFrom = (id, verbs) => {
  const m = new RegExp(`^(?:${verbs.join('|')})_(.+)$`).exec(id);
  return m ? m[1].replace(/_/g, ' ') : undefined;
};

/**
 * A record inlined into the envelope (no wrapper key in the spec) is answered under the key its
 * sibling operations on the same path use (`chart_of_account`), or under `data` like Zoho's other
 * mail-content answers.
 */
const resolveFlattenedKeys = (ops) => {
  for (const op of ops.filter((o) => o.response.flattened)) {
    const sibling = ops.find(
      (o) =>
        o.canonical === op.canonical &&
        !o.response.flattened &&
        o.response.kind === 'record' &&
        o.response.key,
    );
    op.response.key = sibling?.response.key ?? 'data';
  }
};

/**
 * One endpoint answers one way: where modules share a method and path (debit notes are invoices), the
 * owning module's field kinds win over the other's (the spec types a debit note's total as a string).
 */
const unifySharedEndpoints = (ops) => {
  const groups = new Map();
  for (const op of ops) {
    const key = `${op.httpMethod} ${op.canonical}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [owner, ...others] = [...group].sort((a, b) => ownership(a) - ownership(b) || a.order - b.order);
    for (const op of others) {
      for (const [field, kind] of owner.response.fields) {
        if (op.response.fields.has(field)) op.response.fields.set(field, kind);
      }
    }
  }
};

export const buildCollections = (ops) => {
  const first = canonicalFirstSegments(ops);
  for (const op of ops) op.canonical = canonicalPath(op, first);
  resolveFlattenedKeys(ops);
  unifySharedEndpoints(ops);
  const keys = new Set();
  for (const op of ops) {
    const parent = parentOf(op.canonical);
    // `/{module_name}` is a custom module's list, not a record of a nameless collection.
    if (parent !== '' && op.canonical.endsWith('/{}') && ['GET', 'PUT', 'DELETE'].includes(op.httpMethod)) {
      keys.add(parent);
    }
  }
  // Two modules share `/invoices` (debit notes are invoices): the module named like the path speaks first.
  const owned = (list) => [...list].sort((a, b) => ownership(a) - ownership(b) || a.order - b.order);
  const collections = [...keys].sort().map((key) => {
    const itemOps = owned(ops.filter((op) => op.canonical === `${key}/{}`));
    const rootOps = owned(ops.filter((op) => op.canonical === key));
    const create = rootOps.find((op) => op.httpMethod === 'POST');
    const list = rootOps.find((op) => op.httpMethod === 'GET' && op.response.kind === 'list');
    const get = itemOps.find((op) => op.httpMethod === 'GET' && op.response.kind === 'record');
    const recordOps = [get, create, ...itemOps.filter((op) => op.httpMethod === 'PUT')].filter(
      (op) => op?.response.kind === 'record' && op.response.key,
    );
    const singular = recordOps[0]?.response.key ?? null;
    const params = itemOps.map((op) => op.pathParams.at(-1));
    const recordFields = new Map();
    for (const op of recordOps)
      for (const [k, v] of op.response.fields) if (!recordFields.has(k)) recordFields.set(k, v);
    const idField = params.find((p) => recordFields.has(p)) ?? params[0];
    const deleter = itemOps.find((op) => op.httpMethod === 'DELETE');
    const thing =
      thingFrom(deleter?.id ?? '', ['delete']) ??
      thingFrom(create?.id ?? '', ['create', 'add']) ??
      thingFrom(get?.id ?? '', ['get']) ??
      (
        singular ??
        key
          .split('/')
          .filter((s) => s !== '{}')
          .at(-1)
      ).replace(/_/g, ' ');
    const name = key
      .split('/')
      .filter((s) => s !== '' && s !== '{}')
      .join('/');
    // Parents are stored on the record under the name of the path parameter that selects them
    // (a comment keeps its `invoice_id`), so `/contacts/contactpersons` and
    // `/contacts/{contact_id}/contactpersons` can share one store.
    const sample = [...itemOps, ...rootOps][0];
    const parents = sample.pathParams.slice(0, key.split('/').filter((s) => s === '{}').length);
    return {
      key,
      name: name || itemOps[0].file.replace(/-/g, '_'),
      parents,
      idField,
      singular,
      plural: list?.response.key ?? null,
      thing,
      creatable: Boolean(create),
      required: create?.request.required ?? [],
      recordFields,
      listFields: list?.response.fields ?? recordFields,
    };
  });
  const index = new Map(collections.map((c, i) => [c.key, i]));
  for (const op of ops) assignRole(op, index);
  listAcrossParents(ops, collections);
  return collections;
};

/** The deepest `<collection>/{}` prefix of a path: the record an action acts on. */
const subjectOf = (canonical, index) => {
  const segs = canonical.split('/');
  for (let end = segs.length; end > 1; end -= 1) {
    if (segs[end - 1] !== '{}') continue;
    const key = segs.slice(0, end - 1).join('/');
    if (index.has(key)) return index.get(key);
  }
  return -1;
};

/**
 * `GET /creditnotes/refunds` lists the records of `/creditnotes/{id}/refunds` of every credit note:
 * a list whose path is a nested collection's path without its parent ids lists that whole store.
 */
const listAcrossParents = (ops, collections) => {
  for (const op of ops) {
    if (op.role !== 'action' || op.httpMethod !== 'GET' || op.response.kind !== 'list') continue;
    const name = op.canonical
      .split('/')
      .filter((s) => s !== '')
      .join('/');
    const at = collections.findIndex((c) => c.parents.length > 0 && c.name === name);
    if (at >= 0) {
      op.role = 'list';
      op.collection = at;
    }
  }
};

const assignRole = (op, index) => {
  const c = op.canonical;
  const isItem = c.endsWith('/{}') && index.has(parentOf(c));
  op.subject = subjectOf(c, index);
  op.collection = -1;
  op.role = 'action';
  if (isItem && op.httpMethod === 'GET') op.role = 'get';
  else if (isItem && op.httpMethod === 'PUT') op.role = 'update';
  else if (isItem && op.httpMethod === 'DELETE') op.role = 'delete';
  else if (index.has(c) && op.httpMethod === 'POST') op.role = 'create';
  else if (index.has(c) && op.httpMethod === 'GET' && op.response.kind === 'list') op.role = 'list';
  else if (index.has(c) && op.httpMethod === 'PUT' && /custom_field/.test(op.id)) op.role = 'upsert';
  if (op.role === 'get' || op.role === 'update' || op.role === 'delete')
    op.collection = index.get(parentOf(c));
  else if (op.role !== 'action') op.collection = index.get(c);
};
