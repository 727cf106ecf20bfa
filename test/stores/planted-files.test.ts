import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../src/auth/stores/file-lock.js';
import { FileTokenStore } from '../../src/auth/stores/file-store.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { saveProfile } from '../../src/cli/profile-file.js';
import { systemClock } from '../../src/core/clock.js';
import { StoreError } from '../../src/core/errors.js';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { KEY, recordingLogger, storedToken } from './tokens.js';

/**
 * What someone who can put a file where zbooks keeps its secrets would plant: a FIFO (a read of it never
 * returns), a symlink to /dev/zero (a read of it never ends), a file too large to be ours, a symlink to their
 * own file. Each is refused with an error naming the path, at once, and a token provider carries on without the
 * store, as for any outage.
 */
describe('files planted where the token cache lives', () => {
  let world: SeededEmulator;
  let dir: string;
  let path: string;
  beforeAll(async () => {
    world = await seededEmulator();
  });
  afterAll(() => world?.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zbooks-planted-'));
    path = join(dir, 'tokens.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const lockPathOf = (key: string) =>
    `${path}.${createHash('sha256').update(key).digest('hex').slice(0, 16)}.lock`;
  const mkfifo = (at: string) => execFileSync('mkfifo', [at]);

  async function refusedBy(call: Promise<unknown>, named: string) {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(named);
    return error as StoreError;
  }

  it('a FIFO as the cache file is a StoreError naming it, and the provider still hands out a token', async () => {
    mkfifo(path);
    const error = await refusedBy(new FileTokenStore({ path }).get(KEY), path);
    expect(error.message).toMatch(/FIFO/);
    const logger = recordingLogger();
    const provider = new TokenProvider({ ...world.credential, store: new FileTokenStore({ path }), logger });
    const before = world.tokenRequests();
    expect((await provider.getToken()).accessToken).toMatch(/^1000\./);
    expect(world.tokenRequests() - before).toBe(1);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain(path);
  });

  it('a FIFO as the refresh lock or the write lock is a StoreError naming it, never a hang', async () => {
    const store = new FileTokenStore({ path });
    const logger = recordingLogger();
    const provider = new TokenProvider({ ...world.credential, store, logger });
    const lockPath = lockPathOf(provider.cacheKey);
    mkfifo(lockPath);
    await refusedBy(
      store.withLock(provider.cacheKey, async () => 1),
      lockPath,
    );
    mkfifo(`${path}.write.lock`);
    await refusedBy(store.set(KEY, storedToken()), `${path}.write.lock`);
    expect((await provider.getToken()).accessToken).toMatch(/^1000\./);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain(lockPath);
  });

  it('a lock symlinked to /dev/zero is refused as a symlink, not read', async () => {
    await symlink('/dev/zero', lockPathOf(KEY));
    const error = await refusedBy(
      new FileTokenStore({ path }).withLock(KEY, async () => 1),
      lockPathOf(KEY),
    );
    expect(error.message).toMatch(/symbolic link/);
  });

  it('a cache file that is a symlink to someone else’s file, or larger than 1 MiB, is refused', async () => {
    const theirs = join(dir, 'theirs.json');
    await writeFile(theirs, JSON.stringify({ version: 1, entries: { [KEY]: storedToken() } }));
    await symlink(theirs, path);
    expect((await refusedBy(new FileTokenStore({ path }).get(KEY), path)).message).toMatch(/symbolic link/);
    await rm(path);
    await writeFile(path, `{"version":1,"entries":{},"pad":"${'x'.repeat(1024 * 1024)}"}`);
    expect((await refusedBy(new FileTokenStore({ path }).get(KEY), path)).message).toMatch(/1 MiB/);
  });

  it('a cache directory others can write is refused: nothing is read from it or written to it', async () => {
    await chmod(dir, 0o777);
    const store = new FileTokenStore({ path });
    const error = await refusedBy(store.set(KEY, storedToken()), dir);
    expect(error.message).toMatch(/writable by every user/);
    expect(error.hint).toContain(`chmod go-w ${dir}`);
    await refusedBy(store.get(KEY), dir);
    expect(await readdir(dir)).toEqual([]);
  });

  it('in a sticky directory everyone can write (like /tmp), the cache goes into a directory of this user', async () => {
    await chmod(dir, 0o1777);
    // Planted before the victim's first run: a FIFO under the name the victim gave.
    mkfifo(path);
    const store = new FileTokenStore({ path });
    const own = join(dir, `zbooks-${process.getuid?.() ?? 'user'}`);
    expect(store.path).toBe(join(own, 'tokens.json'));
    const token = storedToken();
    await store.set(KEY, token);
    expect(await new FileTokenStore({ path }).get(KEY)).toEqual(token);
    // A symlink in place of the per-user directory is refused, not followed.
    await rm(own, { recursive: true });
    await mkdir(join(dir, 'elsewhere'));
    await symlink(join(dir, 'elsewhere'), own);
    await refusedBy(new FileTokenStore({ path }).set(KEY, token), own);
    expect(await readdir(join(dir, 'elsewhere'))).toEqual([]);
  });

  it('a lock dated in the future is broken after the stale period, not trusted for ever', async () => {
    const lockPath = join(dir, 'cache.lock');
    // Looks alive (this very process, this host) and claims to have been touched next year.
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), owner: 'planted' }));
    const nextYear = new Date(Date.now() + 365 * 86_400_000);
    await utimes(lockPath, nextYear, nextYear);
    // The test's own timeout is far below the wait: only breaking the lock lets this finish.
    const ran = await withFileLock(
      lockPath,
      { waitMs: 120_000, staleMs: 300, description: 'test', clock: systemClock, random: Math.random },
      async () => 'inside',
    );
    expect(ran).toBe('inside');
  }, 10_000);

  it('waiting for a lock a live process holds never mints a token by itself', async () => {
    const options = { path, staleLockMs: 300, lockWaitMs: 200 };
    const holderStore = new FileTokenStore(options);
    const provider = new TokenProvider({ ...world.credential, store: new FileTokenStore(options) });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holding = holderStore.withLock(provider.cacheKey, async () => {
      entered();
      await held;
    });
    await inside;
    const before = world.tokenRequests();
    const error = await provider.getToken().catch((e: unknown) => e);
    release();
    await holding;
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).reason).toBe('lock_timeout');
    expect(world.tokenRequests() - before).toBe(0);
  });

  it('a symlink planted at a temp file name never receives a profile’s secrets', async () => {
    const theirs = join(dir, 'theirs');
    await writeFile(theirs, '');
    // The name the profile writer used to pick: predictable from the pid.
    await symlink(theirs, join(dir, `profiles.json.${process.pid}.tmp`));
    const profile = { client_id: '1000.X', client_secret: 'a-client-secret-value', refresh_token: '1000.r' };
    await saveProfile(dir, 'default', profile);
    expect(await readFile(theirs, 'utf8')).toBe('');
    expect(JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')).profiles.default).toEqual(profile);
  });
});
