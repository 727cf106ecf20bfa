// The chaos run: an emulator with Zoho's limits (time-scaled), a real redis-server, a fleet of worker processes
// using the built library, faults on a schedule, then a reconciliation of every intended write against the
// emulator's state. Plain JS so that `npm run chaos` needs no test runner; the vitest test imports runChaos.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../fixtures/redis-server.mjs';
import { intentsOf, reconcile } from './check.mjs';
import { ChaosFleet } from './fleet.mjs';
import { booksEvents, infraEvents, runTrack, timeline } from './schedule.mjs';
import { verdict } from './summary.mjs';

export { formatSummary } from './summary.mjs';

const DIST = fileURLToPath(new URL('../../dist/emulator/index.js', import.meta.url));

/**
 * Zoho's limits scaled ten times faster so that a few minutes meet them: 10 mints per 60 s (Zoho: per 10 min),
 * 600 Books calls per minute (Zoho: 100), tokens living 90 s with a 30 s refresh margin (Zoho: 1 h and 5 min).
 * The in-flight cap (10), the active-token cap (15) and the daily budget (plan) are Zoho's own.
 */
export const LIMITS = Object.freeze({
  mintsPerWindow: 10,
  mintWindowSeconds: 60,
  activeTokenCap: 15,
  tokenTtlSeconds: 90,
  perMinute: 600,
  concurrency: 10,
});

export async function runChaos(options) {
  if (!existsSync(DIST)) throw new Error('dist/ is missing: run `npm run build` first.');
  const o = { workers: 4, loops: 3, pauseMs: 2_000, timeoutMs: 5_000, log: () => {}, ...options };
  const started = Date.now();
  const { startEmulator } = await import(DIST);
  const cleanups = [];
  try {
    const emu = await startEmulator({
      port: 0,
      tokenTtlSeconds: LIMITS.tokenTtlSeconds,
      limits: {
        mintsPerWindow: LIMITS.mintsPerWindow,
        mintWindowSeconds: LIMITS.mintWindowSeconds,
        activeTokenCap: LIMITS.activeTokenCap,
      },
      books: { perMinute: LIMITS.perMinute, concurrency: LIMITS.concurrency, perDay: 'plan' },
    });
    cleanups.push(() => emu.close());
    const redis = await restartableRedis();
    cleanups.push(() => redis.stop());
    const dir = await mkdtemp(join(tmpdir(), 'zbooks-chaos-'));
    cleanups.push(() => (o.keepJournals ? undefined : rm(dir, { recursive: true, force: true })));
    const { credential, organizationId } = await login(emu);
    const fleet = new ChaosFleet(
      {
        credential,
        organizationId,
        redis: redis.url,
        loops: o.loops,
        pauseMs: o.pauseMs,
        timeoutMs: o.timeoutMs,
        perMinute: LIMITS.perMinute,
        concurrency: LIMITS.concurrency,
        maxRateLimitWaitMs: 5_000,
        lockTtlMs: 3_000,
        refreshMarginMs: 30_000,
        throttleCooldownMs: 6_000,
      },
      dir,
    );
    cleanups.unshift(() => fleet.destroy());
    o.log(
      `chaos: ${o.workers} workers x ${o.loops} callers for ${o.durationMs / 1000} s (journals in ${dir})`,
    );

    for (let i = 0; i < o.workers; i++) await fleet.spawn();
    const sampler = sampleTokens(emu);
    cleanups.unshift(() => sampler.stop());
    const baseline = emu.stats();
    const run = await chaos(emu, redis, fleet, credential, o);

    emu.clearFaults();
    emu.configure({ activeTokenCap: LIMITS.activeTokenCap, books: { concurrency: LIMITS.concurrency } });
    await fleet.stopAll(90_000);
    sampler.stop();

    const journals = await Promise.all(
      fleet.workers.map(async (w) => ({
        worker: w.name,
        entries: await readJournal(fleet.journalOf(w.name)),
      })),
    );
    const killed = new Set(fleet.workers.filter((w) => w.killed).map((w) => w.name));
    const records = {
      contacts: emu.records(organizationId, 'contacts'),
      invoices: emu.records(organizationId, 'invoices'),
    };
    const summary = {
      wallMs: Date.now() - started,
      durationMs: o.durationMs,
      workers: fleet.workers.length,
      killed: killed.size,
      check: reconcile(intentsOf(journals), records, killed),
      crashes: crashesOf(fleet, journals),
      untyped: journals.flatMap((j) =>
        j.entries.filter((e) => e.t === 'untyped' || (e.t === 'outcome' && e.typed === false)),
      ),
      tokens: tokenFacts(emu.stats(), baseline, sampler.maxMints, run.injected),
      injected: run.injected,
      eventFailures: run.eventFailures,
      observed: observedOf(journals),
      warnings: warningsOf(journals),
      journals: dir,
    };
    summary.verdict = verdict(summary);
    return summary;
  } finally {
    for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => {});
  }
}

/** The fleet at work while both tracks of faults run; resolves with what was injected. */
async function chaos(emu, redis, fleet, credential, o) {
  const injected = {};
  const eventFailures = [];
  const pending = [];
  const ctx = {
    emu,
    redis,
    fleet,
    credential,
    log: o.log,
    count: (counts) => {
      for (const [kind, n] of Object.entries(counts ?? {})) injected[kind] = (injected[kind] ?? 0) + n;
    },
    eventFailed: (name, error) => eventFailures.push(`${name}: ${error?.message ?? error}`),
    background: (promise) =>
      pending.push(promise.catch((error) => eventFailures.push(String(error?.message ?? error)))),
  };
  const short = o.durationMs <= 60_000;
  // The last seconds carry no new faults, so those injected are met while the fleet still calls.
  const until = o.durationMs - (short ? 4_000 : 10_000);
  const booksTrack = booksEvents(o.timeoutMs);
  const infraTrack = infraEvents();
  // A short run meets every event once; a long one cycles, token events no closer than 12 s (the mint limit).
  const books = timeline(booksTrack, 1_000, short ? 1_500 : 2_500, until);
  const infra = timeline(infraTrack, 3_000, short ? (until - 3_000) / infraTrack.length : 12_000, until);
  const startedAt = Date.now();
  let running = true;
  await Promise.all(fleet.live().map((w) => fleet.ask(w, 'start')));
  const tracks = Promise.all([
    runTrack(books, startedAt, ctx, () => running),
    runTrack(infra, startedAt, ctx, () => running),
  ]);
  await sleep(o.durationMs);
  running = false;
  await tracks;
  await Promise.all(pending);
  o.log(`chaos: faults over after ${((Date.now() - startedAt) / 1000).toFixed(1)} s; stopping the fleet`);
  return { injected, eventFailures };
}

/** A redis-server that can also be down for a while and come back on the same port (empty, as after a crash). */
async function restartableRedis() {
  let server = await startRedis();
  return {
    url: server.url,
    restart: () => server.restart(),
    async outage(ms) {
      await server.stop();
      await sleep(ms);
      server = await startRedis(server.port);
    },
    stop: () => server.stop(),
  };
}

/** A Self Client, its grant code exchanged for the refresh token every worker shares. */
async function login(emu) {
  const seed = emu.seedLoggedIn({ organizations: [{ name: 'Chaos Trading Ltd', plan: 'ULTIMATE' }] });
  return {
    organizationId: seed.organizations[0].organization_id,
    credential: {
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken: seed.refresh_token,
      accountsUrl: seed.accounts_url,
      // Configured, as ZOHO_API_DOMAIN would be: a shared store's token must name a host the worker uses.
      apiDomain: seed.api_domain,
    },
  };
}

/** Mints per rolling window, sampled: the most any refresh token had in one window during the run. */
function sampleTokens(emu) {
  const sampler = { maxMints: 0, stop: () => clearInterval(timer) };
  const sample = () => {
    for (const rt of emu.stats().refresh_tokens)
      sampler.maxMints = Math.max(sampler.maxMints, rt.mints_in_window);
  };
  const timer = setInterval(sample, 200);
  sample();
  return sampler;
}

function tokenFacts(stats, baseline, maxMints, injected) {
  return {
    requests: stats.token_requests - baseline.token_requests,
    minted: stats.minted - baseline.minted,
    throttled: stats.throttled - baseline.throttled,
    injectedThrottles: injected['token endpoint throttled'] ?? 0,
    maxMintsInWindow: maxMints,
    mintLimit: LIMITS.mintsPerWindow,
    revocations: stats.revocations - baseline.revocations,
    evicted: stats.evicted_access_tokens - baseline.evicted_access_tokens,
    errors: stats.errors,
    books401: stats.books_unauthorized - baseline.books_unauthorized,
    books429: stats.books_throttled - baseline.books_throttled,
    booksRequests: stats.books_requests - baseline.books_requests,
  };
}

async function readJournal(path) {
  const text = await readFile(path, 'utf8').catch(() => '');
  // A worker killed mid-write may leave half a line: everything before it is whole.
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line)] : [];
    } catch {
      return [];
    }
  });
}

/** One entry per crashed worker: how it ended, and what it said as it died (uncaught, unhandled rejection). */
function crashesOf(fleet, journals) {
  const crashes = new Map(fleet.crashes().map((c) => [c.name, c]));
  for (const { worker, entries } of journals) {
    for (const e of entries.filter((x) => x.t === 'crash')) {
      crashes.set(worker, { ...crashes.get(worker), name: worker, kind: e.kind, error: e.error });
    }
  }
  return [...crashes.values()];
}

function observedOf(journals) {
  const total = { status: {}, failures: {}, slow: 0, reads: 0, readsOk: 0, readErrors: {} };
  const add = (into, from) => {
    for (const [k, v] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + v;
  };
  for (const done of journals.flatMap((j) => j.entries.filter((e) => e.t === 'done'))) {
    add(total.status, done.observed.status);
    add(total.failures, done.observed.failures);
    add(total.readErrors, done.tally.readErrors);
    total.slow += done.observed.slow;
    total.reads += done.tally.reads;
    total.readsOk += done.tally.readsOk;
  }
  return total;
}

/** The library's warnings, counted by their text without times and numbers. */
function warningsOf(journals) {
  const counts = {};
  for (const e of journals.flatMap((j) => j.entries.filter((x) => x.t === 'warn'))) {
    const text = e.message.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>').replace(/\d+(\.\d+)?/g, 'N');
    counts[text] = (counts[text] ?? 0) + 1;
  }
  return counts;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
