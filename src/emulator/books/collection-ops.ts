import type { Rec } from './state.js';
import type { Collection, Operation } from './surface-index.js';

/**
 * Path parameters of an operation bound to the collection's parent fields: the first `{}` values of
 * the path are the parents, in order, whatever each operation calls them (`reatinerinvoice_id`).
 */
export function parentValues(c: Collection, paramValues: readonly string[]): Rec {
  const out: Rec = {};
  c.parents.forEach((field, i) => {
    const value = paramValues[i];
    if (value !== undefined) out[field] = value;
  });
  return out;
}

export function belongsTo(record: Rec, parents: Rec): boolean {
  return Object.entries(parents).every(([field, value]) => record[field] === value);
}

/**
 * Collections whose records are named by their parent and an id of another store (a project's user is
 * the organization's user): kept under `<parent>:<id>` so one user can be in several projects.
 */
const COMPOSITE: Readonly<Record<string, string>> = { 'projects/users': 'project_id' };

export function storageKeyOf(store: string, id: string, parent: () => unknown): string {
  return COMPOSITE[store] ? `${String(parent())}:${id}` : id;
}

/** The key a record is kept under in its table. */
export function storageKey(c: Collection, record: Rec): string {
  return storageKeyOf(c.store, String(record[c.idField]), () => record[COMPOSITE[c.store] ?? '']);
}

/** The key an answer carries for one record: the operation's, else the collection's singular key. */
export function recordKey(op: Operation, c: Collection | undefined): string | null {
  return op.key ?? c?.singular ?? null;
}
