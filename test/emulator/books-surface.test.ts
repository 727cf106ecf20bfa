import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, SHAPES } from '../../src/emulator/books/generated/surface.js';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { booksUser, NO_LIMITS, sendSample } from './books-helpers.js';

let emu: Emulator;
let token: string;
let org: string;
beforeAll(async () => {
  emu = await startEmulator({ books: NO_LIMITS });
  const user = await booksUser(emu);
  token = user.token;
  org = user.orgs[0]!;
});
afterAll(async () => {
  await emu.close();
});

const kindOf = (v: unknown): string =>
  Array.isArray(v) ? 'a' : v === null ? 'null' : typeof v === 'object' ? 'o' : (typeof v)[0]!;

const shapeOf = (index: number): Map<string, string> =>
  new Map(
    index < 0
      ? []
      : SHAPES[index]!.split(' ').map((e) => [
          e.slice(0, e.lastIndexOf(':')),
          e.slice(e.lastIndexOf(':') + 1),
        ]),
  );

describe('every operation of the surface', () => {
  it('answers its sample request with success, its key and fields of the published kinds', async () => {
    const failures: string[] = [];
    for (const op of OPERATIONS) {
      const sample = emu.sampleRequest(org, op.id);
      const r = await sendSample(emu, token, sample);
      if (!sample.modelled) {
        if (r.status !== 501) failures.push(`${op.id}: not modelled but answered ${r.status}`);
        continue;
      }
      if (r.bytes) {
        if (r.status !== 200) failures.push(`${op.id}: file answer ${r.status}`);
        continue;
      }
      if (r.status >= 300 || r.body.code !== 0) {
        failures.push(`${op.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
        continue;
      }
      if (op.key === null) continue;
      if (!(op.key in r.body)) {
        failures.push(`${op.id}: no key ${op.key}`);
        continue;
      }
      const value = r.body[op.key];
      const records = op.kind === 'list' ? (value as unknown[]) : [value];
      if (op.kind === 'list' && !Array.isArray(value)) failures.push(`${op.id}: ${op.key} is not a list`);
      const shape = shapeOf(op.shape);
      for (const rec of records as Record<string, unknown>[]) {
        for (const [field, kind] of shape) {
          if (field in rec && kindOf(rec[field]) !== kind) {
            failures.push(`${op.id}: ${field} is ${kindOf(rec[field])}, published ${kind}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('odd input', () => {
  const WEIRD: unknown[] = [{ nested: { deep: [1] } }, 'zzz'];

  it('never answers 5xx (but a documented 501): every JSON operation with every field set to odd values', async () => {
    const crashes: string[] = [];
    for (const op of OPERATIONS.filter((o) => o.body === 'json')) {
      const sample = emu.sampleRequest(org, op.id);
      const fields = [...shapeOf(op.fields).keys(), ...Object.keys(sample.body ?? {})];
      for (const weird of WEIRD) {
        const body = Object.fromEntries(fields.map((f) => [f, weird]));
        const r = await sendSample(emu, token, { ...sample, body });
        // 501 is the documented "not modelled" answer, and only for those operations.
        if (r.status >= 500 && !(r.status === 501 && !sample.modelled))
          crashes.push(`${op.id} ${JSON.stringify(weird)}: ${JSON.stringify(r.body)}`);
      }
    }
    expect(crashes).toEqual([]);
  });

  it('never answers 500 to odd paths, queries and encodings', async () => {
    const paths = [
      '/invoices/%E0%A4%A',
      '/invoices/%00',
      '/invoices//comments',
      '/contacts?per_page=1e3',
      '/contacts?page=-1',
      '/contacts?sort_column=contact_name&sort_order=a',
      '/contacts?filter_by=Status.',
      '/contacts?last_modified_time=yesterday',
      '/contacts?date_start=2024-13-45',
      '/invoices?total_less_than=abc',
      '/cm_%ZZ',
    ];
    for (const p of paths) {
      const [path, qs] = p.split('?');
      const res = await fetch(`${emu.apiDomain}/books/v3${path}?organization_id=${org}&${qs ?? ''}`, {
        headers: { authorization: `Zoho-oauthtoken ${token}` },
      });
      expect(res.status, p).toBeLessThan(500);
      expect(((await res.json()) as { code: number }).code, p).toBeTypeOf('number');
    }
  });
});
