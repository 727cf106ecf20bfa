import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountsClient } from '../../src/auth/accounts-client.js';
import { MemoryTokenStore } from '../../src/auth/stores/memory-store.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { ConfigError, RedirectRefusedError } from '../../src/core/errors.js';
import { OutcomeUnknownError } from '../../src/http/errors.js';
import { textOfError, type World, world } from '../books/world.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { clockOf } from '../helpers/emulator.js';
import {
  type HostileGateway,
  type Listener,
  startHostileGateway,
  startOtherHost,
} from '../helpers/hostile-gateway.js';

/**
 * A request carrying a secret (the client secret, a grant code, a refresh token) or a token never follows a
 * redirect: the gateway on 127.0.0.1 plays the configured server, 127.0.0.2 the host it points to.
 */
let w: World<[]>;
let gateway: HostileGateway;
let other: Listener;

beforeEach(async () => {
  w = await world();
  gateway = await startHostileGateway(w.emu.accountsUrl);
  other = await startOtherHost();
});
afterEach(async () => {
  await gateway.close();
  await other.close();
  await w.close();
});

const redirectTo = (status: number, path: string) => ({
  status,
  path,
  headers: { location: `${other.url}${path}?stolen=1` },
});

describe('the accounts client', () => {
  it.each([301, 302, 303, 307, 308])(
    'refuses a %i on the token endpoint, naming the offered host, and sends nothing there',
    async (status) => {
      gateway.script(redirectTo(status, '/oauth/v2/token'));
      const accounts = new AccountsClient({
        clientId: w.seed.client_id,
        clientSecret: w.seed.client_secret,
        accountsUrl: gateway.url,
        clock: clockOf(w.emu),
      });
      const error = await accounts.refresh(w.refreshToken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectRefusedError);
      const refused = error as RedirectRefusedError;
      expect(refused.offeredOrigin).toBe(other.url);
      expect(refused.message).toContain(other.url);
      expect(refused.message).toContain('redirect');
      expect(refused.message).not.toContain('stolen'); // the Location's path and query are not repeated
      expect(refused.kind).toBe('network');
      expect(refused.hint).toMatch(/ZOHO_ACCOUNTS_URL/);
      expect(other.received).toHaveLength(0);
      expect(gateway.received).toHaveLength(1); // not retried either
      for (const secret of w.secrets()) expect(textOfError(error)).not.toContain(secret);
    },
  );

  it('refuses a redirected grant-code exchange: neither code nor secret reaches the other host', async () => {
    const seed = w.emu.seed();
    gateway.script(redirectTo(307, '/oauth/v2/token'));
    const accounts = new AccountsClient({
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      accountsUrl: gateway.url,
    });
    const error = await accounts.exchangeGrantCode(seed.code).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectRefusedError);
    expect(other.received).toHaveLength(0);
    expect(textOfError(error)).not.toContain(seed.code);
  });

  it('refuses the answer of an injected fetch that followed the redirect anyway', async () => {
    gateway.script(redirectTo(307, '/oauth/v2/token'));
    const provider = new TokenProvider({
      clientId: w.seed.client_id,
      clientSecret: w.seed.client_secret,
      refreshToken: w.refreshToken,
      accountsUrl: gateway.url,
      fetch: (input, init) => fetch(input, { ...init, redirect: 'follow' }),
    });
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectRefusedError);
    expect((error as RedirectRefusedError).offeredOrigin).toBe(other.url);
    // The token the other host minted is not used, nor stored.
    expect(await provider.peek()).toBeUndefined();
  });
});

describe('the Books transport', () => {
  it.each(['GET', 'POST'] as const)('refuses a redirected %s, naming the offered host', async (method) => {
    gateway.script(redirectTo(307, '/books/v3/contacts'));
    const books = w.client({ apiDomain: gateway.url, organizationId: '1' });
    const error = await books
      .request(method, '/contacts', method === 'POST' ? { body: { contact_name: 'A' } } : {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectRefusedError);
    // A redirect is a complete answer: a write it refused was not applied, so it is no "outcome unknown".
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect((error as RedirectRefusedError).message).toContain(other.url);
    expect(other.received).toHaveLength(0);
    expect(gateway.received).toHaveLength(1);
    for (const secret of w.secrets()) expect(textOfError(error)).not.toContain(secret);
  });

  it('applies the https-or-loopback rule to the api_domain a token answer names', async () => {
    gateway.script({
      method: 'POST',
      path: '/oauth/v2/token',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        access_token: '1000.0123456789abcdef0123.0123456789abcdef0123',
        api_domain: 'http://books.example.test',
        expires_in: 3600,
      }),
    });
    const provider = new TokenProvider({
      clientId: w.seed.client_id,
      clientSecret: w.seed.client_secret,
      refreshToken: w.refreshToken,
      accountsUrl: gateway.url,
    });
    const books = w.client({ auth: provider, organizationId: '1' });
    const error = await books.request('GET', '/contacts').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/plain http on a non-loopback host \(books\.example\.test\)/);
    expect(w.sent).toHaveLength(0);
  });

  it('applies it to the api_domain of a token read from a shared store', async () => {
    const store = new MemoryTokenStore();
    const provider = new TokenProvider({
      clientId: w.seed.client_id,
      clientSecret: w.seed.client_secret,
      refreshToken: w.refreshToken,
      accountsUrl: w.seed.accounts_url,
      clock: w.clock,
      store,
    });
    await store.set(provider.cacheKey, {
      accessToken: '1000.0123456789abcdef0123.0123456789abcdef0123',
      expiresAt: w.emu.now() + 3_600_000,
      obtainedAt: w.emu.now(),
      apiDomain: 'http://planted.example.test',
    });
    const error = await w
      .client({ auth: provider, organizationId: '1' })
      .request('GET', '/contacts')
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(w.sent).toHaveLength(0);
  });
});

describe('the CLI', () => {
  it('`zbooks doctor` reports a redirected token endpoint, naming the host, and sends it nothing', async () => {
    const config = await tempDir();
    try {
      gateway.script({ ...redirectTo(302, '/oauth/v2/token'), times: 5 });
      const result = await zbooks(['doctor'], {
        env: {
          ZBOOKS_CONFIG_DIR: config.path,
          ZBOOKS_TOKEN_STORE: 'memory',
          ZOHO_ACCOUNTS_URL: gateway.url,
          ZOHO_CLIENT_ID: w.seed.client_id,
          ZOHO_CLIENT_SECRET: w.seed.client_secret,
          ZOHO_REFRESH_TOKEN: w.refreshToken,
        },
      });
      expect(result.stdout).toMatch(/✗ Token .*redirect \(HTTP 302\) to http:\/\/127\.0\.0\.2:\d+/);
      expect(result.code).toBe(6);
      expect(other.received).toHaveLength(0);
    } finally {
      await config.remove();
    }
  });

  it('a Books command refuses a redirected API domain with the host named on stderr', async () => {
    const config = await tempDir();
    try {
      gateway.script(redirectTo(308, '/books/v3/invoices'));
      const result = await zbooks(['invoices', 'list'], {
        env: {
          ZBOOKS_CONFIG_DIR: config.path,
          ZBOOKS_TOKEN_STORE: 'memory',
          ZOHO_ACCOUNTS_URL: w.seed.accounts_url,
          ZOHO_API_DOMAIN: gateway.url,
          ZOHO_ORGANIZATION_ID: w.seed.organizations[0]!.organization_id,
          ZOHO_CLIENT_ID: w.seed.client_id,
          ZOHO_CLIENT_SECRET: w.seed.client_secret,
          ZOHO_REFRESH_TOKEN: w.refreshToken,
        },
      });
      expect(result.stderr).toMatch(/redirect \(HTTP 308\) to http:\/\/127\.0\.0\.2:\d+/);
      expect(result.code).toBe(6);
      expect(other.received).toHaveLength(0);
    } finally {
      await config.remove();
    }
  });
});
