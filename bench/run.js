// `npm run bench`: runs every benchmark (after `npm run build`, which the script does), prints one table of
// ratios, each against a baseline measured in the same run, and writes it as JSON to bench/results/ (latest.json
// and a dated copy). `npm run bench -- <name> [options]`: runs one benchmark and prints its own report.
// Each benchmark is a module exporting `run(args, { print })`, which returns its figures, and a one-line
// `description`; add new ones to the table below, and their rows to `rowsOf`.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, platform, release } from 'node:os';

const BENCHMARKS = {
  token: () => import('./token.js'),
  books: () => import('./books.js'),
  overhead: () => import('./overhead.js'),
  fleet: () => import('./fleet.js'),
  cli: () => import('./cli.js'),
  load: () => import('./load.js'),
  moved: () => import('./moved.js'),
  emulator: () => import('./emulator.js'),
  long: () => import('./long.js'),
  serve: () => import('./serve.js'),
};

/** Run only when named: ten minutes is too long for the default run. */
const ON_REQUEST = new Set(['long']);

const RESULTS = new URL('./results/', import.meta.url);

const [name, ...args] = process.argv.slice(2);
if (name === undefined) await runAll();
else if (BENCHMARKS[name]) await (await BENCHMARKS[name]()).run(args);
else {
  const lines = await Promise.all(
    Object.entries(BENCHMARKS).map(
      async ([key, module]) => `  ${key.padEnd(10)} ${(await module()).description}`,
    ),
  );
  process.stderr.write(
    `usage: npm run bench                          every benchmark, one table of ratios, JSON in bench/results/\n` +
      `       npm run bench -- <name> [options]      one benchmark, its own report\n\nbenchmarks:\n${lines.join('\n')}\n`,
  );
  process.exit(name === '--help' || name === '-h' ? 0 : 2);
}

async function runAll() {
  const started = Date.now();
  const results = {};
  for (const [key, load] of Object.entries(BENCHMARKS)) {
    if (ON_REQUEST.has(key)) continue;
    process.stderr.write(`bench: ${key}… `);
    const t = Date.now();
    // Each benchmark's own report is left out: the table below is the report.
    results[key] = await (await load()).run([], { print: () => {} });
    process.stderr.write(`${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const wallMs = Date.now() - started;
  const rows = rowsOf(results);
  const report = {
    date: new Date(started).toISOString(),
    wallMs,
    machine: {
      node: process.version,
      platform: `${platform()} ${release()}`,
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
    },
    note: 'ratio = zbooks / baseline, both measured in this run',
    rows,
    results,
  };
  const text = table(rows);
  process.stdout.write(
    `zbooks benchmarks, ${report.date}, Node ${process.version}, ${report.machine.cpus} CPUs; ratio = zbooks / baseline, same run\n\n${text}\n\n` +
      `whole run: ${(wallMs / 1000).toFixed(0)} s\n`,
  );
  await mkdir(RESULTS, { recursive: true });
  const json = `${JSON.stringify({ ...report, table: text }, null, 2)}\n`;
  const dated = `${report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`;
  await writeFile(new URL('latest.json', RESULTS), json);
  await writeFile(new URL(dated, RESULTS), json);
  process.stdout.write(`written: bench/results/latest.json, bench/results/${dated}\n`);
}

/** One row per figure: what is compared, zbooks's value, the baseline's, their ratio, and what to read in it. */
function rowsOf({ token, books, overhead, fleet, cli, load, moved, emulator, serve }) {
  const row = (benchmark, measure, zbooks, baseline, ratio, note) => ({
    benchmark,
    measure,
    zbooks,
    baseline,
    ratio,
    note,
  });
  const naive = fleet.rows.find((r) => r.key === 'naive');
  const fleetRow = (key, label) => {
    const r = fleet.rows.find((x) => x.key === key);
    return row(
      'fleet',
      `token requests, ${fleet.workload.processes} processes × ${fleet.workload.concurrency} callers, ${fleet.workload.lifetimes} h, ${label} vs copied helper`,
      `${r.tokenRequests}`,
      `${naive.tokenRequests}`,
      r.tokenRequests / naive.tokenRequests,
      `failed calls ${r.failed} vs ${naive.failed}; throttled ${r.throttled} vs ${naive.throttled}`,
    );
  };
  const heap = load.memory.heap;
  return [
    row(
      'token',
      'getToken() hot path, cached token vs copied helper (REFERENCE §7)',
      `${token.hot.zbooksNs.toFixed(0)} ns`,
      `${token.hot.naiveNs.toFixed(0)} ns`,
      token.hot.ratio,
      `per awaited call, median of ${token.hot.rounds} interleaved rounds`,
    ),
    row(
      'token',
      `cold cache, ${token.cold.zbooks.callers} concurrent callers: token requests`,
      `${token.cold.zbooks.tokenRequests}`,
      `${token.cold.naive.tokenRequests}`,
      token.cold.zbooks.tokenRequests / token.cold.naive.tokenRequests,
      `copied helper: ${token.cold.naive.throttled} throttled, ${token.cold.naive.withoutToken} callers without a token; zbooks: ${token.cold.zbooks.withoutToken}`,
    ),
    ...overheadRows(overhead, row),
    row(
      'books',
      `export of ${books.export.records} invoices: sustained rate vs Zoho's limit`,
      `${books.export.steadyRate.toFixed(1)}/min`,
      `${books.export.limitPerMinute}/min`,
      books.export.ratio,
      `${books.export.throttled} × 429, busiest minute ${books.export.busiest}`,
    ),
    ...['fetch', 'undici'].map((raw) => {
      const z = books.streaming;
      const r = z.raw[raw];
      const mbOf = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
      return row(
        'books',
        `streaming ${z.records} invoices: peak RSS over a warm before, zbooks vs raw ${raw} (same pages)`,
        `+${mbOf(z.peak - z.before)}`,
        `+${mbOf(r.peak - r.before)}`,
        (z.peak - z.before) / Math.max(1, r.peak - r.before),
        `before ${mbOf(z.before)} vs ${mbOf(r.before)}; heap after GC ${mbOf(z.heapAfter)} vs ${mbOf(r.heapAfter)}; target zbooks ≤ +40 MB`,
      );
    }),
    fleetRow('file', 'file store'),
    fleetRow('redis', 'Redis store'),
    row(
      'cli',
      '`zbooks auth token` (cached) start vs `node -e ""`',
      `${cli.auth_token_ms.toFixed(1)} ms`,
      `${cli.bare_node_ms.toFixed(1)} ms`,
      cli.ratio,
      `median of ${cli.runs} interleaved runs; target ≤ 1.5×`,
    ),
    row(
      'load',
      `requests per TCP connection, ${load.concurrency} callers × ${load.seconds} s, limits off`,
      `${load.calls} / ${load.emulator.connections}`,
      '1 (no keep-alive)',
      load.requestsPerConnection,
      `${load.requestsPerSecond.toFixed(0)} req/s, ${load.failed} failed, ${load.emulator.tokenRequests} token request`,
    ),
    row(
      'load',
      'client heap after GC: after the run vs after the warm-up',
      `${(heap.final / 2 ** 20).toFixed(2)} MB`,
      `${(heap.first / 2 ** 20).toFixed(2)} MB`,
      heap.final / heap.first,
      `slope ${load.memory.heapBytesPerCall.toFixed(1)} bytes/call over ${load.memory.calls} calls; peak ${(heap.peak / 2 ** 20).toFixed(2)} MB`,
    ),
    ...Object.entries({
      get: 'GET one invoice',
      list: 'list of 200 invoices',
      create: 'create an invoice',
    }).map(([kind, label]) => {
      const r = emulator.results[kind];
      return row(
        'emulator',
        `requests/s on loopback, ${label}, vs a bare node:http server answering the same bytes`,
        `${r.emulator.toFixed(0)}/s`,
        `${r.bare.toFixed(0)}/s`,
        r.ratio,
        `median of ${emulator.rounds} rounds, emulator min ${r.min.toFixed(0)} max ${r.max.toFixed(0)}, bare min ${r.bareMin.toFixed(0)} max ${r.bareMax.toFixed(0)}`,
      );
    }),
    ...movedRows(moved, row),
    ...(serve?.rows ?? []),
  ];
}

/** books.invoices.get against each raw transport: the median round's ratio, the rounds' min and max. */
function overheadRows(overhead, row) {
  const ms = (f) => `${f.median.toFixed(3)} ms`;
  return [
    ['fetch', overhead.vsFetch, 'raw fetch + JSON.parse (target ≤ 0.8×)'],
    ['http', overhead.vsHttp, 'raw node:http + JSON.parse (target ≤ 1.10×)'],
    ['undici', overhead.vsUndici, 'raw undici.request + JSON.parse'],
  ].map(([key, ratio, label]) =>
    row(
      'overhead',
      `per request: books.invoices.get vs ${label}`,
      ms(overhead.ms.zbooks),
      ms(overhead.ms[key]),
      ratio.median,
      `median of ${overhead.rounds} rounds × ${overhead.batch}, ratio min ${ratio.min.toFixed(2)} max ${ratio.max.toFixed(2)}; emulator in a child process`,
    ),
  );
}

/** The measures moved out of the tests: the ratio is the worst round's, the notes give min and max. */
function movedRows(moved, row) {
  const spread = (s) => `min ${s.min.toFixed(2)}×, max ${s.max.toFixed(2)}× over ${moved.rounds} rounds`;
  const line = (measure, summary, zbooks, baseline) =>
    row('moved', measure, zbooks, baseline, summary.max, spread(summary));
  return [
    line(
      '`zbooks export` of 50,000 invoices: peak RSS, 2nd half vs 1st half',
      moved.exportRss,
      '2nd half',
      '1st half',
    ),
    line('killed lock holder, Redis store: wait vs lock TTL', moved.lockRedis, 'wait', 'TTL'),
    line('killed lock holder, file store: wait vs no dead holder', moved.lockFile, 'wait', 'no holder'),
    line('load: client calls/s vs raw fetch calls/s (16 callers)', moved.loadRate, 'client', 'raw fetch'),
    line('load: client heap after GC, end vs after warm-up', moved.loadHeap, 'end', 'warm-up'),
  ];
}

function table(rows) {
  const header = ['benchmark', 'measure', 'zbooks', 'baseline', 'ratio', 'notes'];
  const ratio = (r) => (r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toPrecision(2)}×`);
  const body = rows.map((r) => [r.benchmark, r.measure, r.zbooks, r.baseline, ratio(r.ratio), r.note]);
  const right = [false, false, true, true, true, false];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => `${'-'.repeat(w + 1)}${right[i] ? ':' : '-'}`).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}
