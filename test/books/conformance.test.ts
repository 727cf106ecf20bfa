import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/books/generated/operations.js';
import { type Operation, takesQuery } from '../../src/books/operation-shape.js';
import { type FieldType, RESPONSE_SCHEMAS } from './generated/schemas.js';
import { type World, world } from './world.js';

/**
 * Walks every operation of the generated table through the client's generated method, against the
 * emulator: the emulator supplies the records a path needs (sampleRequest), the client builds the request,
 * and the test checks the path the client sent, the response key, and the type of every field against the
 * generated schemas.
 */
type Ops = typeof OPERATIONS;
let w: World<Ops>;
let org: string;
let books: World<Ops>['books'];

beforeAll(async () => {
  w = await world<Ops>({
    operations: OPERATIONS,
    emulator: { books: { perMinute: 0, perDay: 0, concurrency: 0 } },
  });
  org = w.seed.organizations[0]!.organization_id;
  // The organization is given, so every request the test sees is the operation's own.
  books = w.client({ organizationId: org, rateLimit: { limit: 1e9 } });
});
afterAll(async () => {
  await books?.close();
  await w?.close();
});

type Loose = Record<string, Record<string, (...args: unknown[]) => PromiseLike<unknown>>>;

function jsonType(value: unknown): FieldType | 'null' | 'undefined' {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'object' ? 'object' : (type as FieldType);
}

/** The path parameter values inside a concrete path, by the operation's template. */
function pathValues(op: Operation, path: string): string[] {
  const pattern = new RegExp(
    `^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`,
  );
  const match = pattern.exec(path);
  if (!match) throw new Error(`the sample path ${path} does not fit ${op.path}`);
  return match.slice(1).map(decodeURIComponent);
}

interface Outcome {
  id: string;
  problems: string[];
  /** Fields whose JSON type was compared with the schema. */
  checked?: number;
}

async function walk(op: Operation): Promise<Outcome> {
  const problems: string[] = [];
  if (op.paginated && op.pathParams.length === 0 && op.responseKey) {
    // A list is only checked if it has records: seed two where the emulator can (top-level collections).
    try {
      w.emu.seedRecords(org, op.responseKey, 2);
    } catch {}
  }
  const sample = w.emu.sampleRequest(org, op.id);
  const expectedPath = sample.path.replace(/^\/books\/v3/, '');
  const { organization_id: _org, ...query } = sample.query;
  let body: unknown = sample.body;
  if (op.body === 'multipart') {
    const form = new FormData();
    for (const [k, v] of Object.entries(sample.body ?? {})) form.append(k, String(v));
    if (sample.fileField) form.append(sample.fileField, new Blob(['%PDF-1.4 zbooks']), 'receipt.pdf');
    body = form;
  }
  const args = [
    ...pathValues(op, expectedPath),
    ...(op.body === 'none' ? [] : [body]),
    ...(takesQuery(op) ? [query] : []),
    { headers: sample.headers },
  ];
  const before = w.sent.length;
  const method = (books as unknown as Loose)[op.module]?.[op.name];
  if (!method) return { id: op.id, problems: [`no method books.${op.module}.${op.name}`] };
  let result: unknown;
  try {
    result = await method(...args);
  } catch (error) {
    // The emulator answers the operations it does not model with a documented 501, never a fake success.
    if (!sample.modelled && /HTTP 501/.test((error as Error).message)) return { id: op.id, problems };
    return { id: op.id, problems: [`failed: ${(error as Error).message}`] };
  }
  if (!sample.modelled) problems.push('not modelled by the emulator, yet answered with success');
  const sent = w.sent[before];
  if (w.sent.length !== before + 1) problems.push(`${w.sent.length - before} requests sent, not 1`);
  const url = sent ? new URL(sent.url) : undefined;
  if (!url || url.pathname !== sample.path) problems.push(`path sent ${url?.pathname} ≠ ${sample.path}`);
  if (sent?.method !== op.httpMethod) problems.push(`method sent ${sent?.method} ≠ ${op.httpMethod}`);
  const orgSent = url?.searchParams.get('organization_id');
  if (op.path === '/organizations' && op.httpMethod === 'GET') {
    if (orgSent !== null) problems.push('organization_id sent to GET /organizations');
  } else if (orgSent !== org && !op.pathParams.includes('organization_id')) {
    problems.push('organization_id missing');
  }

  const schema = RESPONSE_SCHEMAS[op.id];
  if (op.responseKey === null) return { id: op.id, problems };
  if (schema && schema.key !== op.responseKey) problems.push(`schema key ${schema.key} ≠ ${op.responseKey}`);
  const value = result;
  let records: unknown[];
  if (op.paginated) {
    const page = value as { items: unknown[]; response: Record<string, unknown>; page_context?: unknown };
    if (!Array.isArray(page.response[op.responseKey])) problems.push(`no list under "${op.responseKey}"`);
    // Zoho's page_context is an object even though the spec types it as an array. (A few lists take page and
    // per_page but answer without it; the paginator then reads them as one page.)
    const context = page.response.page_context;
    if (
      context !== undefined &&
      typeof (context as { has_more_page?: unknown })?.has_more_page !== 'boolean'
    ) {
      problems.push('page_context is not an object with has_more_page');
    }
    records = page.items;
  } else if (schema?.kind === 'list') {
    if (!Array.isArray(value)) problems.push(`"${op.responseKey}" is not a list`);
    records = Array.isArray(value) ? value : [];
  } else {
    if (jsonType(value) !== 'object')
      problems.push(`"${op.responseKey}" is ${jsonType(value)}, not a record`);
    records = [value];
  }
  let checked = 0;
  for (const record of records.slice(0, 3)) {
    if (jsonType(record) !== 'object') continue;
    for (const [field, type] of Object.entries(schema?.fields ?? {})) {
      const actual = jsonType((record as Record<string, unknown>)[field]);
      if (actual === 'undefined' || actual === 'null') continue;
      checked++;
      if (actual !== type) problems.push(`${field}: ${actual} ≠ ${type}`);
    }
  }
  return { id: op.id, problems, checked };
}

describe('conformance: every operation of the table against the emulator', () => {
  it(`walks all ${OPERATIONS.length} operations: paths, response keys and field types`, async () => {
    const outcomes: Outcome[] = [];
    for (const op of OPERATIONS) outcomes.push(await walk(op));
    const failing = outcomes.filter((o) => o.problems.length > 0);
    const report = failing.map((o) => `${o.id}: ${o.problems.slice(0, 4).join('; ')}`).join('\n');
    // Not vacuous: most operations with data answered records whose fields were compared.
    const withData = outcomes.filter((o) => (o.checked ?? 0) > 0).length;
    const total = outcomes.reduce((n, o) => n + (o.checked ?? 0), 0);
    expect(report).toBe('');
    expect(outcomes).toHaveLength(OPERATIONS.length);
    // (Lists nested under a fresh parent, e.g. an invoice's comments, come back empty and check nothing.)
    expect(withData).toBeGreaterThanOrEqual(200);
    expect(total).toBeGreaterThan(5_000);
  });

  it('the table covers every module the generator listed, one method name per operation', async () => {
    const names = new Set(OPERATIONS.map((op) => `${op.module}.${op.name}`));
    expect(names.size).toBe(OPERATIONS.length);
    expect(new Set(OPERATIONS.map((op) => op.id)).size).toBe(OPERATIONS.length);
  });
});
