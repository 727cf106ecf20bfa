import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { type ExportWorld, exportWorld } from '../helpers/export-world.js';

/** 100 pages of 20: enough pages to interrupt half way and resume; the memory over 50,000 is in the bench. */
const TOTAL = 2_000;
const PER_PAGE = 20;

let world: ExportWorld;
beforeAll(async () => {
  world = await exportWorld(['Big Org']);
  world.emu.seedRecords(world.orgId('Big Org'), 'invoices', TOTAL);
});
afterAll(() => world.close());

/**
 * Every page of invoices answered no sooner than 25 ms, until cleared: the export cannot outrun the test's
 * 20 ms poll, however loaded the machine, since both wait on this process's event loop.
 */
function slowPages() {
  world.emu.injectFault({ target: 'books', kind: 'delay', delayMs: 25, count: 1_000_000, method: 'GET' });
}

interface Run {
  code: number | null;
  stderr: string;
}

/** Runs the built CLI; with `interruptAt`, sends `signal` once the state file says that many records are written. */
function runCli(
  args: string[],
  env: Record<string, string>,
  out: string,
  interruptAt?: number,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  // One signal only: a second one means "stop at once", which these tests are not about.
  const poll =
    interruptAt === undefined
      ? undefined
      : setInterval(() => {
          if (recordsSaved(out) >= interruptAt) {
            clearInterval(poll);
            child.kill(signal);
          }
        }, 20);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stderr });
    });
  });
}

function recordsSaved(out: string): number {
  try {
    return JSON.parse(readFileSync(`${out}.zbooks-export.json`, 'utf8')).recordsWritten;
  } catch {
    return 0;
  }
}

describe('zbooks export: the acceptance run', () => {
  it(`exports ${TOTAL} invoices, interrupted by SIGINT half way and resumed, to exactly ${TOTAL} unique records`, async () => {
    const out = join(world.dir, 'invoices.ndjson');
    const statePath = `${out}.zbooks-export.json`;
    const env = world.env('Big Org');

    const args = ['export', 'invoices', '--out', out, '--per-page', String(PER_PAGE)];
    slowPages();
    const first = await runCli(args, env, out, TOTAL / 2);
    world.emu.clearFaults();
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
    expect(state).toMatchObject({
      module: 'invoices',
      recordsWritten: written,
      pagesDone: written / PER_PAGE,
    });
    expect(state.bytes).toBe((await stat(out)).size);
    expect((await readFile(out, 'utf8')).split('\n').length - 1).toBe(written);

    // As if a kill had torn the next page: --resume cuts the file back to the state's length.
    await appendFile(out, '{"invoice_id":"torn page, never finished');

    const second = await runCli([...args, '--resume'], env, out);
    expect(second.stderr).toMatch(
      new RegExp(
        `^exported ${TOTAL} invoices in ${TOTAL / PER_PAGE} pages to .*invoices\\.ndjson \\(\\d+\\.\\d s; resumed after page ${state.pagesDone}\\)\\n$`,
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
  });

  it('SIGTERM stops at a page boundary too, exiting 143, and the next run without --resume refuses', async () => {
    const out = join(world.dir, 'terminated.csv');
    const env = world.env('Big Org');
    slowPages();
    const args = ['export', 'invoices', '--out', out, '--per-page', String(PER_PAGE)];
    const { code, stderr } = await runCli(args, env, out, 200, 'SIGTERM');
    world.emu.clearFaults();
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

    const again = await runCli(args, env, out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /was interrupted after \d+ records\.\n {2}Run the same command with --resume/,
    );
  });
});
