import type { Rec } from './state.js';
import type { Collection, Operation } from './surface-index.js';

/**
 * Path parameters of an operation bound to the collection's parent fields: the first `{}` values of
 * the path are the parents, in order, whatever each operation calls them (`reatinerinvoice_id`).
 */
export const parentValues = (c: Collection, paramValues: readonly string[]): Rec => {
  const out: Rec = {};
  c.parents.forEach((field, i) => {
    const value = paramValues[i];
    if (value !== undefined) out[field] = value;
  });
  return out;
};

export const belongsTo = (record: Rec, parents: Rec): boolean =>
  Object.entries(parents).every(([field, value]) => record[field] === value);

/** Where the subject's id sits among an operation's path values: after the collection's parents. */
export const subjectIdIndex = (c: Collection): number => c.parents.length;

/** The key an answer carries for one record: the operation's, else the collection's singular key. */
export const recordKey = (op: Operation, c: Collection | undefined): string | null =>
  op.key ?? c?.singular ?? null;
