import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { type ExportWorld, exportWorld } from '../helpers/export-world.js';
import { TmuxSession } from '../helpers/tmux.js';

// Signals are about the process, so these run the built CLI and signal it (issues 9.6 and 16.5). No test
// measures how fast the process ends: each one waits on something that lasts far longer than any test (a
// Retry-After of 100 s, a minute of rate-limit window, a Books answer delayed 100 s), so a command that did
// not end at the signal fails by the test's timeout.

let world: ExportWorld;
let org: string;
beforeAll(async () => {
  world = await exportWorld(['Signal Org']);
  org = world.orgId('Signal Org');
  world.emu.seedRecords(org, 'invoices', 30);
});
/** Children still running after a test (one that failed): killed, so that none outlives the suite. */
const children = new Set<ChildProcess>();
afterEach(() => {
  world.emu.clearFaults();
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});
afterAll(() => world.close());

interface Running {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves with the exit code (or the signal that killed it). */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Resolves once stderr matches. */
  stderrMatches(pattern: RegExp): Promise<void>;
}

function start(args: string[], env: Record<string, string> = world.env('Signal Org')): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stderr!.on('data', (d) => {
    stderr += d;
    for (const w of waiters.filter((w) => w.pattern.test(stderr))) w.resolve();
  });
  return {
    child,
    stderr: () => stderr,
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal))),
    stderrMatches: (pattern) =>
      pattern.test(stderr) ? Promise.resolve() : new Promise((resolve) => waiters.push({ pattern, resolve })),
  };
}

/** Resolves once the emulator has received `n` Books requests in all. */
async function booksRequests(n: number): Promise<void> {
  while (world.emu.stats().books_requests < n) await new Promise((r) => setTimeout(r, 20));
}

const CLOCK = /\d\d:\d\d:\d\d/.source;

describe('a wait says what it waits for, and Ctrl-C ends it at once', () => {
  it('a 429 wait is said on stderr with its end; SIGINT ends the command with 130 and no retry', async () => {
    const before = world.emu.stats().books_requests;
    world.emu.injectFault({ target: 'books', kind: 'throttle', retryAfter: 100, path: '/invoices' });
    const run = start(['invoices', 'list']);
    await run.stderrMatches(new RegExp(`waiting for Zoho's limit until ${CLOCK} \\(Zoho answered 429`));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toMatch(
      new RegExp(
        `^zbooks: waiting for Zoho's limit until ${CLOCK} \\(Zoho answered 429, too many requests\\)\\nzbooks: interrupted by SIGINT\\.\\n$`,
      ),
    );
    expect(world.emu.stats().books_requests - before).toBe(1);
  }, 30_000);

  it('an export waiting for the per-minute window stops on SIGTERM with 143, and resumes without duplicates', async () => {
    const out = join(world.dir, 'window.ndjson');
    // One request a minute: the second page waits for the window.
    const env = { ...world.env('Signal Org'), ZBOOKS_RATE_LIMIT: '1' };
    const run = start(['export', 'invoices', '--out', out, '--per-page', '10'], env);
    await run.stderrMatches(new RegExp(`waiting for Zoho's limit until ${CLOCK} \\(requests per minute`));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.stderr()).toMatch(
      /\nzbooks: interrupted after 10 records; run the same command with --resume to continue\.\n$/,
    );
    const resumed = start(['export', 'invoices', '--out', out, '--per-page', '10', '--resume']);
    expect(await resumed.exited).toBe(0);
    const ids = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).invoice_id);
    expect(ids).toEqual(world.emu.records(org, 'invoices').map((r) => r.invoice_id));
  }, 30_000);
});

describe('on a terminal', () => {
  it("the export's progress bar shows the wait instead of a frozen ETA; Ctrl-C ends it with the prompt", async () => {
    const tty = new TmuxSession();
    try {
      const out = join(world.dir, 'tty.ndjson');
      // Two requests a minute: the count and the first page; the second page waits for the window.
      await tty.start(`node ${CLI} export invoices --out ${out} --per-page 10`, {
        ...world.env('Signal Org'),
        ZBOOKS_RATE_LIMIT: '2',
        PATH: process.env.PATH ?? '',
      });
      const screen = await tty.waitFor(new RegExp(`waiting for Zoho's limit until ${CLOCK}`), 20_000);
      expect(screen).toMatch(
        new RegExp(
          `invoices \\[[=-]+\\] 33% \\| 10/30 records \\| 1 pages \\| waiting for Zoho's limit until ${CLOCK}`,
        ),
      );
      expect(screen).not.toMatch(/ETA/);
      await tty.press('C-c');
      const end = await tty.waitFor(/EXIT=\d+/, 20_000);
      expect(end).toMatch(
        /zbooks: interrupted after 10 records; run the same command with --resume to continue\.\s+EXIT=130/,
      );
    } finally {
      await tty.close();
    }
  }, 60_000);
});

describe('every command handles SIGINT and SIGTERM alike', () => {
  it('SIGTERM while a create is on the wire: the outcome is unknown, how to check it, exit 143', async () => {
    const body = join(world.dir, 'invoice.json');
    const customer = world.emu.records(org, 'contacts')[0]!.contact_id;
    await writeFile(body, JSON.stringify({ customer_id: customer, line_items: [{ name: 'A', rate: 1 }] }));
    const before = world.emu.stats().books_requests;
    world.emu.injectFault({ target: 'books', kind: 'delay', delayMs: 100_000, method: 'POST' });
    const run = start(['invoices', 'create', '--body', body]);
    await booksRequests(before + 1);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.stderr()).toBe(
      'zbooks: interrupted by SIGTERM.\n' +
        "zbooks: the outcome of POST /invoices is unknown: it was sent, and the stop came before Zoho's answer, so the change may or may not have been applied.\n" +
        '  Before sending it again, list the records (zbooks api /invoices) and look for one with a value you set, such as a reference number.\n',
    );
  }, 30_000);

  it('SIGINT while an update is on the wire names the record to read back', async () => {
    const invoice = world.emu.records(org, 'invoices')[0]!.invoice_id as string;
    const body = join(world.dir, 'update.json');
    await writeFile(body, JSON.stringify({ reference_number: 'R-1' }));
    const before = world.emu.stats().books_requests;
    world.emu.injectFault({ target: 'books', kind: 'delay', delayMs: 100_000, method: 'PUT' });
    const run = start(['api', '-X', 'PUT', `/invoices/${invoice}`, '--input', body]);
    await booksRequests(before + 1);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toMatch(
      new RegExp(
        `the outcome of PUT /invoices/${invoice} is unknown[^\\n]*\\n {2}Before sending it again, read the record back \\(zbooks api /invoices/${invoice}\\)`,
      ),
    );
  }, 30_000);

  it('SIGTERM during a read says it was interrupted, and nothing about writes', async () => {
    const before = world.emu.stats().books_requests;
    world.emu.injectFault({ target: 'books', kind: 'delay', delayMs: 100_000, method: 'GET' });
    const run = start(['api', '/invoices']);
    await booksRequests(before + 1);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.stderr()).toBe('zbooks: interrupted by SIGTERM.\n');
  }, 30_000);

  it('`auth token` (the fast path) too: SIGTERM while the token is being minted', async () => {
    world.emu.injectFault({ target: 'token', kind: 'delay', delayMs: 100_000 });
    const stats = world.emu.stats();
    // No cached token to serve (the other tests cached one in the profile's file store).
    const run = start(['auth', 'token'], { ...world.env('Signal Org'), ZBOOKS_TOKEN_STORE: 'memory' });
    while (world.emu.stats().token_requests === stats.token_requests)
      await new Promise((r) => setTimeout(r, 20));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.stderr()).toBe('zbooks: interrupted by SIGTERM.\n');
  }, 30_000);
});
