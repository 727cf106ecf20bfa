// The fleet benchmark: the same workload (N processes × M concurrent callers, continuous calls over several
// token lifetimes, the emulator's clock advanced, Zoho's real limits on) run three ways: the token helper people
// copy today (naive-token.js), zbooks with the file store, zbooks with the Redis store. Loopback only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from '../dist/emulator/index.js';
import { Fleet, sum } from '../test/fixtures/fleet-driver.mjs';
import { startRedis } from '../test/fixtures/redis-server.mjs';

export const description =
  'N processes × M callers over several token lifetimes: copied helper vs file vs Redis';

const HOUR = 3_600_000;
/** Below zbooks's 5-minute refresh margin, so a process one step behind the clock never holds an expired token. */
const STEP_MS = 4 * 60_000;

export async function run(args, { print = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const { values } = parseArgs({
    args,
    options: {
      processes: { type: 'string', default: '8' },
      callers: { type: 'string', default: '25' },
      lifetimes: { type: 'string', default: '6' },
      'pause-ms': { type: 'string', default: '400' },
    },
  });
  const workload = {
    processes: Number(values.processes),
    concurrency: Number(values.callers),
    lifetimes: Number(values.lifetimes),
    pauseMs: Number(values['pause-ms']),
  };
  print(
    `fleet: ${workload.processes} processes × ${workload.concurrency} callers, ${workload.lifetimes} token lifetimes ` +
      `(clock advanced ${STEP_MS / 60_000} min a step), limits: 10 tokens per 10 min, 15 active tokens`,
  );
  const rows = [];
  for (const approach of APPROACHES) {
    print(`  running ${approach.name}…`);
    rows.push(await measure(approach, workload));
  }
  print(`\n${table(rows)}`);
  return { name: 'fleet', workload, rows };
}

const APPROACHES = [
  {
    key: 'naive',
    name: 'copied helper (REFERENCE §7)',
    mode: 'naive',
    store: async () => ({ spec: undefined, close: async () => {} }),
  },
  {
    key: 'file',
    name: 'zbooks, file store',
    mode: 'zbooks',
    store: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'zbooks-bench-'));
      return {
        spec: `file:${join(dir, 'tokens.json')}`,
        close: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    key: 'redis',
    name: 'zbooks, Redis store',
    mode: 'zbooks',
    store: async () => {
      const redis = await startRedis();
      return { spec: redis.url, close: () => redis.stop() };
    },
  },
];

async function measure(approach, workload) {
  const emu = await startEmulator({ port: 0 });
  const store = await approach.store();
  let fleet;
  try {
    const credential = await setUp(emu);
    const baseline = emu.stats();
    fleet = await Fleet.start({ emu, credential, mode: approach.mode, store: store.spec, ...workload });
    const started = Date.now();
    await fleet.ask('start');
    await fleet.advance(workload.lifetimes * HOUR, STEP_MS, 25);
    const total = sum(await fleet.ask('stop'));
    const wallMs = Date.now() - started;
    const stats = emu.stats();
    return {
      key: approach.key,
      approach: approach.name,
      tokenRequests: stats.token_requests - baseline.token_requests,
      throttled: stats.throttled - baseline.throttled,
      evicted401: total.unauthorized,
      failed: total.failed,
      calls: total.calls,
      wallMs,
    };
  } finally {
    await fleet?.close();
    await store.close();
    await emu.close();
  }
}

/** A Self Client whose grant code is exchanged, as after `zbooks auth login`. */
async function setUp(emu) {
  const seed = emu.seedLoggedIn();
  return {
    accountsUrl: seed.accounts_url,
    apiDomain: seed.api_domain,
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    refreshToken: seed.refresh_token,
  };
}

function table(rows) {
  const header = [
    'approach',
    'token requests',
    'throttled answers',
    '401s (evicted token)',
    'failed calls',
    'calls',
    'wall time',
  ];
  const body = rows.map((r) => [
    r.approach,
    String(r.tokenRequests),
    String(r.throttled),
    String(r.evicted401),
    String(r.failed),
    String(r.calls),
    `${(r.wallMs / 1000).toFixed(1)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}
