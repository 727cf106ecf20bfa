import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { books, booksUser, type Json, NO_LIMITS, orgClient } from './books-helpers.js';
import { consoleCall } from './helpers.js';

let emu: Emulator;
let call: ReturnType<typeof orgClient>;
let org: string;
let token: string;
beforeEach(async () => {
  emu = await startEmulator({ books: NO_LIMITS });
  const user = await booksUser(emu);
  org = user.orgs[0]!;
  token = user.token;
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

  // Found by the chaos run (test/chaos): a drop_after or delay fault was used up by a request refused before any
  // change (a 401 on a revoked token, a 429), so the change it was meant for was never dropped or slowed.
  it('drop_after and delay wait for a request that gets through: a refused one leaves them queued', async () => {
    emu.injectFault({ target: 'books', kind: 'drop_after', method: 'POST', path: '/contacts' });
    const refused = await books(emu, '1000.0bad.0bad', 'POST', '/contacts', {
      query: { organization_id: org },
      body: { contact_name: 'Refused' },
    });
    expect(refused.status).toBe(401);
    await expect(createContact('Made')).rejects.toThrow();
    expect(emu.records(org, 'contacts').map((r) => r.contact_name)).toEqual(['Made']);

    emu.injectFault({ target: 'books', kind: 'delay', delayMs: 150 });
    expect((await call('GET', '/nowhere')).status).toBe(404);
    const t0 = performance.now();
    expect((await call('GET', '/contacts')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  // Found by the chaos run: the body was read after the delay, so a client timing out made the change vanish
  // and "timed out, yet applied", the case a client must report as outcome unknown, could not happen.
  it('a client that gives up during a delay does not undo the change', async () => {
    emu.injectFault({ target: 'books', kind: 'delay', delayMs: 300, method: 'POST' });
    const controller = new AbortController();
    const before = emu.stats().books_requests;
    const gaveUp = fetch(`${emu.apiDomain}/books/v3/contacts?organization_id=${org}`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contact_name: 'Slow but made' }),
      signal: controller.signal,
    });
    // Gives up once the emulator has the request (not on a timer that a loaded machine may beat), then the
    // change lands when the delay is over.
    while (emu.stats().books_requests === before) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(gaveUp).rejects.toThrow();
    while (emu.records(org, 'contacts').length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emu.records(org, 'contacts').map((r) => r.contact_name)).toEqual(['Slow but made']);
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
