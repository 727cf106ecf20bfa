import { afterAll, beforeAll, expect, it } from 'vitest';
import { AccountsClient } from '../../src/auth/accounts-client.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { ZohoBooks } from '../../src/books/zoho-books.js';
import type { Emulator } from '../../src/emulator/index.js';
import { emulator } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());

// Found while building `zbooks export`: a Ctrl-C during a rate-limit pause took the rest of the minute.
it('an aborted call wakes from a rate-limit wait at once instead of waiting it out', async () => {
  const seed = emu.seed();
  const { refreshToken } = await new AccountsClient({
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    accountsUrl: seed.accounts_url,
  }).exchangeGrantCode(seed.code);
  // A clock whose sleeps never end: only the abort can finish the second call.
  const clock = { now: () => emu.now(), sleep: () => new Promise<void>(() => {}) };
  const books = new ZohoBooks({
    auth: new TokenProvider({
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken,
      accountsUrl: seed.accounts_url,
    }),
    organizationId: seed.organizations[0]!.organization_id,
    rateLimit: { limit: 1, windowMs: 60_000 },
    clock,
  });
  try {
    await books.invoices.list();
    const controller = new AbortController();
    const second = books.call('list_invoices', {}, { signal: controller.signal }).then(
      () => 'resolved',
      (error: unknown) => (error as Error).message,
    );
    setTimeout(() => controller.abort(new Error('stopped by the user')), 20);
    expect(await second).toBe('stopped by the user');
  } finally {
    await books.close();
  }
});

it("a client-wide signal (a CLI's Ctrl-C) ends every call: one in flight, one queued for a slot, and any made after it", async () => {
  const seed = emu.seed();
  const { refreshToken } = await new AccountsClient({
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    accountsUrl: seed.accounts_url,
  }).exchangeGrantCode(seed.code);
  const controller = new AbortController();
  const books = new ZohoBooks({
    auth: new TokenProvider({
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken,
      accountsUrl: seed.accounts_url,
    }),
    organizationId: seed.organizations[0]!.organization_id,
    // One in flight at a time: the second call queues for the slot the first holds.
    rateLimit: { concurrency: 1 },
    signal: controller.signal,
  });
  try {
    emu.injectFault({ target: 'books', kind: 'delay', delayMs: 60_000, path: '/invoices' });
    const before = emu.stats().books_requests;
    const outcome = (call: Promise<unknown>) =>
      call.then(
        () => 'resolved',
        (error: unknown) => (error as Error).message,
      );
    const inFlight = outcome(books.request('GET', '/invoices'));
    const queued = outcome(books.request('GET', '/contacts'));
    while (emu.stats().books_requests === before) await new Promise((r) => setTimeout(r, 10));
    controller.abort(new Error('stopped by the user'));
    expect(await inFlight).toBe('stopped by the user');
    expect(await queued).toBe('stopped by the user');
    expect(await outcome(books.request('GET', '/items'))).toBe('stopped by the user');
  } finally {
    emu.clearFaults();
    await books.close();
  }
});
