import { storageKeyOf } from './collection-ops.js';
import { notFound } from './errors.js';
import type { OrgStore, Rec } from './state.js';
import type { Collection, Operation, Surface } from './surface-index.js';

/**
 * What each path parameter of an operation names. Every record a path names must exist in the
 * organization (and belong to the records before it) before any handler runs: no operation answers
 * success for a subject or parent that does not exist (issue 11, "no phantom success").
 */
type PathParam =
  /** A record of `collection`; `parents` are the path values it must belong to (by index). */
  | { kind: 'record'; collection: Collection; parents: readonly number[] }
  /** A value that is not a record of this organization (a custom module's name, a status code). */
  | { kind: 'value' }
  /** An id from another product (Zoho CRM): nothing here can say whether it exists. */
  | { kind: 'external' };

export interface PathPlan {
  readonly params: readonly PathParam[];
  /** Index of the record the operation acts on (the deepest record parameter), or -1. */
  readonly subject: number;
}

/** Path prefixes whose records live in another collection's store (checked without parents). */
const PREFIX_STORES: Readonly<Record<string, string>> = {
  // `/banktransactions/uncategorized/{id}/…` acts on a bank transaction whatever its status.
  '/banktransactions/uncategorized': 'banktransactions',
  // `/invoices/expenses/{id}/receipt` is an expense's receipt reached from an invoice.
  '/invoices/expenses': 'expenses',
};

/** Templates belong to the organization, not to the document whose path names them. */
const ORG_LEVEL_PARAMS = new Set(['template_id']);

const VALUE_PARAMS = new Set(['module_name', 'status_code', 'organization_id']);

function canonicalizer(surface: Surface) {
  const firsts = new Set(surface.collections.map((c) => c.key.split('/')[1] ?? ''));
  return (segment: string, position: number): string => {
    if (segment.startsWith('{')) return '{}';
    if (position > 0) return segment.toLowerCase();
    const s = segment.replace(/_/g, '').toLowerCase();
    return firsts.has(`${s}s`) ? `${s}s` : s;
  };
}

/** A planner for every operation of a surface (its lookups built once). */
export function pathPlanner(surface: Surface) {
  const canonical = canonicalizer(surface);
  const byKey = new Map(surface.collections.map((c) => [c.key, c]));
  const byStore = new Map<string, Collection>();
  for (const c of surface.collections) if (c.parents.length === 0) byStore.set(c.store, c);
  return (op: Operation): PathPlan => plan(op, canonical, byKey, byStore);
}

export function planPath(surface: Surface, op: Operation): PathPlan {
  return pathPlanner(surface)(op);
}

function plan(
  op: Operation,
  canonical: ReturnType<typeof canonicalizer>,
  byKey: ReadonlyMap<string, Collection>,
  byStore: ReadonlyMap<string, Collection>,
): PathPlan {
  const segments = op.path.split('/').slice(1);
  const params: PathParam[] = [];
  const recordIndexes: number[] = [];
  let subject = -1;
  segments.forEach((segment, position) => {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    if (!name) return;
    const index = params.length;
    const prefix = `/${segments
      .slice(0, position)
      .map((s, i) => canonical(s, i))
      .join('/')}`;
    if (VALUE_PARAMS.has(name)) {
      params.push({ kind: 'value' });
      // A custom module's name is the parent its records are stored under.
      if (name === 'module_name') recordIndexes.push(index);
      return;
    }
    if (prefix.startsWith('/crm/')) {
      params.push({ kind: 'external' });
      return;
    }
    const aliased = PREFIX_STORES[prefix];
    const nested = aliased ? undefined : byKey.get(prefix);
    const collection = aliased ? byStore.get(aliased) : nested;
    if (!collection) throw new Error(`${op.id}: no collection holds the records of {${name}} (${prefix})`);
    const parents =
      aliased || ORG_LEVEL_PARAMS.has(name) ? [] : recordIndexes.slice(-collection.parents.length || 0);
    params.push({
      kind: 'record',
      collection,
      parents: collection.parents.length === 0 ? [] : parents,
    });
    recordIndexes.push(index);
    subject = index;
  });
  return { params, subject };
}

/** The records a path names, outermost first; a missing one is Zoho's 404 "<Thing> does not exist.". */
export function resolvePath(store: OrgStore, plan: PathPlan, values: readonly string[]): (Rec | undefined)[] {
  const records: (Rec | undefined)[] = [];
  plan.params.forEach((param, i) => {
    if (param.kind !== 'record') {
      records.push(undefined);
      return;
    }
    const c = param.collection;
    const key = storageKeyOf(c.store, values[i]!, () => values[param.parents[0] ?? -1]);
    const record = store.table(c.store).get(key);
    const belongs =
      record !== undefined && param.parents.every((p, j) => record[c.parents[j]!] === values[p]);
    if (!belongs) throw notFound(c.thing);
    records.push(record);
  });
  return records;
}
