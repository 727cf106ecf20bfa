import type { EmulatorCore } from '../emulator-core.js';
import { EmulatorInputError } from '../errors.js';
import { insertRecord } from './generic.js';
import { MODELS } from './models/index.js';
import type { ModelContext } from './models/model.js';
import { collectionFor, storeFor } from './org-lookup.js';
import { makeRecord } from './sample.js';
import type { Rec } from './state.js';

const MAX_SEED = 1_000_000;

/**
 * `count` valid records straight into the store, for benchmarks: core resources through their models
 * (totals computed, referenced contacts created once and reused), the rest from their required fields.
 */
export function seedRecords(
  core: EmulatorCore,
  organizationId: string,
  collection: string,
  count: number,
): string[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_SEED) {
    throw new EmulatorInputError(`count must be an integer from 0 to ${MAX_SEED}`);
  }
  const store = storeFor(core, organizationId);
  const c = collectionFor(core, collection);
  const ctx: ModelContext = { core, store, now: core.clock.now() };
  const model = MODELS.get(c.store);
  const table = store.table(c.store);
  const ids: string[] = [];
  let template: Rec | undefined;
  for (let i = 0; i < count; i += 1) {
    let record: Rec;
    if (template && (!model || model.clone)) {
      const id = core.books.newId();
      record = model?.clone ? model.clone(ctx, template, id) : { ...template, [c.idField]: id };
      table.set(id, record);
    } else {
      record = model ? insertRecord(ctx, MODELS, c, model.sample(ctx), {}) : makeRecord(ctx, c.store);
      template = record;
    }
    ids.push(String(record[c.idField]));
  }
  return ids;
}

/** Copies of a collection's records in an organization, oldest first. */
export function listRecords(core: EmulatorCore, organizationId: string, collection: string): Rec[] {
  const store = storeFor(core, organizationId);
  const c = collectionFor(core, collection);
  return [...store.table(c.store).values()].map((r) => structuredClone(r));
}
