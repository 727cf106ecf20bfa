import { expect, it } from 'vitest';
import { describeWith } from '../helpers/tools.js';
import { formatSummary, runChaos } from './driver.mjs';

/**
 * The short chaos run (`npm run chaos` is the long one): 4 worker processes sharing Redis write and read for
 * 25 s while every kind of fault is injected, then every intended write is reconciled with the emulator.
 */
describeWith('redis-server')('chaos (short run)', () => {
  it('loses nothing, duplicates nothing, crashes nothing, and every kind of fault happened', async () => {
    const summary = await runChaos({ durationMs: 25_000 });
    const table = formatSummary(summary);
    // The table is the test's story: shown on failure (and in the log).
    console.log(table);
    expect(summary.verdict.failures, table).toEqual([]);
    const c = summary.check;
    expect(c.lost + c.changes.lost).toBe(0);
    expect(c.duplicated).toBe(0);
    expect(c.misreported + c.changes.misreported).toBe(0);
    expect(summary.crashes).toEqual([]);
    expect(summary.untyped).toEqual([]);
    // A run whose faults did nothing proves nothing: some writes must have had their answer lost.
    expect(c.unknownExisting).toBeGreaterThan(0);
    expect(c.confirmed).toBeGreaterThan(20);
    expect(summary.tokens.maxMintsInWindow).toBeLessThanOrEqual(summary.tokens.mintLimit);
    expect(summary.tokens.throttled).toBeLessThanOrEqual(summary.tokens.injectedThrottles);
  }, 150_000);
});
