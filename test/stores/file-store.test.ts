import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/auth/stores/file-store.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { StoreError } from '../../src/core/errors.js';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { KEY, recordingLogger, storedToken } from './tokens.js';

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('FileTokenStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zbooks-file-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps tokens across instances (as another process would see them) and forgets them on delete', async () => {
    const path = join(dir, 'tokens.json');
    const token = storedToken();
    await new FileTokenStore({ path }).set(KEY, token);
    expect(await new FileTokenStore({ path }).get(KEY)).toEqual(token);
    expect(await new FileTokenStore({ path }).get('another key')).toBeUndefined();
    await new FileTokenStore({ path }).delete(KEY);
    expect(await new FileTokenStore({ path }).get(KEY)).toBeUndefined();
  });

  it('deletes by compare-and-delete only while the entry still holds the rejected token', async () => {
    const store = new FileTokenStore({ path: join(dir, 'tokens.json') });
    const old = storedToken();
    const newer = storedToken();
    await store.set(KEY, newer);
    await store.delete(KEY, old.accessToken);
    expect(await store.get(KEY)).toEqual(newer);
    await store.delete(KEY, newer.accessToken);
    expect(await store.get(KEY)).toBeUndefined();
  });

  it('writes the file 0600 in a directory it creates 0700, and re-tightens a loosened file on save', async () => {
    const path = join(dir, 'new', 'nested', 'tokens.json');
    const store = new FileTokenStore({ path });
    await store.set(KEY, storedToken());
    expect(await mode(path)).toBe(0o600);
    expect(await mode(join(dir, 'new', 'nested'))).toBe(0o700);
    expect(await mode(join(dir, 'new'))).toBe(0o700);
    await chmod(path, 0o644);
    await store.set(KEY, storedToken());
    expect(await mode(path)).toBe(0o600);
  });

  it('tightens its own config dir to 0700, but leaves a directory the user named as it is', async () => {
    const own = join(dir, 'config');
    const users = join(dir, 'shared');
    await mkdir(own, { mode: 0o755 });
    await mkdir(users, { mode: 0o755 });
    await chmod(own, 0o755);
    await chmod(users, 0o755);
    await new FileTokenStore({ path: join(own, 'tokens.json'), privateDir: true }).set(KEY, storedToken());
    await new FileTokenStore({ path: join(users, 'tokens.json') }).set(KEY, storedToken());
    expect(await mode(own)).toBe(0o700);
    expect(await mode(users)).toBe(0o755);
    expect(await mode(join(users, 'tokens.json'))).toBe(0o600);
  });

  it('loses no entry when two processes write at once (read-modify-write under a lock)', async () => {
    const path = join(dir, 'tokens.json');
    const a = new FileTokenStore({ path });
    const b = new FileTokenStore({ path });
    await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).set(`key-${i}`, storedToken())));
    for (let i = 0; i < 16; i++) expect(await a.get(`key-${i}`)).toBeDefined();
  });

  it('drops expired entries when it next writes', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore({ path });
    await store.set('old', storedToken(Date.now() - 7_200_000));
    await store.set(KEY, storedToken());
    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(Object.keys(file.entries)).toEqual([KEY]);
  });

  it('fails with a StoreError naming the file, not hanging, when the location is unusable', async () => {
    await writeFile(join(dir, 'a-file'), 'not a directory');
    const store = new FileTokenStore({ path: join(dir, 'a-file', 'tokens.json') });
    for (const call of [
      () => store.get(KEY),
      () => store.set(KEY, storedToken()),
      () => store.withLock(KEY, async () => 1),
    ]) {
      const error = await call().catch((e) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error.kind).toBe('network');
      expect(error.message).toContain(join(dir, 'a-file', 'tokens.json'));
    }
  });

  it('passes errors of the locked function through unchanged', async () => {
    const store = new FileTokenStore({ path: join(dir, 'tokens.json') });
    const boom = new Error('boom');
    await expect(store.withLock(KEY, () => Promise.reject(boom))).rejects.toBe(boom);
  });
});

describe('FileTokenStore under a token provider', () => {
  let world: SeededEmulator;
  let dir: string;
  beforeAll(async () => {
    world = await seededEmulator();
  });
  afterAll(() => world?.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zbooks-file-provider-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const provider = (store: FileTokenStore, logger = recordingLogger()) =>
    new TokenProvider({ ...world.credential, store, logger });

  it.each([
    ['garbage', 'this is not json {'],
    ['truncated', '{"version":1,"entries":{"zbooks:v1:x":{"accessToken":"1000.ab'],
    ['empty', ''],
  ])('treats a %s cache file as empty: one refresh, one warning, then a sound file', async (_, content) => {
    const path = join(dir, 'tokens.json');
    await writeFile(path, content);
    const logger = recordingLogger();
    const store = new FileTokenStore({ path, logger });
    const before = world.tokenRequests();
    const p = provider(store, logger);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => p.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(world.tokenRequests() - before).toBe(1);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain('damaged');
    expect(logger.warnings[0]).toContain(path);
    // Another process now finds the token without asking Zoho.
    await provider(new FileTokenStore({ path })).getToken();
    expect(world.tokenRequests() - before).toBe(1);
  });

  it('keeps working in-process when the file cannot be written, and says so once', async () => {
    await writeFile(join(dir, 'a-file'), 'x');
    const logger = recordingLogger();
    const p = provider(new FileTokenStore({ path: join(dir, 'a-file', 'tokens.json') }), logger);
    const first = await p.getToken();
    const again = await p.getToken({ forceRefresh: true });
    expect(again.accessToken).not.toBe(first.accessToken);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain('ZBOOKS_TOKEN_STORE=file:<path>');
  });

  it('never writes the refresh token or the client secret to the file', async () => {
    const path = join(dir, 'tokens.json');
    await provider(new FileTokenStore({ path })).getToken();
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(world.credential.refreshToken);
    expect(text).not.toContain(world.credential.clientSecret);
  });
});
