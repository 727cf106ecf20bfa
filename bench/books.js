// The Books client benchmark, in one run (the per-request overhead is bench/overhead.js, with the emulator in a
// child process): (2) an export of 20,000 invoices through the paginator under Zoho's 100/min limit,
// time-warped (the emulator's clock and the client's move together, sleeps are shortened); (3) peak RSS of a
// process streaming 100,000 records. Loopback only; the emulator runs in this process, the streaming client in
// a child, so its memory is the client's alone.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '../dist/emulator/index.js';
import { TokenProvider, ZohoBooks } from '../dist/index.js';

export const description = 'Books client: 20k-invoice export at 100/min, peak RSS streaming 100k records';

const WORKER = fileURLToPath(new URL('./books-stream-worker.js', import.meta.url));

export async function run(args, { print = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const { values } = parseArgs({
    args,
    options: {
      invoices: { type: 'string', default: '20000' },
      'per-page': { type: 'string', default: '25' },
      warp: { type: 'string', default: '100' },
      stream: { type: 'string', default: '100000' },
    },
  });
  const out = (line = '') => print(line);
  out('books: the Books client against the emulator on loopback (npm run bench -- books)');

  const exp = await measureExport(Number(values.invoices), Number(values['per-page']), Number(values.warp));
  out(
    `\n2. Export of ${exp.records} invoices through the paginator (per_page ${exp.perPage}, ${exp.requests} requests),`,
  );
  out(`   Zoho's limit of 100/min on in the emulator and in the client, time warped ${exp.warp}×:`);
  out(
    `   emulated time:            ${(exp.elapsedMs / 60_000).toFixed(2)} min (${(exp.realMs / 1000).toFixed(1)} s real)`,
  );
  out(
    `   achieved rate:            ${exp.steadyRate.toFixed(1)} requests/min after the first minute's burst`,
  );
  out(`                             = ${exp.steadyRate.toFixed(1)}% of the 100/min limit`);
  out(`   busiest minute:           ${exp.busiest} requests`);
  out(`   HTTP 429 answers:         ${exp.throttled}`);

  const rss = await measureStreaming(Number(values.stream));
  out(
    `\n3. Streaming ${rss.records} invoices with for await (per_page 200, ${rss.pages} pages) in a child process:`,
  );
  out(`   RSS before:               ${mb(rss.before)} MB`);
  out(`   peak RSS while streaming: ${mb(rss.peak)} MB (+${mb(rss.peak - rss.before)} MB)`);
  out(`   time:                     ${(rss.ms / 1000).toFixed(1)} s`);
  out(`   heap after GC at the end: ${mb(rss.heapAfter)} MB`);
  for (const [name, r] of Object.entries(rss.raw)) {
    out(
      `   raw ${name.padEnd(6)} the same pages: +${mb(r.peak - r.before)} MB over ${mb(r.before)} MB, heap after GC ${mb(r.heapAfter)} MB`,
    );
  }
  return {
    name: 'books',
    export: { ...exp, limitPerMinute: 100, ratio: exp.steadyRate / 100 },
    streaming: rss,
  };
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

/** An emulator, a Self Client exchanged once, and the first organization. */
async function setUp(books) {
  const emu = await startEmulator({ port: 0, books });
  const seed = emu.seedLoggedIn({ scope: 'ZohoBooks.fullaccess.all' });
  const refreshToken = seed.refresh_token;
  const organizationId = seed.organizations[0].organization_id;
  const credential = {
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    refreshToken,
    accountsUrl: seed.accounts_url,
  };
  return { emu, seed, organizationId, credential };
}

const UNLIMITED = { perMinute: 0, perDay: 0, concurrency: 0 };

async function measureExport(records, perPage, warp) {
  const { emu, organizationId, credential } = await setUp({ perMinute: 100, perDay: 0, concurrency: 10 });
  try {
    emu.seedRecords(organizationId, 'invoices', records);
    // Emulator and client share one clock; a sleep moves it forward at once and waits 1/warp of it for real.
    const clock = {
      now: () => emu.now(),
      sleep: async (ms) => {
        if (ms <= 0) return;
        emu.advance(Math.round(ms * (1 - 1 / warp)));
        await new Promise((resolve) => setTimeout(resolve, ms / warp));
      },
    };
    const starts = [];
    const books = new ZohoBooks({
      auth: new TokenProvider({ ...credential, clock }),
      organizationId,
      clock,
      fetch: (input, init) => {
        starts.push(emu.now());
        return fetch(input, init);
      },
    });
    const throttledBefore = emu.stats().books_throttled;
    const realStart = Date.now();
    let count = 0;
    for await (const _invoice of books.invoices.list({ per_page: perPage })) count++;
    const realMs = Date.now() - realStart;
    await books.close();
    if (count !== records) throw new Error(`exported ${count} of ${records}`);
    const elapsedMs = starts[starts.length - 1] - starts[0];
    // The first minute's 100 go at once; the rate that matters is the one held after it.
    const steadyRate = ((starts.length - 100) / elapsedMs) * 60_000;
    return {
      records: count,
      perPage,
      warp,
      requests: starts.length,
      elapsedMs,
      realMs,
      steadyRate,
      busiest: busiestMinute(starts),
      throttled: emu.stats().books_throttled - throttledBefore,
    };
  } finally {
    await emu.close();
  }
}

function busiestMinute(times) {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 60_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

async function measureStreaming(records) {
  const { emu, organizationId, credential } = await setUp(UNLIMITED);
  try {
    emu.seedRecords(organizationId, 'invoices', records);
    const results = {};
    for (const mode of ['zbooks', 'fetch', 'undici']) {
      const child = fork(WORKER, [mode], {
        env: { ...process.env, BOOKS_STREAM: JSON.stringify({ credential, organizationId }) },
        execArgv: ['--expose-gc'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const result = await new Promise((resolve, reject) => {
        child.once('message', resolve);
        child.once('error', reject);
        child.once('exit', (code) => code !== 0 && reject(new Error(`stream worker exited with ${code}`)));
      });
      if (result.error) throw new Error(result.error);
      if (result.records !== records) throw new Error(`${mode} streamed ${result.records} of ${records}`);
      results[mode] = result;
    }
    return { ...results.zbooks, raw: { fetch: results.fetch, undici: results.undici } };
  } finally {
    await emu.close();
  }
}
