import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../src/auth/stores/file-lock.js';
import { systemClock } from '../../src/core/clock.js';
import { StoreError } from '../../src/core/errors.js';
import { expectedPauses, fakeLockClock, seededRandom, sum } from './lock-clock.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withFileLock', () => {
  let dir: string;
  let lockPath: string;
  const options = {
    waitMs: 5_000,
    staleMs: 10_000,
    description: 'file test',
    clock: systemClock,
    random: Math.random,
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zbooks-lock-'));
    lockPath = join(dir, 'cache.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lets one holder in at a time', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        withFileLock(lockPath, options, async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(3);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it('recovers at once from a lock whose owner process is dead', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    await writeFile(lockPath, JSON.stringify({ pid: deadPid, host: hostname(), owner: 'gone' }));
    // Staleness and wait far past the test's timeout: only seeing the dead pid lets it in.
    await withFileLock(lockPath, { ...options, staleMs: 600_000, waitMs: 600_000 }, async () => {});
  });

  it('recovers from a lock of another host once it has not been touched for staleMs', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: 1, host: 'elsewhere', owner: 'remote' }));
    const old = new Date(Date.now() - 2_000);
    await utimes(lockPath, old, old);
    await withFileLock(lockPath, { ...options, staleMs: 1_000 }, async () => {});
  });

  it('recovers from an empty lock file left by a creator that died before writing it', async () => {
    await writeFile(lockPath, '');
    const old = new Date(Date.now() - 3_000);
    await utimes(lockPath, old, old);
    await withFileLock(lockPath, options, async () => {});
  });

  it('gives up on a live holder after the wait bound with a StoreError naming the holder and the file to delete', async () => {
    const fast = { ...options, staleMs: 300 };
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holder = withFileLock(lockPath, fast, async () => {
      entered();
      await held;
    });
    await inside;
    // The holder touches its lock: it is alive, so the waiter gives up instead of breaking in.
    const error = await withFileLock(lockPath, { ...fast, waitMs: 200 }, async () => {}).catch((e) => e);
    release();
    await holder;
    expect(error).toBeInstanceOf(StoreError);
    expect(error.reason).toBe('lock_timeout');
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.hint).toContain(lockPath);
  });

  it('keeps a slow live holder from being taken for dead (it touches its lock)', async () => {
    const order: string[] = [];
    const fast = { ...options, staleMs: 300 };
    const slow = withFileLock(lockPath, fast, async () => {
      order.push('slow in');
      await sleep(900);
      order.push('slow out');
    });
    await sleep(50);
    await withFileLock(lockPath, fast, async () => void order.push('second in'));
    await slow;
    expect(order).toEqual(['slow in', 'slow out', 'second in']);
  });

  it('releases the lock when fn throws, and passes the error on unchanged', async () => {
    const boom = new Error('boom');
    await expect(withFileLock(lockPath, options, () => Promise.reject(boom))).rejects.toBe(boom);
    await withFileLock(lockPath, { ...options, waitMs: 100 }, async () => {});
  });

  describe('on the injected clock and random source (no real sleeping)', () => {
    /** A holder on another host (so not provably dead) whose file was touched just now. */
    const remoteHolder = () =>
      writeFile(lockPath, JSON.stringify({ pid: 1, host: 'elsewhere', owner: 'remote' }));

    it('breaks a holder that stayed unchanged for staleMs of the clock, pausing as the seeded jitter says', async () => {
      await remoteHolder();
      const fake = fakeLockClock();
      const lock = { ...options, staleMs: 1_000, clock: fake.clock, random: seededRandom(7) };
      expect(await withFileLock(lockPath, lock, async () => 'inside')).toBe('inside');
      expect(fake.sleeps).toEqual(expectedPauses(seededRandom(7), fake.sleeps.length));
      // Broken at the first look after staleMs had passed on the clock, not before.
      expect(sum(fake.sleeps)).toBeGreaterThan(1_000);
      expect(sum(fake.sleeps.slice(0, -1))).toBeLessThanOrEqual(1_000);
    });

    it('gives up on a holder that keeps its lock alive once the wait bound has passed on the clock', async () => {
      await remoteHolder();
      let beat = 0;
      const base = Date.now();
      // The holder's heartbeat, in the clock's time: every pause of the waiter sees a new mtime.
      const fake = fakeLockClock({
        onSleep: () => utimes(lockPath, new Date(base + ++beat), new Date(base + beat)),
      });
      const lock = { ...options, waitMs: 3_000, staleMs: 1_000, clock: fake.clock, random: seededRandom(11) };
      const error = await withFileLock(lockPath, lock, async () => 'inside').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).reason).toBe('lock_timeout');
      expect((error as StoreError).message).toContain('pid 1 on elsewhere');
      expect(fake.elapsed()).toBeGreaterThanOrEqual(3_000);
      expect(fake.elapsed()).toBeLessThan(3_000 + 150);
      expect(fake.sleeps).toEqual(expectedPauses(seededRandom(11), fake.sleeps.length));
    });

    it('ends, with lock_timeout, on a clock that never advances instead of polling for ever', async () => {
      await remoteHolder();
      const fake = fakeLockClock({ frozen: true });
      const lock = { ...options, waitMs: 2_000, staleMs: 1_000, clock: fake.clock, random: seededRandom(3) };
      const error = await withFileLock(lockPath, lock, async () => 'inside').catch((e: unknown) => e);
      expect((error as StoreError).reason).toBe('lock_timeout');
      expect(fake.elapsed()).toBe(0);
      // Bounded by pauses: twice those that could fit in the 2 s wait at their shortest.
      expect(fake.sleeps.length).toBeGreaterThan(2_000 / 150);
      expect(fake.sleeps.length).toBeLessThanOrEqual(2 * (5 + 2_000 / 50 + 1));
    });
  });
});
