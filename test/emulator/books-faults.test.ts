import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { booksUser, type Json, NO_LIMITS, orgClient } from './books-helpers.js';
import { consoleCall } from './helpers.js';

let emu: Emulator;
let call: ReturnType<typeof orgClient>;
let org: string;
beforeEach(async () => {
  emu = await startEmulator({ books: NO_LIMITS });
  const user = await booksUser(emu);
  org = user.orgs[0]!;
  call = orgClient(emu, user.token, org);
});
afterEach(async () => {
  await emu.close();
});

const createContact = (name: string) => call('POST', '/contacts', { body: { contact_name: name } });

describe('Books faults', () => {
  it('drop closes the connection before the change: nothing was created', async () => {
    emu.injectFault({ target: 'books', kind: 'drop', method: 'POST' });
    await expect(createContact('Lost')).rejects.toThrow();
    expect(emu.records(org, 'contacts')).toEqual([]);
  });

  it('drop_after applies the change, then closes the connection: exactly one record exists', async () => {
    emu.injectFault({ target: 'books', kind: 'drop_after', method: 'POST', path: '/contacts' });
    await expect(createContact('Made')).rejects.toThrow();
    const records = emu.records(org, 'contacts');
    expect(records.map((r) => r.contact_name)).toEqual(['Made']);
    // Retrying blindly is what makes duplicates; Zoho refuses this one by name.
    expect((await createContact('Made')).body.code).toBe(3062);
  });

  it('filters by method and path prefix', async () => {
    emu.injectFault({ target: 'books', kind: 'status', status: 503, path: '/books/v3/invoices' });
    expect((await call('GET', '/contacts')).status).toBe(200);
    const r = await call('GET', '/invoices');
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ code: 1000, message: 'Internal error' });
    expect((await call('GET', '/invoices')).status).toBe(200);
  });

  it('serves a burst of 429s, then recovers', async () => {
    emu.injectFault({ target: 'books', kind: 'throttle', count: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const r = await call('GET', '/contacts');
      statuses.push(r.status);
      if (r.status === 429) expect(r.headers.get('retry-after')).toBeTruthy();
    }
    expect(statuses).toEqual([429, 429, 429, 200]);
  });

  it('adds latency', async () => {
    emu.injectFault({ target: 'books', kind: 'delay', delayMs: 150 });
    const t0 = performance.now();
    expect((await call('GET', '/contacts')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('takes faults through the console too, validating them', async () => {
    const ok = await consoleCall(emu.apiDomain, 'POST', '/faults', {
      target: 'books',
      kind: 'drop_after',
      method: 'post',
      path: '/contacts',
    });
    expect(ok.status).toBe(201);
    expect(
      (await consoleCall(emu.apiDomain, 'POST', '/faults', { target: 'books', kind: 'drop', path: 7 }))
        .status,
    ).toBe(400);
    await expect(createContact('Via console')).rejects.toThrow();
    expect((emu.records(org, 'contacts')[0] as Json).contact_name).toBe('Via console');
  });
});
