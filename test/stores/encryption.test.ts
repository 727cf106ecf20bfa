import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/auth/stores/file-store.js';
import { RedisTokenStore } from '../../src/auth/stores/redis-store.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { ConfigError, StoreError } from '../../src/core/errors.js';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { describeWith } from '../helpers/tools.js';
import { KEY, recordingLogger, storedToken } from './tokens.js';

const SECRET = 'correct horse battery staple 42';
const OTHER = 'another secret of enough length';

describe('encryption at rest (ZBOOKS_STORE_KEY)', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zbooks-enc-'));
    path = join(dir, 'tokens.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips through the file while the file holds no readable token', async () => {
    const token = storedToken();
    await new FileTokenStore({ path, encryptionKey: SECRET }).set(KEY, token);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(token.accessToken);
    expect(text).not.toContain(token.apiDomain);
    expect(await new FileTokenStore({ path, encryptionKey: SECRET }).get(KEY)).toEqual(token);
  });

  it('refuses a wrong key with a clear StoreError instead of returning garbage', async () => {
    await new FileTokenStore({ path, encryptionKey: SECRET }).set(KEY, storedToken());
    const error = await new FileTokenStore({ path, encryptionKey: OTHER }).get(KEY).catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.reason).toBe('store_key_mismatch');
    expect(error.message).toContain('ZBOOKS_STORE_KEY');
    expect(`${error.message} ${error.hint}`).not.toContain(SECRET);
    expect(`${error.message} ${error.hint}`).not.toContain(OTHER);
  });

  it('tells a process without the key that it needs one', async () => {
    await new FileTokenStore({ path, encryptionKey: SECRET }).set(KEY, storedToken());
    const error = await new FileTokenStore({ path }).get(KEY).catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.reason).toBe('store_key_missing');
  });

  it('refuses a sealed entry copied under another credential, or altered', async () => {
    await new FileTokenStore({ path, encryptionKey: SECRET }).set(KEY, storedToken());
    const file = JSON.parse(await readFile(path, 'utf8'));
    const entry: { sealed: string; expiresAt: number } = file.entries[KEY];
    file.entries['other-key'] = entry;
    file.entries.altered = { ...entry, sealed: `${entry.sealed.slice(0, -4)}AAAA` };
    await writeFile(path, JSON.stringify(file));
    const store = new FileTokenStore({ path, encryptionKey: SECRET });
    await expect(store.get('other-key')).rejects.toMatchObject({ reason: 'store_key_mismatch' });
    await expect(store.get('altered')).rejects.toMatchObject({ reason: 'store_key_mismatch' });
  });

  it('does not trust a plaintext entry once a key is set (it is replaced at the next refresh)', async () => {
    await new FileTokenStore({ path }).set(KEY, storedToken());
    expect(await new FileTokenStore({ path, encryptionKey: SECRET }).get(KEY)).toBeUndefined();
  });

  it('rejects a key too short to be one, as a configuration error', () => {
    expect(() => new FileTokenStore({ path, encryptionKey: 'short' })).toThrow(ConfigError);
  });

  describeWith('redis-server')('with Redis and a provider', () => {
    let redis: RedisServer;
    let world: SeededEmulator;
    beforeAll(async () => {
      // One after the other: if the second failed to start, the first must still be stopped in afterAll.
      redis = await startRedis();
      world = await seededEmulator();
    });
    afterAll(async () => {
      await redis?.stop();
      await world?.close();
    });

    it('round-trips through Redis while Redis holds no readable token', async () => {
      const token = storedToken();
      const store = new RedisTokenStore({ url: redis.url, encryptionKey: SECRET });
      const admin = new Redis(redis.url);
      try {
        await store.set(KEY, token);
        const raw = await admin.hget(`${KEY}:token`, 'v');
        expect(raw).not.toContain(token.accessToken);
        expect(await store.get(KEY)).toEqual(token);
        const error = await new RedisTokenStore({ url: redis.url, encryptionKey: OTHER })
          .get(KEY)
          .catch((e) => e);
        expect(error).toMatchObject({ reason: 'store_key_mismatch' });
        // Compare-and-delete works on the sealed entry too.
        await store.delete(KEY, token.accessToken);
        expect(await store.get(KEY)).toBeUndefined();
      } finally {
        admin.disconnect();
        await store.close();
      }
    });

    it('a process with the wrong key still works, and says once which variable to fix', async () => {
      const right = new RedisTokenStore({ url: redis.url, encryptionKey: SECRET });
      const wrong = new RedisTokenStore({ url: redis.url, encryptionKey: OTHER });
      const logger = recordingLogger();
      try {
        await new TokenProvider({ ...world.credential, store: right }).getToken();
        const token = await new TokenProvider({ ...world.credential, store: wrong, logger }).getToken();
        expect(token.accessToken).toMatch(/^1000\./);
        expect(logger.warnings.filter((w) => w.includes('ZBOOKS_STORE_KEY'))).toHaveLength(1);
      } finally {
        await right.close();
        await wrong.close();
      }
    });
  });
});
