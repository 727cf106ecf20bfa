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
