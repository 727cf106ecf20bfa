import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { Fleet, sum } from './fleet.js';

const HOUR = 3_600_000;
/** Smaller than the 5-minute refresh margin, so a worker one step behind never uses a token Zoho let expire. */
const STEP = 4 * 60_000;

describe('file store: 8 processes × 25 callers on one machine', () => {
  let world: SeededEmulator;
  let fleet: Fleet;
  let dir: string;

  beforeAll(async () => {
    world = await seededEmulator();
    dir = await mkdtemp(join(tmpdir(), 'zbooks-fleet-file-'));
    fleet = await Fleet.start({
      emu: world.emu,
      credential: world.credential,
      processes: 8,
      concurrency: 25,
      store: `file:${join(dir, 'cache', 'tokens.json')}`,
      pauseMs: 1_000,
    });
  }, 60_000);

  afterAll(async () => {
    await fleet?.close();
    await world?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('makes exactly one token request on a cold start', async () => {
    const reports = await fleet.ask('burst', { calls: 1 });
    const total = sum(reports);
    expect(world.tokenRequests()).toBe(1);
    expect(total).toMatchObject({ calls: 200, ok: 200, failed: 0, unauthorized: 0 });
    expect(total.distinctTokens).toBe(1);
  });

  it('makes at most 7 token requests over 6 token lifetimes of continuous calls, never throttled or rejected', async () => {
    await fleet.ask('start');
    await fleet.advance(6 * HOUR, STEP, 10);
    const total = sum(await fleet.ask('stop'));
    const stats = world.emu.stats();
    expect(world.tokenRequests()).toBeLessThanOrEqual(7);
    expect(world.tokenRequests()).toBeGreaterThanOrEqual(6);
    expect(stats.throttled).toBe(0);
    expect(stats.evicted_access_tokens).toBe(0);
    expect(stats.books_unauthorized).toBe(0);
    expect(total.unauthorized).toBe(0);
    expect(total.failed).toBe(0);
    expect(total.ok).toBeGreaterThan(200);
  }, 120_000);
});
