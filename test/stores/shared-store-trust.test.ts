import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/auth/stores/file-store.js';
import { RedisTokenStore } from '../../src/auth/stores/redis-store.js';
import type { TokenStore } from '../../src/auth/stores/token-store.js';
import { TokenProvider, type TokenProviderOptions } from '../../src/auth/token-provider.js';
import { StoreError } from '../../src/core/errors.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { type Credential, type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { recordingLogger, zohoToken } from './tokens.js';

const KEY_A = 'correct horse battery staple 42';
const KEY_B = 'another secret of enough length';
const HOUR = 3_600_000;

/**
 * A store shared by processes (Redis, a file) holds what any of them, or anyone with access to it, wrote.
 * Entries are written only by processes that could read them, and what is read is checked before use.
 */
describe('what a shared store holds', () => {
  let world: SeededEmulator;
  let redis: RedisServer;
  let admin: Redis;
  let dir: string;
  /** A fresh refresh token per test: each has its own 10 mints per 10 minutes. */
  let credential: Credential;
  const stores: TokenStore[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    world = await seededEmulator();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await world?.close();
    await redis?.stop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zbooks-trust-'));
    const seed = world.emu.seedLoggedIn();
    credential = {
      accountsUrl: seed.accounts_url,
      apiDomain: seed.api_domain,
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken: seed.refresh_token,
    };
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close?.();
    await admin.flushdb();
    await rm(dir, { recursive: true, force: true });
  });

  const redisStore = (encryptionKey?: string) => {
    const store = new RedisTokenStore({ url: redis.url, ...(encryptionKey ? { encryptionKey } : {}) });
    stores.push(store);
    return store;
  };
  const fileStore = (encryptionKey?: string) =>
    new FileTokenStore({ path: join(dir, 'tokens.json'), ...(encryptionKey ? { encryptionKey } : {}) });
  /** One run of a program: a new provider, as a new process would build it. */
  const run = (store: TokenStore, extra: Partial<TokenProviderOptions> = {}) => {
    const logger = recordingLogger();
    return { provider: new TokenProvider({ ...credential, store, logger, ...extra }), logger };
  };
  const rawRedisEntry = (cacheKey: string) => admin.hget(`${cacheKey}:token`, 'v');
  const rawFileEntry = async (cacheKey: string) =>
    JSON.stringify(JSON.parse(await readFile(join(dir, 'tokens.json'), 'utf8')).entries[cacheKey]);

  describe.each([
    ['Redis', redisStore, rawRedisEntry],
    ['a file', fileStore, rawFileEntry],
  ] as const)('through %s', (_, open, raw) => {
    it('a process with another ZBOOKS_STORE_KEY keeps its token to itself, says so once, never overwrites', async () => {
      const owner = run(open(KEY_A));
      const shared = await owner.provider.getToken();
      const sealed = await raw(owner.provider.cacheKey);
      for (let i = 0; i < 3; i++) {
        const other = run(open(KEY_B));
        const own = await other.provider.getToken();
        expect(own.accessToken).not.toBe(shared.accessToken);
        await other.provider.getToken({ forceRefresh: true });
        expect(other.logger.warnings).toHaveLength(1);
        expect(other.logger.warnings[0]).toMatch(/ZBOOKS_STORE_KEY.*keeps its tokens to itself/);
      }
      expect(await raw(owner.provider.cacheKey)).toBe(sealed);
      // The processes that can read the entry still share it: no token request for them.
      const before = world.tokenRequests();
      expect((await run(open(KEY_A)).provider.getToken()).accessToken).toBe(shared.accessToken);
      expect(world.tokenRequests()).toBe(before);
    });

    it('a process without a key never replaces a sealed entry with a plaintext one', async () => {
      const owner = run(open(KEY_A));
      await owner.provider.getToken();
      const sealed = await raw(owner.provider.cacheKey);
      const keyless = run(open());
      await keyless.provider.getToken();
      await keyless.provider.getToken({ forceRefresh: true });
      expect(await raw(owner.provider.cacheKey)).toBe(sealed);
      expect(sealed).toMatch(/zbenc1\./);
      expect(keyless.logger.warnings.join('\n')).toMatch(/ZBOOKS_STORE_KEY is not set/);
    });

    it('the store itself refuses the overwrite, whoever asks', async () => {
      const owner = run(open(KEY_A));
      const token = await owner.provider.getToken();
      const sealed = await raw(owner.provider.cacheKey);
      const entry = { ...token, accessToken: zohoToken(), obtainedAt: world.emu.now() };
      const wrong = await open(KEY_B)
        .set(owner.provider.cacheKey, entry)
        .catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(StoreError);
      expect((wrong as StoreError).reason).toBe('store_key_mismatch');
      const none = await open()
        .set(owner.provider.cacheKey, entry)
        .catch((e: unknown) => e);
      expect((none as StoreError).reason).toBe('store_key_missing');
      expect(await raw(owner.provider.cacheKey)).toBe(sealed);
    });

    it('a token naming an API host this configuration does not use is ignored, and replaced', async () => {
      const store = open();
      const { provider, logger } = run(store, { apiDomain: credential.apiDomain });
      const planted = zohoToken();
      await store.set(provider.cacheKey, {
        accessToken: planted,
        expiresAt: world.emu.now() + HOUR,
        apiDomain: 'https://books.attacker.example',
        obtainedAt: world.emu.now(),
      });
      const before = world.tokenRequests();
      const token = await provider.getToken();
      expect(token.accessToken).not.toBe(planted);
      expect(token.apiDomain).toBe(credential.apiDomain);
      expect(world.tokenRequests() - before).toBe(1);
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toContain('https://books.attacker.example');
      expect((await store.get(provider.cacheKey))?.accessToken).toBe(token.accessToken);
    });

    it('a stored expiry beyond the hour Zoho grants is not believed', async () => {
      const store = open();
      const { provider } = run(store);
      const planted = zohoToken();
      await store.set(provider.cacheKey, {
        accessToken: planted,
        expiresAt: world.emu.now() + 365 * 24 * HOUR,
        apiDomain: credential.apiDomain,
        obtainedAt: world.emu.now() - 2 * HOUR,
      });
      expect((await provider.getToken()).accessToken).not.toBe(planted);
    });
  });

  it('a 401 removes the Redis entry holding the refused token, whatever its fingerprint says', async () => {
    const { provider } = run(redisStore());
    const planted = zohoToken();
    const entry = {
      accessToken: planted,
      expiresAt: world.emu.now() + HOUR,
      apiDomain: credential.apiDomain,
      obtainedAt: world.emu.now(),
    };
    await admin.hset(`${provider.cacheKey}:token`, 'fp', 'forged', 'v', JSON.stringify(entry));
    await admin.pexpire(`${provider.cacheKey}:token`, HOUR);
    const used = await provider.getToken();
    expect(used.accessToken).toBe(planted);
    const answer = await fetch(`${used.apiDomain}/books/v3/organizations`, {
      headers: { authorization: `Zoho-oauthtoken ${used.accessToken}` },
    });
    await answer.arrayBuffer();
    expect(answer.status).toBe(401);
    await provider.invalidate(used.accessToken);
    expect(await admin.exists(`${provider.cacheKey}:token`)).toBe(0);
    expect((await provider.getToken()).accessToken).not.toBe(planted);
  });

  describe('zbooks orgs with a poisoned Redis entry', () => {
    let config: Awaited<ReturnType<typeof tempDir>>;
    let attacker: Server;
    const received: IncomingHttpHeaders[] = [];
    beforeAll(async () => {
      attacker = createServer((request, response) => {
        received.push(request.headers);
        response.setHeader('content-type', 'application/json');
        response.end('{"code":0,"message":"success","organizations":[]}');
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise((resolve) => attacker.close(resolve)));
    beforeEach(async () => {
      config = await tempDir();
    });
    afterEach(() => config.remove());

    it('never sends the token to the host the entry names', async () => {
      const seed = world.emu.seed();
      const env = { ZBOOKS_CONFIG_DIR: config.path, ZBOOKS_TOKEN_STORE: redis.url };
      const login = await zbooks(['auth', 'login'], {
        env: {
          ...env,
          ZOHO_ACCOUNTS_URL: seed.accounts_url,
          ZOHO_CLIENT_ID: seed.client_id,
          ZOHO_CLIENT_SECRET: seed.client_secret,
          ZOHO_GRANT_CODE: seed.code,
        },
      });
      expect(login.code).toBe(0);
      const profile = JSON.parse(await readFile(join(config.path, 'profiles.json'), 'utf8')).profiles.default;
      const { cacheKey } = new TokenProvider({
        clientId: profile.client_id,
        clientSecret: profile.client_secret,
        refreshToken: profile.refresh_token,
        accountsUrl: profile.accounts_url,
      });
      // Someone with access to the Redis writes an entry of their own, with their server as the API host.
      const { port } = attacker.address() as { port: number };
      const entry = {
        accessToken: (await new TokenProvider({ ...credential }).getToken()).accessToken,
        expiresAt: Date.now() + HOUR,
        apiDomain: `http://127.0.0.1:${port}`,
        obtainedAt: Date.now(),
      };
      await admin.del(`${cacheKey}:token`);
      await admin.hset(`${cacheKey}:token`, 'fp', 'x', 'v', JSON.stringify(entry));
      await admin.pexpire(`${cacheKey}:token`, HOUR);
      const orgs = await zbooks(['orgs', '--json'], { env });
      expect(received).toEqual([]);
      expect(orgs.code).toBe(0);
      expect(orgs.stdout).toContain(seed.organizations[0]!.organization_id);
      expect(orgs.stderr).toContain(`http://127.0.0.1:${port}`);
    });
  });
});
