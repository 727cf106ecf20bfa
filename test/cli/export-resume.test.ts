import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { type ExportWorld, exportWorld } from '../helpers/export-world.js';

const TOTAL = 50_000;
const MB = 1024 * 1024;

let world: ExportWorld;
beforeAll(async () => {
  world = await exportWorld(['Big Org']);
  world.emu.seedRecords(world.orgId('Big Org'), 'invoices', TOTAL);
});
afterAll(() => world.close());

interface Sample {
  /** Size of the output file when the sample was taken. */
  bytes: number;
  /** The child's resident set (VmRSS), bytes. */
  rss: number;
}

interface Watched {
  code: number | null;
  stderr: string;
  samples: Sample[];
  ms: number;
}

/**
 * Runs the built CLI and samples its RSS every 100 ms (with the output's size at that moment); with
 * `interruptAt`, sends SIGINT once the state file says that many records are written.
 */
function runWatched(
  args: string[],
  env: Record<string, string>,
  out: string,
  interruptAt?: number,
): Promise<Watched> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const samples: Sample[] = [];
  let interrupted = false;
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
      if (rss > 0) samples.push({ rss, bytes: sizeOf(out) });
      if (interruptAt !== undefined && !interrupted && recordsSaved(out) >= interruptAt) {
        interrupted = child.kill('SIGINT');
      }
    } catch {
      // The child is exiting.
    }
  }, 100);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stderr, samples, ms: Date.now() - started });
    });
  });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function recordsSaved(out: string): number {
  try {
    return JSON.parse(readFileSync(`${out}.zbooks-export.json`, 'utf8')).recordsWritten;
  } catch {
    return 0;
  }
}

/**
 * RSS over one run, by how far the run's own output had grown: the highest in its first half against the
 * highest in its second half. The first half takes in the start-up and the heap's warm-up (V8 grows its
 * young generation over the first few thousand records: +15-20 MB, measured); after that a streaming export
 * stays level. Measured on this machine: level runs moved -3 % to +4 % between the halves; the same CLI
 * keeping every record it wrote moved +16 % (+18 MB per 12,500 invoices).
 */
function rssProfile(samples: Sample[]) {
  const from = samples[0]!.bytes;
  const to = samples.at(-1)!.bytes;
  const progress = (s: Sample) => (s.bytes - from) / (to - from);
  const early = samples.filter((s) => progress(s) <= 0.5);
  const late = samples.filter((s) => progress(s) > 0.5);
  const max = (list: Sample[]) => Math.max(...list.map((s) => s.rss));
  return { earlyMax: max(early), lateMax: max(late), earlySamples: early.length, lateSamples: late.length };
}

const report = (name: string, run: Watched, p: ReturnType<typeof rssProfile>) =>
  `${name}: ${(run.ms / 1000).toFixed(1)} s, ${run.samples.length} RSS samples, max ${(p.earlyMax / MB).toFixed(1)} MB in its first half, ${(p.lateMax / MB).toFixed(1)} MB in its second half`;

/** Level within 10 %: well above the noise of a level run, well below what keeping the records costs. */
function expectFlat(p: ReturnType<typeof rssProfile>) {
  expect(p.earlySamples).toBeGreaterThanOrEqual(3);
  expect(p.lateSamples).toBeGreaterThanOrEqual(3);
  expect(p.lateMax / MB).toBeLessThanOrEqual((p.earlyMax * 1.1) / MB);
}

describe('zbooks export: the acceptance run', () => {
  it(`exports ${TOTAL} invoices, interrupted by SIGINT half way and resumed, to exactly ${TOTAL} unique records with flat RSS`, async () => {
    const out = join(world.dir, 'invoices.ndjson');
    const statePath = `${out}.zbooks-export.json`;
    const env = world.env('Big Org');

    const first = await runWatched(['export', 'invoices', '--out', out], env, out, TOTAL / 2);
    const match = /interrupted after (\d+) records; run the same command with --resume to continue/.exec(
      first.stderr,
    );
    expect(match, first.stderr).not.toBeNull();
    expect(first.code).toBe(130);
    const written = Number(match![1]);
    expect(written).toBeGreaterThanOrEqual(TOTAL / 2);
    expect(written).toBeLessThan(TOTAL);
    const state = JSON.parse(await readFile(statePath, 'utf8'));
    expect((await stat(statePath)).mode & 0o777).toBe(0o600);
    expect(state).toMatchObject({ module: 'invoices', recordsWritten: written, pagesDone: written / 200 });
    expect(state.bytes).toBe((await stat(out)).size);
    expect((await readFile(out, 'utf8')).split('\n').length - 1).toBe(written);

    // As if a kill had torn the next page: --resume cuts the file back to the state's length.
    await appendFile(out, '{"invoice_id":"torn page, never finished');

    const second = await runWatched(['export', 'invoices', '--out', out, '--resume'], env, out);
    expect(second.stderr).toMatch(
      new RegExp(
        `^exported ${TOTAL} invoices in ${TOTAL / 200} pages to .*invoices\\.ndjson \\(\\d+\\.\\d s; resumed after page ${state.pagesDone}\\)\\n$`,
      ),
    );
    expect(second.code).toBe(0);
    await expect(stat(statePath)).rejects.toThrow(/ENOENT/);

    const lines = (await readFile(out, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(TOTAL);
    const ids = lines.map((line) => JSON.parse(line).invoice_id as string);
    expect(new Set(ids).size).toBe(TOTAL);
    const expected = world.emu.records(world.orgId('Big Org'), 'invoices').map((r) => r.invoice_id);
    expect(ids).toEqual(expected);

    const one = rssProfile(first.samples);
    const two = rssProfile(second.samples);
    console.info(`${report('interrupted run', first, one)}\n${report('resumed run', second, two)}`);
    expectFlat(one);
    expectFlat(two);
    // Not across the two runs: they are separate processes, so nothing can accumulate from one to the other,
    // and comparing two V8 heaps sized independently only measured noise (it failed a CI run at +12 %).
  }, 300_000);

  it('SIGTERM stops at a page boundary too, exiting 143, and the next run without --resume refuses', async () => {
    const out = join(world.dir, 'terminated.csv');
    const env = world.env('Big Org');
    const child = spawn(process.execPath, [CLI, 'export', 'invoices', '--out', out], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // One SIGTERM only: a second one means "stop at once", which this test is not about.
    const poll = setInterval(() => {
      if (recordsSaved(out) >= 2_000) {
        clearInterval(poll);
        child.kill('SIGTERM');
      }
    }, 20);
    const code = await new Promise((resolve) => child.on('close', resolve));
    clearInterval(poll);
    expect(stderr).toMatch(/interrupted after \d+ records; run the same command with --resume/);
    expect(code).toBe(143);
    const state = JSON.parse(await readFile(`${out}.zbooks-export.json`, 'utf8'));
    const text = await readFile(out, 'utf8');
    expect(Buffer.byteLength(text)).toBe(state.bytes);
    const rows = text.split('\r\n');
    expect(rows.pop()).toBe('');
    expect(rows[0]).toMatch(/^invoice_id,/);
    expect(rows).toHaveLength(state.recordsWritten + 1);
    expect(state.columns[0]).toBe('invoice_id');

    const again = await runWatched(['export', 'invoices', '--out', out], env, out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /was interrupted after \d+ records\.\n {2}Run the same command with --resume/,
    );
  });
});
