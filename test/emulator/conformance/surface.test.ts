import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_MODELLED } from '../../../src/emulator/books/not-modelled.js';
import { planPath } from '../../../src/emulator/books/path-plan.js';
import { buildSurface } from '../../../src/emulator/books/surface-index.js';
import { type Emulator, type SampleRequest, startEmulator } from '../../../src/emulator/index.js';
import { booksUser, type Json, NO_LIMITS, sendSample } from '../books-helpers.js';

/**
 * The whole surface, walked: no operation succeeds for a record that does not exist, none answers a
 * placeholder, and the few not modelled say so (issue 11, "No phantom success").
 */
const surface = buildSurface();
const MISSING = '999999999999999999';

let emu: Emulator;
let token: string;
let org: string;
beforeAll(async () => {
  emu = await startEmulator({ books: NO_LIMITS, tokenTtlSeconds: 24 * 3600 });
  const user = await booksUser(emu);
  token = user.token;
  org = user.orgs[0]!;
});
afterAll(async () => {
  await emu.close();
});

/** The sample's path with path value `index` replaced by an id no record has. */
const withMissing = (sample: SampleRequest, template: string, index: number): SampleRequest => {
  const names = template.split('/');
  const parts = sample.path.replace(/^\/books\/v3/, '').split('/');
  let seen = -1;
  const path = parts
    .map((part, i) => {
      if (!names[i]?.startsWith('{')) return part;
      seen += 1;
      return seen === index ? MISSING : part;
    })
    .join('/');
  return { ...sample, path: `/books/v3${path}` };
};

/** A record whose id fields are all empty: a stand-in, not a record. */
const placeholders = (value: unknown): number => {
  const records = Array.isArray(value) ? value : [value];
  return records.filter((r) => {
    if (typeof r !== 'object' || r === null) return false;
    const ids = Object.entries(r as Json).filter(([k, v]) => k.endsWith('_id') && typeof v === 'string');
    return ids.length > 0 && ids.every(([, v]) => v === '');
  }).length;
};

describe('the whole surface', () => {
  it('[issue 11; REFERENCE §5 404 code 1002; OpenAPI: every path with a record] no operation answers 2xx for a subject or parent that does not exist', async () => {
    const phantoms: string[] = [];
    let walked = 0;
    for (const op of surface.operations) {
      const plan = planPath(surface, op);
      for (const [i, param] of plan.params.entries()) {
        if (param.kind !== 'record') continue;
        const sample = withMissing(emu.sampleRequest(org, op.id), op.path, i);
        const r = await sendSample(emu, token, sample);
        walked += 1;
        if (r.status < 300) phantoms.push(`${op.id} (${op.path}, value ${i}): ${r.status}`);
        else if (r.status !== 404 && r.status !== 400)
          phantoms.push(`${op.id}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
    console.log(`no-phantom walk: ${walked} (operation, path record) pairs, ${phantoms.length} answered 2xx`);
    expect(walked).toBeGreaterThan(380);
    expect(phantoms).toEqual([]);
  });

  it('[issue 11; OpenAPI: every operation] no success answer carries a placeholder record whose ids are all empty', async () => {
    const found: string[] = [];
    for (const op of surface.operations) {
      const sample = emu.sampleRequest(org, op.id);
      if (!sample.modelled) continue;
      const r = await sendSample(emu, token, sample);
      if (r.status >= 300 || r.bytes) continue;
      for (const [key, value] of Object.entries(r.body)) {
        if (key === 'page_context' || key === 'code' || key === 'message') continue;
        if (placeholders(value) > 0) found.push(`${op.id}: ${key}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('[REFERENCE §5 pagination] every list, nested lists included, answers an object page_context', async () => {
    const without: string[] = [];
    // (GET /organizations is Zoho's one unpaged list; a `get_*` is one record whatever its key looks like.)
    const lists = surface.operations.filter(
      (o) => o.kind === 'list' && o.method === 'GET' && o.role !== 'get' && o.id !== 'list_organizations',
    );
    for (const op of lists) {
      const sample = emu.sampleRequest(org, op.id);
      if (!sample.modelled) continue;
      const r = await sendSample(emu, token, sample);
      const context = r.body.page_context as Json | undefined;
      if (r.status !== 200 || typeof context?.has_more_page !== 'boolean')
        without.push(`${op.id} ${r.status} ${JSON.stringify(r.body).slice(0, 150)}`);
    }
    expect(without).toEqual([]);
  });

  it('[README "What the emulator does not model"] the operations not modelled answer 501 saying so, after their records are found', async () => {
    const ids = Object.keys(NOT_MODELLED);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const sample = emu.sampleRequest(org, id);
      expect(sample.modelled).toBe(false);
      const r = await sendSample(emu, token, sample);
      expect(r.status, id).toBe(501);
      expect(r.body.code).toBe(501);
      expect(r.body.message).toContain(`${id} is not modelled by the zbooks emulator`);
    }
    const op = surface.byId.get('match_bank_transaction')!;
    const missing = withMissing(emu.sampleRequest(org, op.id), op.path, 0);
    expect((await sendSample(emu, token, missing)).status).toBe(404);
  });
});
