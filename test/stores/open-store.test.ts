import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/auth/stores/file-store.js';
import { MemoryTokenStore } from '../../src/auth/stores/memory-store.js';
import { openTokenStore, parseTokenStoreSpec, tokenStoreFromEnv } from '../../src/auth/stores/open-store.js';
import { RedisTokenStore } from '../../src/auth/stores/redis-store.js';
import type { ResolvedSettings } from '../../src/cli/settings.js';
import { openCliTokenStore } from '../../src/cli/token-store.js';
import { ConfigError } from '../../src/core/errors.js';
import { KEY, storedToken } from './tokens.js';

const ACCEPTED = 'memory, file, file:<path>, or redis://host:port/db';

describe('choosing a token store from a spec', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zbooks-open-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('understands memory, file, file:<path> and redis URLs', () => {
    expect(parseTokenStoreSpec('memory')).toEqual({ kind: 'memory' });
    expect(parseTokenStoreSpec(' file ')).toEqual({ kind: 'file', path: undefined });
    expect(parseTokenStoreSpec('file:/var/cache/zb.json')).toEqual({
      kind: 'file',
      path: '/var/cache/zb.json',
    });
    expect(parseTokenStoreSpec('file:rel/zb.json')).toEqual({ kind: 'file', path: resolve('rel/zb.json') });
    expect(parseTokenStoreSpec('redis://10.0.0.5:6380/2')).toEqual({
      kind: 'redis',
      url: 'redis://10.0.0.5:6380/2',
    });
    expect(parseTokenStoreSpec('rediss://cache.internal/0').kind).toBe('redis');
  });

  it.each([
    'sqlite:/tmp/x.db',
    'mongodb://admin:pw-in-url-123@db/0',
    'file:',
    'redis://:pw-in-url-123@host:6379/notanumber',
    'redis://:pw-in-url-123@host:notaport/0',
    'a pasted secret by mistake pw-in-url-123',
  ])('rejects %j as a ConfigError naming the accepted forms, never echoing it', (spec) => {
    const error = (() => {
      try {
        parseTokenStoreSpec(spec);
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(`${error?.message} ${error?.hint}`).toMatch(/ZBOOKS_TOKEN_STORE|redis/);
    expect(`${error?.message} ${error?.hint}`).not.toContain('pw-in-url-123');
    if (!spec.startsWith('redis')) expect(error?.hint).toContain(ACCEPTED);
  });

  it('opens the store a spec names; redis describes itself without its password', async () => {
    expect(openTokenStore('memory')).toBeInstanceOf(MemoryTokenStore);
    const file = openTokenStore('file', { configDir: dir });
    expect(file).toBeInstanceOf(FileTokenStore);
    expect((file as FileTokenStore).path).toBe(join(dir, 'token-cache.json'));
    const redis = openTokenStore('redis://:topsecret@127.0.0.1:6390/3');
    expect(redis).toBeInstanceOf(RedisTokenStore);
    expect(redis.description).toBe('redis 127.0.0.1:6390/3');
    await redis.close?.();
    expect(() => openTokenStore('file')).toThrow(ConfigError);
  });

  it('reads ZBOOKS_TOKEN_STORE and ZBOOKS_STORE_KEY from an environment, memory when unset', async () => {
    expect(tokenStoreFromEnv({})).toBeInstanceOf(MemoryTokenStore);
    const path = join(dir, 'env.json');
    const store = tokenStoreFromEnv({ ZBOOKS_TOKEN_STORE: `file:${path}`, ZBOOKS_STORE_KEY: 'k'.repeat(32) });
    const token = storedToken();
    await store.set(KEY, token);
    expect(await readFile(path, 'utf8')).not.toContain(token.accessToken);
  });

  it('gives the CLI a file cache in its config dir by default, and what the settings say otherwise', async () => {
    const settings = (tokenStore?: string): ResolvedSettings => ({
      values: tokenStore ? { tokenStore } : {},
      sources: {},
      profileName: 'default',
      configDir: dir,
      profile: undefined,
    });
    const byDefault = await openCliTokenStore(settings(), { env: {} });
    expect(byDefault.description).toBe(`file ${join(dir, 'token-cache.json')}`);
    expect(await openCliTokenStore(settings('memory'), { env: {} })).toBeInstanceOf(MemoryTokenStore);
    await expect(openCliTokenStore(settings('nonsense'), { env: {} })).rejects.toThrow(ConfigError);
  });
});
