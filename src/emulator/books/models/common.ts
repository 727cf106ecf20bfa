import { invalidValue, refuse } from '../errors.js';
import { zohoTime } from '../records.js';
import type { Rec } from '../state.js';
import type { ModelContext, ResourceModel } from './model.js';

/** Store names of the closely modelled resources (as in the generated surface). */
export const STORES = Object.freeze({
  contacts: 'contacts',
  items: 'items',
  expenses: 'expenses',
  accounts: 'chartofaccounts',
  taxes: 'settings/taxes',
  currencies: 'settings/currencies',
  users: 'users',
});

/** The record `id` of `store`, or code 2 naming the field that referred to it. */
export function referenced(ctx: ModelContext, store: string, id: unknown, field: string): Rec {
  const record =
    typeof id === 'string' || typeof id === 'number' ? ctx.store.table(store).get(String(id)) : undefined;
  if (!record) throw invalidValue(field);
  return record;
}

/**
 * Claims `value` in a unique index (contact names, invoice numbers), releasing `previous` of the same
 * record; a value held by another record is refused with Zoho's duplicate wording.
 */
export function claimUnique(
  ctx: ModelContext,
  index: string,
  value: string,
  id: string,
  duplicate: (value: string) => string,
  previous?: string,
): void {
  const idx = ctx.store.index(index);
  const key = value.toLowerCase();
  const holder = idx.get(key);
  if (holder !== undefined && holder !== id)
    throw refuse(ctx.core, index.endsWith('number') ? 'duplicateNumber' : 'duplicateName', duplicate(value));
  if (previous !== undefined && previous.toLowerCase() !== key) idx.delete(previous.toLowerCase());
  idx.set(key, id);
}

export function releaseUnique(ctx: ModelContext, index: string, value: unknown): void {
  if (typeof value === 'string') ctx.store.index(index).delete(value.toLowerCase());
}

/** The first record of a store matching `pick`, created by `make` when there is none (samples reuse). */
export function firstOr(ctx: ModelContext, store: string, pick: (r: Rec) => boolean, make: () => Rec): Rec {
  for (const r of ctx.store.table(store).values()) if (pick(r)) return r;
  return make();
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Creates a record of a model from its sample body, outside HTTP (samples of records referred to). */
export function createSample(ctx: ModelContext, model: ResourceModel, idField: string): Rec {
  const id = ctx.core.books.newId();
  const time = zohoTime(ctx.now);
  const record: Rec = { [idField]: id, created_time: time, last_modified_time: time };
  model.create(ctx, model.sample(ctx), record);
  ctx.store.table(model.store).set(id, record);
  return record;
}
