import type { EmulatorCore } from '../emulator-core.js';
import { EmulatorInputError } from '../errors.js';
import type { SampleRequest } from '../types.js';
import { insertRecord } from './generic.js';
import { createSample, STORES } from './models/common.js';
import { MODELS } from './models/index.js';
import type { ModelContext } from './models/model.js';
import { sampleApplication } from './models/payments.js';
import { needsOrganization } from './org-access.js';
import { storeFor } from './org-lookup.js';
import { genericBody, sampleValue } from './seed.js';
import type { Rec } from './state.js';
import type { Collection, Operation, Surface } from './surface-index.js';

const norm = (s: string): string => s.replace(/_/g, '').toLowerCase();

/** The collection whose records the path's parameter at segment `end` names, if any. */
const collectionAt = (surface: Surface, segments: string[], end: number): Collection | undefined =>
  surface.collections.find((c) => {
    const key = c.key.split('/');
    if (key.length !== end) return false;
    return key.every((k, i) => {
      const s = segments[i]!;
      if (k === '{}') return s.startsWith('{');
      return !s.startsWith('{') && (norm(s) === k || `${norm(s)}s` === k);
    });
  });

/** A record to name in a path: core ones through their model, payments applied to their invoice. */
const recordFor = (ctx: ModelContext, c: Collection, parents: Rec): string => {
  if (c.store === STORES.invoicePayments) {
    return String(sampleApplication(ctx, String(parents.invoice_id))[c.idField]);
  }
  const model = MODELS.get(c.store);
  const record = model
    ? createSample(ctx, model, c.idField)
    : insertRecord(ctx, MODELS, c, genericBody(ctx.core, c), parents);
  return String(record[c.idField]);
};

const pathValues = (ctx: ModelContext, op: Operation, organizationId: string): string[] => {
  const segments = op.path.split('/');
  const values: string[] = [];
  for (const [i, seg] of segments.entries()) {
    const name = /^\{(.+)\}$/.exec(seg)?.[1];
    if (!name) continue;
    if (name === 'organization_id') values.push(organizationId);
    else if (name === 'module_name') values.push('cm_sample');
    else {
      const c = collectionAt(ctx.core.surface, segments, i);
      const parents = c ? Object.fromEntries(c.parents.map((p, j) => [p, values[j]])) : {};
      values.push(c ? recordFor(ctx, c, parents) : String(sampleValue(ctx.core, name, 's')));
    }
  }
  return values;
};

const bodyFor = (ctx: ModelContext, op: Operation): Rec | undefined => {
  if (op.body !== 'json') return undefined;
  const c = ctx.core.surface.collections[op.collection];
  const model = c && MODELS.get(c.store);
  if (model && ['create', 'update', 'upsert'].includes(op.role) && c.store !== STORES.invoicePayments) {
    return model.sample(ctx);
  }
  return Object.fromEntries(op.required.map((f) => [f, sampleValue(ctx.core, f, op.bodyShape.get(f))]));
};

/** A request the emulator answers with success for `operationId`, with the records its path needs. */
export const sampleRequest = (
  core: EmulatorCore,
  organizationId: string,
  operationId: string,
): SampleRequest => {
  const op = core.surface.byId.get(operationId);
  if (!op) throw new EmulatorInputError(`unknown Books operation "${operationId}"`, 404);
  const store = storeFor(core, organizationId);
  const ctx: ModelContext = { core, store, now: core.clock.now() };
  const values = pathValues(ctx, op, organizationId);
  let i = 0;
  const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++] ?? ''));
  const query: Record<string, string> = needsOrganization(op.id) ? { organization_id: organizationId } : {};
  for (const name of op.query) query[name] = String(sampleValue(core, name, undefined));
  const headers: Record<string, string> =
    op.role === 'upsert'
      ? {
          'X-Unique-Identifier-Key': 'sample_key',
          'X-Unique-Identifier-Value': core.books.newId(),
          'X-Upsert': 'true',
        }
      : {};
  const body = bodyFor(ctx, op);
  return {
    operationId,
    method: op.method,
    path: `/books/v3${path}`,
    query,
    headers,
    ...(body ? { body } : {}),
    ...(op.body === 'multipart' ? { fileField: 'attachment' } : {}),
  };
};
