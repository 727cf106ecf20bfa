import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTokenStore } from '../../src/auth/stores/open-store.js';
import type { TokenStore } from '../../src/auth/stores/token-store.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { type AccessToken, TokenRateLimitedError } from '../../src/index.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';

const PROCESSES = 10;

/**
 * Issue 9.2, with real processes: once one process sharing a store is throttled ("Access Denied" after Zoho's
 * 10 tokens per 10 minutes, the emulator's own limit), every `zbooks auth token` started during the cooldown
 * waits it out instead of asking again (each ask prolongs the block): 0 token requests between them.
 */
describe.each(['file', 'redis'] as const)('a throttle shared through the %s store', (kind) => {
  let world: SeededEmulator;
  let redis: RedisServer | undefined;
  let config: Awaited<ReturnType<typeof tempDir>>;
  let spec: string;
  let store: TokenStore;

  beforeAll(async () => {
    if (kind === 'redis') redis = await startRedis();
  });
  afterAll(() => redis?.stop());
  beforeEach(async () => {
    world = await seededEmulator();
    config = await tempDir('zbooks-throttle-fleet-');
    spec = kind === 'redis' ? redis!.url : `file:${config.path}/cache/tokens.json`;
    store = openTokenStore(spec);
  });
  afterEach(async () => {
    await store.close?.();
    await world.close();
    await config.remove();
  });

  /** The first process: mints until Zoho says "Access Denied" (the 11th in 10 minutes). */
  async function exhaustTheRefreshToken(): Promise<{ provider: TokenProvider; last: AccessToken }> {
    // A long cooldown, so that a slow machine still starts every process inside it.
    const provider = new TokenProvider({ ...world.credential, store, throttleCooldownMs: 5 * 60_000 });
    let last: AccessToken | undefined;
    for (;;) {
      const outcome = await provider.getToken({ forceRefresh: true }).catch((e: unknown) => e);
      if (outcome instanceof TokenRateLimitedError) break;
      if (outcome instanceof Error) throw outcome;
      last = outcome as AccessToken;
    }
    expect(world.emu.stats().throttled).toBe(1);
    return { provider, last: last! };
  }

  /**
   * One after the other: they need not overlap to share the cooldown, and ten Node processes starting at once
   * on a busy two-core machine would starve each other past the Redis store's 2 s timeout.
   */
  async function processes() {
    const results = [];
    for (let i = 0; i < PROCESSES; i++) results.push(await cli());
    return results;
  }

  const cli = () =>
    zbooks(['auth', 'token'], {
      env: {
        ZBOOKS_CONFIG_DIR: config.path,
        ZBOOKS_TOKEN_STORE: spec,
        ZOHO_ACCOUNTS_URL: world.credential.accountsUrl,
        ZOHO_API_DOMAIN: world.credential.apiDomain,
        ZOHO_CLIENT_ID: world.credential.clientId,
        ZOHO_CLIENT_SECRET: world.credential.clientSecret,
        ZOHO_REFRESH_TOKEN: world.credential.refreshToken,
      },
    });

  it(`${PROCESSES} processes started during the cooldown make 0 token requests, and say when to retry`, async () => {
    await exhaustTheRefreshToken();
    const before = world.tokenRequests();
    const results = await processes();
    expect(world.tokenRequests() - before).toBe(0);
    for (const result of results) {
      expect(result.code).toBe(5);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/throttling token requests.*\n.*Retry after \d{4}-\d\d-\d\dT/);
    }
  }, 60_000);

  it(`${PROCESSES} processes started during the cooldown serve a still-valid token, with 0 token requests`, async () => {
    const { provider, last } = await exhaustTheRefreshToken();
    // The last token Zoho gave is still valid there, but inside the refresh margin: without the shared
    // cooldown, each process would try to refresh it.
    await store.set(provider.cacheKey, {
      ...last,
      obtainedAt: Date.now() - 57 * 60_000,
      expiresAt: Date.now() + 3 * 60_000,
    });
    const before = world.tokenRequests();
    const results = await processes();
    expect(world.tokenRequests() - before).toBe(0);
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(last.accessToken);
    }
  }, 60_000);
});
