import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { describeWith } from '../helpers/tools.js';
import { Fleet, sum } from './fleet.js';

const HOUR = 3_600_000;
/** Smaller than the 5-minute refresh margin, so a worker one step behind never uses a token Zoho let expire. */
const STEP = 4 * 60_000;

describeWith('redis-server')('redis store: 8 processes × 25 callers sharing one Redis', () => {
  let world: SeededEmulator;
  let redis: RedisServer;
  let fleet: Fleet;

  beforeAll(async () => {
    world = await seededEmulator();
    redis = await startRedis();
    fleet = await Fleet.start({
      emu: world.emu,
      credential: world.credential,
      processes: 8,
      concurrency: 25,
      store: redis.url,
      pauseMs: 1_000,
      // Generous, so that a loaded CI machine's stall is not mistaken for the outage under test; a Redis that
      // is down fails at once whatever this says.
      commandTimeoutMs: 10_000,
    });
  }, 60_000);

  afterAll(async () => {
    await fleet?.close();
    await redis?.stop();
    await world?.close();
  });

  it('makes exactly one token request on a cold start', async () => {
    const total = sum(await fleet.ask('burst', { calls: 1 }));
    expect(world.tokenRequests()).toBe(1);
    expect(total).toMatchObject({ calls: 200, ok: 200, failed: 0, unauthorized: 0, distinctTokens: 1 });
  });

  it('makes at most 7 token requests over 6 token lifetimes of continuous calls, never throttled or rejected', async () => {
    await fleet.ask('start');
    await fleet.advance(6 * HOUR, STEP, 10);
    const total = sum(await fleet.ask('report'));
    const stats = world.emu.stats();
    expect(world.tokenRequests()).toBeLessThanOrEqual(7);
    expect(stats.throttled).toBe(0);
    expect(stats.evicted_access_tokens).toBe(0);
    expect(stats.books_unauthorized).toBe(0);
    expect(total).toMatchObject({ unauthorized: 0, failed: 0 });
    expect(total.ok).toBeGreaterThan(200);
  }, 120_000);

  it('loses no call when Redis restarts mid-run, warns once per process, and shares again afterwards', async () => {
    const earlier = (await fleet.ask('report')).map((r) => r.warnings.length);
    // Down across a refresh: every process must carry on with its own token.
    await redis.stop();
    await fleet.advance(HOUR, STEP, 10);
    await redis.restart();
    await untilStoreAnswers(fleet);
    const before = world.tokenRequests();
    await fleet.advance(2 * HOUR, STEP, 10);
    const reports = await fleet.ask('stop');
    expect(sum(reports)).toMatchObject({ unauthorized: 0, failed: 0 });
    expect(world.emu.stats()).toMatchObject({
      throttled: 0,
      books_unauthorized: 0,
      evicted_access_tokens: 0,
    });
    // Two refreshes for two lifetimes: one per lifetime for the whole fleet again.
    expect(world.tokenRequests() - before).toBe(2);
    reports.forEach((report, i) => {
      const warnings = report.warnings.slice(earlier[i]);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/failed on read/);
      expect(warnings[1]).toMatch(/ is back\.$/);
      expect(warnings.join('\n')).not.toContain(world.credential.refreshToken);
    });
  }, 120_000);
});

/** ioredis reconnects with a backoff of up to a second; wait until every worker's connection is back. */
async function untilStoreAnswers(fleet: Fleet): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fleet.ask('store-ping');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
