import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { Gateway } from '../../src/serve/gateway.js';
import { addKey, KeyRing } from '../../src/serve/keys.js';
import { CountedTokens } from '../../src/serve/tokens.js';
import { tempDir } from '../helpers/cli.js';

describe('zbooks serve: replay rules for reads and writes', () => {
  let emu: Emulator;
  let gateway: Gateway;
  let url: string;
  let org: string;
  let customerId: string;
  let config: { path: string; remove: () => Promise<void> };
  const log: string[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, books: { perMinute: 0 } });
    const seed = emu.seedLoggedIn();
    org = seed.organizations[0]!.organization_id;
    emu.seedRecords(org, 'invoices', 1);
    customerId = (emu.records(org, 'contacts')[0] as { contact_id: string }).contact_id;
    config = await tempDir('zbooks-serve-writes-');
    const provider = new TokenProvider({
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken: seed.refresh_token,
      accountsUrl: seed.accounts_url,
      apiDomain: seed.api_domain,
      logger: silentLogger,
    });
    const keys = new KeyRing({ path: `${config.path}/serve-keys.json`, onError: () => {} });
    await keys.load();
    gateway = new Gateway({
      upstreams: [
        {
          name: 'default',
          tokens: new CountedTokens(provider),
          organizationId: org,
          apiDomain: seed.api_domain,
        },
      ],
      keys,
      host: '127.0.0.1',
      port: 0,
      clock: systemClock,
      log: (line) => log.push(line),
    });
    url = (await gateway.listen()).url;
    // Warm: the token is no longer "just minted", so a 401 may be replayed with a new one.
    expect((await fetch(`${url}/books/v3/invoices`)).status).toBe(200);
  });

  afterAll(async () => {
    await gateway?.close();
    await emu?.close();
    await config?.remove();
  });

  const contacts = () => emu.records(org, 'contacts').length;
  const createContact = (name: string) =>
    fetch(`${url}/books/v3/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contact_name: name }),
    });

  it('answers a write whose outcome is unknown with 502 and X-Zbooks-Outcome: unknown, and never replays it', async () => {
    const before = emu.stats().books_requests;
    emu.injectFault({ target: 'books', kind: 'drop_after', method: 'POST', count: 1 });
    const answer = await createContact('Dropped after applying');
    expect(answer.status).toBe(502);
    expect(answer.headers.get('x-zbooks-outcome')).toBe('unknown');
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('outcome_unknown');
    expect(emu.stats().books_requests - before).toBe(1);
  });

  it('replays a read once when the connection drops', async () => {
    emu.injectFault({ target: 'books', kind: 'drop', method: 'GET', count: 1 });
    expect((await fetch(`${url}/books/v3/invoices`)).status).toBe(200);
  });

  it('replays a refused token once with a fresh one, even for a write (Zoho applied nothing)', async () => {
    const count = contacts();
    const minted = emu.stats().minted;
    emu.injectFault({ target: 'books', kind: 'status', status: 401, method: 'POST', count: 1 });
    const answer = await createContact('After a 401');
    expect(answer.status).toBe(201);
    expect(contacts()).toBe(count + 1);
    expect(emu.stats().minted).toBe(minted + 1);
  });

  it('waits out a 429 from Zoho instead of passing it on', async () => {
    emu.injectFault({ target: 'books', kind: 'throttle', retryAfter: 1, method: 'GET', count: 1 });
    expect((await fetch(`${url}/books/v3/contacts/${customerId}`)).status).toBe(200);
    expect(log.join('')).toMatch(/Zoho answered 429/);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/zbooks_books_throttles_total 1\n/);
  });

  it('answers an unknown X-Zbooks-Profile with 400', async () => {
    const answer = await fetch(`${url}/books/v3/invoices`, { headers: { 'x-zbooks-profile': 'nope' } });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('unknown_profile');
  });

  it('refuses a redirect instead of following it', async () => {
    emu.injectFault({ target: 'books', kind: 'status', status: 302, method: 'GET', count: 1 });
    const answer = await fetch(`${url}/books/v3/invoices`, { redirect: 'manual' });
    expect(answer.status).toBe(502);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('redirect_refused');
  });

  it('stops being open to local callers as soon as a key is added', async () => {
    expect((await fetch(`${url}/books/v3/invoices`)).status).toBe(200);
    const key = await addKey(
      `${config.path}/serve-keys.json`,
      'late',
      { readOnly: true, token: false },
      new Date(),
    );
    let status = 200;
    for (let i = 0; i < 50 && status !== 401; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await fetch(`${url}/books/v3/invoices`)).status;
    }
    expect(status).toBe(401);
    expect(
      (await fetch(`${url}/books/v3/invoices`, { headers: { authorization: `Bearer ${key}` } })).status,
    ).toBe(200);
  });
});
