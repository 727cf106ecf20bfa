import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountsClient } from '../../src/auth/accounts-client.js';
import { FileTokenStore } from '../../src/auth/stores/file-store.js';
import { MemoryTokenStore } from '../../src/auth/stores/memory-store.js';
import type { TokenStore } from '../../src/auth/stores/token-store.js';
import { TokenProvider, type TokenProviderOptions } from '../../src/auth/token-provider.js';
import {
  NetworkError,
  RefreshTokenInvalidError,
  StoreError,
  TokenRateLimitedError,
} from '../../src/core/errors.js';
import { silentLogger, WARNING_TYPE } from '../../src/core/logger.js';
import type { Emulator } from '../../src/emulator/index.js';
import { clockOf, emulator } from '../helpers/emulator.js';

let emu: Emulator;
let credentials: { clientId: string; clientSecret: string; accountsUrl: string; refreshToken: string };

beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  emu.clearFaults();
  emu.configure({ mintsPerWindow: 10, activeTokenCap: 15 });
  const seed = emu.seed();
  const accounts = new AccountsClient({
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    accountsUrl: seed.accounts_url,
  });
  const { refreshToken } = await accounts.exchangeGrantCode(seed.code);
  credentials = {
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    accountsUrl: seed.accounts_url,
    refreshToken,
  };
});

const provider = (extra: Partial<TokenProviderOptions> = {}) =>
  new TokenProvider({ ...credentials, clock: clockOf(emu), ...extra });

/** Token endpoint requests made while `fn` runs. */
async function tokenRequests(fn: () => Promise<unknown>): Promise<number> {
  const before = emu.stats().token_requests;
  await fn();
  return emu.stats().token_requests - before;
}

async function organizationsStatus(accessToken: string): Promise<number> {
  const response = await fetch(`${emu.apiDomain}/books/v3/organizations`, {
    headers: { authorization: `Zoho-oauthtoken ${accessToken}` },
  });
  await response.arrayBuffer();
  return response.status;
}

describe('TokenProvider', () => {
  it('100 concurrent getToken() calls on a cold provider make exactly 1 token request and share its token', async () => {
    const p = provider();
    let tokens: string[] = [];
    expect(
      await tokenRequests(async () => {
        tokens = (await Promise.all(Array.from({ length: 100 }, () => p.getToken()))).map(
          (t) => t.accessToken,
        );
      }),
    ).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(await organizationsStatus(tokens[0]!)).toBe(200);
  });

  it('several providers sharing one store make one request between them', async () => {
    const store = new MemoryTokenStore();
    const providers = Array.from({ length: 5 }, () => provider({ store }));
    expect(
      await tokenRequests(() =>
        Promise.all(providers.flatMap((p) => Array.from({ length: 20 }, () => p.getToken()))),
      ),
    ).toBe(1);
  });

  it('10 simulated hours of steady use make at most 11 token requests, and every token works', async () => {
    const p = provider();
    const requests = await tokenRequests(async () => {
      for (let minute = 0; minute < 600; minute++) {
        const token = await p.getToken();
        expect(token.expiresAt - emu.now()).toBeGreaterThan(0);
        if (minute % 60 === 59) expect(await organizationsStatus(token.accessToken)).toBe(200);
        emu.advance(60_000);
      }
    });
    expect(requests).toBeGreaterThanOrEqual(10);
    expect(requests).toBeLessThanOrEqual(11);
    expect(emu.stats().throttled).toBe(0);
  });

  it('refreshes ahead of expiry: inside the 5-minute margin a new token is minted', async () => {
    const p = provider();
    const first = await p.getToken();
    emu.advance(54 * 60_000);
    expect((await p.getToken()).accessToken).toBe(first.accessToken);
    emu.advance(2 * 60_000); // 4 minutes left
    const second = await p.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBeGreaterThan(first.expiresAt);
  });

  it('when throttled, a throttled accounts server receives at most one request per cooldown period', async () => {
    const p = provider({ throttleCooldownMs: 60_000 });
    emu.injectFault({ target: 'token', kind: 'throttle', count: 1000 });
    const requests = await tokenRequests(async () => {
      for (let second = 0; second < 150; second += 5) {
        const error = await p.getToken().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TokenRateLimitedError);
        expect((error as TokenRateLimitedError).retryAt).toBeGreaterThan(emu.now());
        emu.advance(5_000);
      }
    });
    // t=0 throttled (cooldown 60 s), t=60 throttled again (cooldown doubles to 120 s): 2 requests in 150 s.
    expect(requests).toBe(2);
  });

  it('keeps serving a still-valid token while throttled, then refreshes after the cooldown', async () => {
    const p = provider({ throttleCooldownMs: 60_000 });
    const first = await p.getToken();
    emu.advance(57 * 60_000); // 3 minutes left: inside the margin
    emu.injectFault({ target: 'token', kind: 'throttle', count: 1 });
    const requests = await tokenRequests(async () => {
      for (let i = 0; i < 20; i++) expect((await p.getToken()).accessToken).toBe(first.accessToken);
    });
    expect(requests).toBe(1);
    emu.advance(61_000);
    expect((await p.getToken()).accessToken).not.toBe(first.accessToken);
  });

  // Found by the chaos run (test/chaos): after one throttled refresh a process failed every call for the whole
  // cooldown, although another process had since put a fresh token in the shared store.
  it('during its throttle cooldown, still takes a fresh token another process put in the store', async () => {
    const store = new MemoryTokenStore();
    const throttled = provider({ store, throttleCooldownMs: 60_000 });
    emu.injectFault({ target: 'token', kind: 'throttle', count: 1 });
    await expect(throttled.getToken()).rejects.toBeInstanceOf(TokenRateLimitedError);
    // Written the way `zbooks auth login` writes its first token: straight into the store.
    const fresh = await provider().getToken();
    await store.set(throttled.cacheKey, { ...fresh, obtainedAt: emu.now() });
    const requests = await tokenRequests(async () => {
      expect((await throttled.getToken()).accessToken).toBe(fresh.accessToken);
    });
    expect(requests).toBe(0);
  });

  it('a revoked refresh token produces its error on every call, with one request and no retry storm', async () => {
    const p = provider();
    await new AccountsClient({ ...credentials }).revoke(credentials.refreshToken);
    const requests = await tokenRequests(async () => {
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => p.getToken()));
      for (let i = 0; i < 10; i++) results.push(...(await Promise.allSettled([p.getToken()])));
      for (const r of results) {
        expect(r.status).toBe('rejected');
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(RefreshTokenInvalidError);
      }
    });
    expect(requests).toBe(1);
  });

  it('invalidate(token) drops only that token: a newer one written by another instance survives', async () => {
    const store = new MemoryTokenStore();
    const a = provider({ store });
    const b = provider({ store });
    const old = await a.getToken();
    const newer = await b.getToken({ forceRefresh: true });
    expect(newer.accessToken).not.toBe(old.accessToken);
    expect(await tokenRequests(() => a.invalidate(old.accessToken))).toBe(0);
    expect((await store.get(a.cacheKey))?.accessToken).toBe(newer.accessToken);
    let next = old;
    expect(
      await tokenRequests(async () => {
        next = await a.getToken();
      }),
    ).toBe(0);
    expect(next.accessToken).toBe(newer.accessToken);
  });

  it('a token revoked before its expiry is replaced after invalidate (no trust in the local expiry alone)', async () => {
    const p = provider();
    const first = await p.getToken();
    await new AccountsClient({ ...credentials }).revoke(first.accessToken);
    expect(await organizationsStatus(first.accessToken)).toBe(401);
    await p.invalidate(first.accessToken);
    const second = await p.getToken();
    expect(await organizationsStatus(second.accessToken)).toBe(200);
  });

  it('uses the current token while it is valid when a refresh fails on the network', async () => {
    const warnings: string[] = [];
    const p = provider({ maxRetries: 0, logger: { warn: (m) => warnings.push(m) } });
    const first = await p.getToken();
    emu.advance(57 * 60_000);
    emu.injectFault({ target: 'token', kind: 'status', status: 503 });
    expect((await p.getToken()).accessToken).toBe(first.accessToken);
    expect(warnings.join('\n')).toMatch(/refresh failed/);
    emu.advance(4 * 60_000); // expired now, and the server is down again
    emu.injectFault({ target: 'token', kind: 'status', status: 503 });
    await expect(p.getToken()).rejects.toBeInstanceOf(NetworkError);
  });

  it('a failing store does not take the program down: it warns once and caches in-process', async () => {
    const broken: TokenStore = {
      description: 'broken-test-store',
      get: async () => {
        throw new StoreError('store is down', 'start it');
      },
      set: async () => {
        throw new StoreError('store is down', 'start it');
      },
      delete: async () => {
        throw new StoreError('store is down', 'start it');
      },
      withLock: async () => {
        throw new StoreError('store is down', 'start it');
      },
    };
    const warnings: string[] = [];
    const p = provider({ store: broken, logger: { warn: (m) => warnings.push(m) } });
    expect(await tokenRequests(() => Promise.all(Array.from({ length: 10 }, () => p.getToken())))).toBe(1);
    expect(await tokenRequests(() => p.getToken())).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/broken-test-store.*in this process/);
  });

  it('reads a token another process wrote to the store instead of refreshing', async () => {
    const store = new MemoryTokenStore();
    const writer = provider({ store });
    const written = await writer.getToken();
    const reader = provider({ store });
    expect(
      await tokenRequests(async () =>
        expect((await reader.getToken()).accessToken).toBe(written.accessToken),
      ),
    ).toBe(0);
  });

  it('never puts the refresh token in the store key', () => {
    const p = provider();
    expect(p.cacheKey).not.toContain(credentials.refreshToken);
    expect(p.cacheKey).not.toContain(credentials.clientSecret);
  });

  it('after a failed store write, never says the store is back until a write works again', async () => {
    const inner = new MemoryTokenStore();
    let writable = false;
    const readOnly: TokenStore = {
      description: 'read-only-test-store',
      get: (key) => inner.get(key),
      set: async (key, value) => {
        if (!writable) throw new StoreError('the disk is read-only', 'remount it');
        await inner.set(key, value);
      },
      delete: async (key, token) => {
        if (!writable) throw new StoreError('the disk is read-only', 'remount it');
        await inner.delete(key, token);
      },
      withLock: (key, fn) => inner.withLock(key, fn),
    };
    const warnings: string[] = [];
    const p = provider({ store: readOnly, logger: { warn: (m) => warnings.push(m) } });
    await p.getToken();
    await p.getToken({ forceRefresh: true });
    await p.peek();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/read-only-test-store failed on write/);
    writable = true;
    await p.getToken({ forceRefresh: true });
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/read-only-test-store is back/);
  });

  it('warns the Node way by default (process.emitWarning), and not at all with silentLogger', async () => {
    const seen: Error[] = [];
    const listen = (warning: Error) => void seen.push(warning);
    const down: TokenStore = {
      description: 'down-test-store',
      get: async () => Promise.reject(new StoreError('store is down', 'start it')),
      set: async () => Promise.reject(new StoreError('store is down', 'start it')),
      delete: async () => Promise.reject(new StoreError('store is down', 'start it')),
      withLock: async () => Promise.reject(new StoreError('store is down', 'start it')),
    };
    process.on('warning', listen);
    try {
      await provider({ store: down }).getToken();
      await provider({ store: down, logger: silentLogger }).getToken();
      // emitWarning delivers on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listen);
    }
    const ours = seen.filter((w) => w.name === WARNING_TYPE);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.message).toMatch(/down-test-store failed on read/);
    // What the README promises is what the code does.
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\`${WARNING_TYPE}\``);
    expect(readme).toMatch(/NODE_NO_WARNINGS=1.*\n?.*silentLogger/);
    expect((await import('../../src/index.js')).silentLogger).toBe(silentLogger);
  });
});

describe('TokenProvider: a throttle is shared, like the token', () => {
  /** Zoho's "Access Denied" for the next token request, and one process that gets it: when its cooldown ends. */
  async function throttledBy(store: TokenStore) {
    const first = provider({ store, throttleCooldownMs: 60_000 });
    emu.injectFault({ target: 'token', kind: 'throttle', count: 1 });
    expect(await tokenRequests(() => first.getToken().catch(() => undefined))).toBe(1);
    const record = await store.getThrottle?.(first.cacheKey);
    expect(record?.until).toBeGreaterThan(emu.now());
    return record!.until;
  }

  it('every provider sharing a store waits the cooldown out: 0 token requests, the same retryAt', async () => {
    const store = new MemoryTokenStore();
    const retryAt = await throttledBy(store);
    const requests = await tokenRequests(async () => {
      for (let i = 0; i < 10; i++) {
        const error = await provider({ store })
          .getToken()
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TokenRateLimitedError);
        expect((error as TokenRateLimitedError).retryAt).toBe(retryAt);
      }
    });
    expect(requests).toBe(0);
    emu.advance(61_000);
    expect((await provider({ store }).getToken()).accessToken).toMatch(/^1000\./);
  });

  it('through a file, as separate processes see it; a still-valid token is served meanwhile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zbooks-throttle-'));
    try {
      const path = join(dir, 'tokens.json');
      const clock = clockOf(emu);
      const open = () => new FileTokenStore({ path, clock });
      const valid = await provider({ store: open() }).getToken();
      emu.advance(57 * 60_000); // inside the refresh margin: every process would refresh now
      await throttledBy(open());
      const requests = await tokenRequests(async () => {
        for (let i = 0; i < 10; i++) {
          expect((await provider({ store: open() }).getToken()).accessToken).toBe(valid.accessToken);
        }
      });
      expect(requests).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a record claiming a cooldown longer than zbooks ever sets is bounded to 10 minutes', async () => {
    const store = new MemoryTokenStore();
    const p = provider({ store });
    await store.setThrottle(p.cacheKey, { until: emu.now() + 30 * 24 * 3_600_000, strikes: 3 });
    const error = (await p.getToken().catch((e: unknown) => e)) as TokenRateLimitedError;
    expect(error).toBeInstanceOf(TokenRateLimitedError);
    expect(error.retryAt).toBeLessThanOrEqual(emu.now() + 10 * 60_000);
  });
});
