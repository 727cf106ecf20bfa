// The load run, shared by test/load/load.test.ts (a few seconds) and `npm run bench -- load` (tens of seconds):
// the emulator in this process with every limit off, one ZohoBooks client in a child process (load-worker.mjs)
// driving it with N concurrent callers for a fixed time or a fixed number of operations. What it measures, and where, so each figure is
// honest: errors and calls in the client; the requests and TCP connections the emulator saw, at the emulator;
// the client's memory after a full GC, in the child (the emulator's memory is not in it). Loopback only.
// Plain JS so that the test and the benchmark share it without a build step; needs `npm run build` first.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WORKER = fileURLToPath(new URL('./load-worker.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const EMULATOR = new URL('../../dist/emulator/index.js', import.meta.url).href;

export async function runLoad(options = {}) {
  const {
    seconds = 6,
    operations,
    concurrency = 16,
    sampleMs = 250,
    warmupMs = 2000,
    invoices = 500,
  } = options;
  if (!existsSync(DIST)) throw new Error('dist/ is missing: run `npm run build` first.');
  const { startEmulator } = await import(EMULATOR);
  const emu = await startEmulator({ port: 0 });
  emu.configure({
    books: { perMinute: 0, perDay: 0, concurrency: 0 },
    mintsPerWindow: 0,
    activeTokenCap: 0,
  });
  let child;
  try {
    const { credential, organizationId } = await setUp(emu);
    const ids = emu.seedRecords(organizationId, 'invoices', invoices);
    const customerId = emu.records(organizationId, 'invoices')[0].customer_id;
    const before = emu.stats();
    const beforeRecords = emu.records(organizationId, 'invoices').length;
    child = fork(WORKER, [], {
      execArgv: ['--expose-gc'],
      env: {
        ...process.env,
        LOAD_WORKER: JSON.stringify({
          credential,
          organizationId,
          ids,
          customerId,
          seconds,
          operations,
          concurrency,
          sampleMs,
        }),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // The emulator's view over time: a connection count that keeps rising means sockets are not reused.
    const started = Date.now();
    const connections = [];
    const watch = setInterval(() => {
      connections.push({
        ms: Date.now() - started,
        connections: emu.stats().connections - before.connections,
      });
    }, sampleMs);
    const message = await answerOf(child).finally(() => clearInterval(watch));
    if (message.error) throw new Error(`load worker: ${message.error}`);
    const report = message.report;
    const after = emu.stats();
    return {
      seconds,
      concurrency,
      ms: report.ms,
      calls: report.calls,
      ok: report.ok,
      failed: report.failed,
      errors: report.errors,
      byOperation: report.byOperation,
      requestsPerSecond: report.calls / (report.ms / 1000),
      emulator: {
        booksRequests: after.books_requests - before.books_requests,
        tokenRequests: after.token_requests - before.token_requests,
        connections: after.connections - before.connections,
        throttled: after.books_throttled - before.books_throttled,
        unauthorized: after.books_unauthorized - before.books_unauthorized,
        recordsLeft: emu.records(organizationId, 'invoices').length - beforeRecords,
      },
      memory: memoryTrend(report.samples, warmupMs),
      samples: report.samples,
      connectionsOverTime: connections,
      exitCode: await exitOf(child),
    };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await emu.close();
  }
}

/**
 * The client's memory after the warm-up (JIT, connection pool, first token), from samples taken after a full
 * GC with no call in flight. For the JS heap, memory outside it (`external`: response buffers) and RSS: the median of the first and of the last quarter of the samples, their difference, the peak,
 * and the value in the final sample, taken once every call has finished. `heapBytesPerCall` is the
 * least-squares slope of the heap over the calls made: what a leak of a little per request shows.
 */
export function memoryTrend(samples, warmupMs) {
  const steady = samples.filter((s) => s.ms >= warmupMs);
  const quarter = Math.max(1, Math.floor(steady.length / 4));
  const trend = (key) => {
    const first = median(steady.slice(0, quarter).map((s) => s[key]));
    const last = median(steady.slice(-quarter).map((s) => s[key]));
    const peak = Math.max(...steady.map((s) => s[key]));
    return { first, last, growth: last - first, peak, final: steady[steady.length - 1]?.[key] ?? Number.NaN };
  };
  return {
    samples: steady.length,
    fromMs: steady[0]?.ms ?? 0,
    calls: steady.length ? steady[steady.length - 1].calls - steady[0].calls : 0,
    heap: trend('heapUsed'),
    external: trend('external'),
    rss: trend('rss'),
    heapBytesPerCall: slope(
      steady.map((s) => s.calls),
      steady.map((s) => s.heapUsed),
    ),
  };
}

/** A Self Client whose grant code is exchanged once, as after `zbooks auth login`. */
async function setUp(emu) {
  const seed = emu.seedLoggedIn({ scope: 'ZohoBooks.fullaccess.all' });
  const refreshToken = seed.refresh_token;
  return {
    organizationId: seed.organizations[0].organization_id,
    credential: {
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken,
      accountsUrl: seed.accounts_url,
    },
  };
}

function answerOf(child) {
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`load worker exited (${signal ?? code}) before reporting`)),
    );
  });
}

function exitOf(child) {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
