// Load: a ZohoBooks client (its own process) and the emulator (this one) on loopback, every limit off, 16
// callers as fast as they go for 7 s: a mix of reads, list pages and create+delete pairs. No timing is asserted
// (machines are noisy), only what must hold at any speed: no errors, every call seen once by the emulator, one
// token, sockets kept alive, memory flat after the warm-up. `npm run bench -- load` is the long run.
import { beforeAll, describe, expect, it } from 'vitest';
import { type LoadReport, runLoad } from './load-driver.mjs';

const MB = 1024 * 1024;
const CONCURRENCY = 16;

describe('load: client and emulator at full speed, limits off', () => {
  let report: LoadReport;

  beforeAll(async () => {
    report = await runLoad({ seconds: 7, concurrency: CONCURRENCY, sampleMs: 250, warmupMs: 2000 });
  }, 60_000);

  it('makes thousands of calls without one error, each seen exactly once by the emulator', () => {
    expect(report.errors).toEqual({});
    expect(report.failed).toBe(0);
    expect(report.exitCode).toBe(0);
    // A floor far below the ~1,000/s this 2-core machine manages, so that the checks below mean something.
    expect(report.calls).toBeGreaterThan(1_000);
    // No retries (a retry is a second request for one call) and nothing lost.
    expect(report.emulator.booksRequests).toBe(report.calls);
    expect(report.emulator).toMatchObject({ throttled: 0, unauthorized: 0, recordsLeft: 0 });
    expect(report.byOperation['create+delete']).toBeGreaterThan(0);
  });

  it('asks for one token for all of it', () => {
    expect(report.emulator.tokenRequests).toBe(1);
  });

  it('reuses its sockets: a few dozen TCP connections carry every request', () => {
    // fetch's pool opens at most about two sockets per concurrent caller in the first moments, then reuses
    // them; without keep-alive there would be one connection per request.
    expect(report.emulator.connections).toBeGreaterThan(0);
    expect(report.emulator.connections).toBeLessThanOrEqual(2 * CONCURRENCY + 4);
    expect(report.calls / report.emulator.connections).toBeGreaterThan(25);
  });

  it('keeps its memory flat after the warm-up', () => {
    const { memory } = report;
    expect(memory.samples).toBeGreaterThanOrEqual(8);
    // Samples are taken after a full GC with nothing in flight; the heap moves within a few hundred KB, and the
    // last sample (every call finished) comes back to where the first was. Over the thousands of calls
    // measured, a leak of 300 bytes a call adds more than 1 MB.
    expect(memory.heap.growth).toBeLessThan(1.5 * MB);
    expect(memory.heap.final - memory.heap.first).toBeLessThan(1 * MB);
    // Response buffers live outside the heap.
    expect(memory.external.growth).toBeLessThan(2 * MB);
    // RSS follows the allocator, not only what is live: a generous bound, for native leaks (sockets, buffers).
    expect(memory.rss.growth).toBeLessThan(32 * MB);
  });
});
