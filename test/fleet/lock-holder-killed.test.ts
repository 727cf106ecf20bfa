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
  async function killHolderThenCall(store: string, lockTtlMs?: number, beforeCalls = async () => {}) {
    fleet = await Fleet.start({
      emu: world.emu,
      credential: world.credential,
      processes: 3,
      concurrency: 5,
      store,
      ...(lockTtlMs ? { lockTtlMs } : {}),
    });
    await fleet.askOne(0, 'hold-lock');
    const holder = fleet.workers[0]!;
    const dead = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await dead;
    await beforeCalls();
    const started = Date.now();
    const reports = await Promise.all([fleet.askOne(1, 'burst'), fleet.askOne(2, 'burst')]);
    return { total: sum(reports), waitedMs: Date.now() - started, reports };
  }

  it('does not block the file store: a dead pid on this host is recovered from at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zbooks-kill-file-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const lockFiles = async () => (await readdir(dir)).filter((name) => name.endsWith('.lock'));
    let leftBehind: string[] = [];
    const { total, waitedMs, reports } = await killHolderThenCall(
      `file:${join(dir, 'tokens.json')}`,
      undefined,
      async () => {
        leftBehind = await lockFiles();
      },
    );
    expect(leftBehind).toHaveLength(1);
    expect(await lockFiles()).toEqual([]);
    expect(total).toMatchObject({ calls: 10, ok: 10, failed: 0 });
    expect(reports.flatMap((r) => r.warnings)).toEqual([]);
    expect(world.tokenRequests()).toBe(1);
    expect(waitedMs).toBeLessThan(2_000);
  });

  itWith('redis-server')('blocks the Redis store only until the lock TTL runs out', async () => {
    const redis: RedisServer = await startRedis();
    cleanups.push(() => redis.stop());
    const { total, waitedMs, reports } = await killHolderThenCall(redis.url, 1_500);
    expect(total).toMatchObject({ calls: 10, ok: 10, failed: 0 });
    // Waiting for the lock is not a failure of the store: no warning, and still one refresh for everyone.
    expect(reports.flatMap((r) => r.warnings)).toEqual([]);
    expect(world.tokenRequests()).toBe(1);
    expect(waitedMs).toBeGreaterThan(500);
    expect(waitedMs).toBeLessThan(4_000);
  });
});
