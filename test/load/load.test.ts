// Load: a ZohoBooks client (its own process) and the emulator (this one) on loopback, every limit off, 16
// callers as fast as they go through a fixed amount of work: a mix of reads, list pages and create+delete
// pairs. What must hold at any speed: no errors, every call seen once by the emulator, one token, sockets kept
// alive. How fast, and how flat the memory stays, are measured by `npm run bench -- load` (ratios, same run),
// never asserted: a loaded machine is slower, not wrong.
import { beforeAll, describe, expect, it } from 'vitest';
import { type LoadReport, runLoad } from './load-driver.mjs';

const CONCURRENCY = 16;
/** 50 per caller: some 900 calls, enough to see them carried by a few dozen sockets. */
const OPERATIONS = 50 * CONCURRENCY;

describe('load: client and emulator at full speed, limits off', () => {
  let report: LoadReport;

  beforeAll(async () => {
    report = await runLoad({ operations: OPERATIONS, concurrency: CONCURRENCY, sampleMs: 1_000 });
  }, 60_000);

  it('makes every call without one error, each seen exactly once by the emulator', () => {
    expect(report.errors).toEqual({});
    expect(report.failed).toBe(0);
    expect(report.exitCode).toBe(0);
    expect(report.ok).toBe(OPERATIONS);
    expect(report.byOperation['create+delete']).toBeGreaterThan(0);
    // No retries (a retry is a second request for one call) and nothing lost.
    expect(report.emulator.booksRequests).toBe(report.calls);
    expect(report.emulator).toMatchObject({ throttled: 0, unauthorized: 0, recordsLeft: 0 });
  });

  it('asks for one token for all of it', () => {
    expect(report.emulator.tokenRequests).toBe(1);
  });

  it('reuses its sockets: a few dozen TCP connections carry every request', () => {
    // fetch's pool opens about two sockets per concurrent caller in the first moments, then reuses them;
    // without keep-alive there would be one connection per request. Not an exact count: a machine stalled
    // past the keep-alive timeout sees a few sockets closed and reopened (39 instead of 36 seen under load).
    expect(report.emulator.connections).toBeGreaterThan(0);
    expect(report.calls).toBeGreaterThan(10 * report.emulator.connections);
  });
});
