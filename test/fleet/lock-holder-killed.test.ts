import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { itWith } from '../helpers/tools.js';
import { Fleet, sum } from './fleet.js';

describe('a lock holder killed with SIGKILL', () => {
  let world: SeededEmulator;
  let fleet: Fleet | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    world = await seededEmulator();
  });

  afterEach(async () => {
    await fleet?.close();
    fleet = undefined;
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await world?.close();
  });

  /** Worker 0 takes the refresh lock and dies holding it; workers 1 and 2 then need a token. */
  async function killHolderThenCall(
    store: string,
    tuning: { lockTtlMs?: number; commandTimeoutMs?: number; staleLockMs?: number },
    beforeCalls = async () => {},
  ) {
    fleet = await Fleet.start({
      emu: world.emu,
      credential: world.credential,
      processes: 3,
      concurrency: 5,
      store,
      ...tuning,
    });
    await fleet.askOne(0, 'hold-lock');
    const holder = fleet.workers[0]!;
    const dead = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await dead;
    await beforeCalls();
    const reports = await Promise.all([fleet.askOne(1, 'burst'), fleet.askOne(2, 'burst')]);
    return { total: sum(reports), reports };
  }

  it('does not block the file store: a dead pid on this host is recovered from at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zbooks-kill-file-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const lockFiles = async () => (await readdir(dir)).filter((name) => name.endsWith('.lock'));
    let leftBehind: string[] = [];
    // The lock would go stale only after 10 minutes, far past this test's timeout: the burst gets through only
    // if the waiters see that the holder's pid is gone.
    const { total, reports } = await killHolderThenCall(
      `file:${join(dir, 'tokens.json')}`,
      { staleLockMs: 600_000 },
      async () => {
        leftBehind = await lockFiles();
      },
    );
    expect(leftBehind).toHaveLength(1);
    expect(await lockFiles()).toEqual([]);
    expect(total).toMatchObject({ calls: 10, ok: 10, failed: 0 });
    expect(reports.flatMap((r) => r.warnings)).toEqual([]);
    expect(world.tokenRequests()).toBe(1);
  });

  itWith('redis-server')('blocks the Redis store only until the lock TTL runs out', async () => {
    const redis: RedisServer = await startRedis();
    cleanups.push(() => redis.stop());
    // A generous timeout per Redis call: on a loaded machine a slow answer is not the failure under test, and
    // it would warn (the default is short, so that a dead Redis is noticed fast).
    const { total, reports } = await killHolderThenCall(redis.url, {
      lockTtlMs: 1_500,
      commandTimeoutMs: 10_000,
    });
    expect(total).toMatchObject({ calls: 10, ok: 10, failed: 0 });
    // Waiting for the lock is not a failure of the store: no warning, and still one refresh for everyone.
    expect(reports.flatMap((r) => r.warnings)).toEqual([]);
    // How long the wait lasted against the TTL is measured by `npm run bench -- fleet`, not asserted here.
    expect(world.tokenRequests()).toBe(1);
  });
});
