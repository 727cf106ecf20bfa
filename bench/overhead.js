// Per-request overhead of `books.invoices.get` against the same GET made by hand, each baseline doing the work
// the client does (a deadline per request, the body read whole, JSON.parse): raw `fetch`, raw `node:http` with a
// keep-alive agent, raw `undici.request` on a Pool. The emulator runs in a child process (limits off), so its
// work is not charged to this one; the variants are interleaved in rounds and each figure is the median round,
// printed with the rounds' min and max. `ZBOOKS_DIST=/path/to/dist` measures another build (a "before").
import { fork } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

export const description =
  'books.invoices.get vs raw fetch, raw node:http and raw undici.request (emulator in a child process)';

const SERVER = fileURLToPath(new URL('./emulator-server.js', import.meta.url));
const DIST = process.env.ZBOOKS_DIST ?? fileURLToPath(new URL('../dist', import.meta.url));
const TIMEOUT_MS = 30_000;

export async function run(args, { print = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const { values } = parseArgs({
    args,
    options: { rounds: { type: 'string', default: '15' }, batch: { type: 'string', default: '1000' } },
  });
  const rounds = Number(values.rounds);
  const batch = Number(values.batch);
  const { TokenProvider, ZohoBooks } = await import(`${DIST}/index.js`);
  const child = fork(SERVER, ['emulator', '1'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const info = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('error', reject);
    });
    const books = new ZohoBooks({
      auth: new TokenProvider(info.credential),
      organizationId: info.org,
      rateLimit: { limit: 1e9, concurrency: 1e6 },
    });
    const token = await new TokenProvider(info.credential).getToken();
    const path = `/books/v3/invoices/${info.invoiceId}?organization_id=${info.org}`;
    const url = `${info.url}${path}`;
    // The request zbooks sends, header for header (its default User-Agent included).
    const headers = {
      authorization: `Zoho-oauthtoken ${token.accessToken}`,
      accept: 'application/json',
      'user-agent': 'zbooks',
    };
    const check = (body) => {
      if (body.code !== 0) throw new Error(`raw call failed: ${body.message}`);
    };
    const agent = new Agent({ keepAlive: true });
    const { hostname, port } = new URL(info.url);
    const pool = new Pool(info.url, { connections: 4 });
    const variants = {
      zbooks: () => books.invoices.get(info.invoiceId),
      fetch: async () => {
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
        check(JSON.parse(await res.text()));
      },
      http: () =>
        new Promise((resolve, reject) => {
          const req = httpRequest({ host: hostname, port, path, headers, agent }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
              clearTimeout(timer);
              check(JSON.parse(Buffer.concat(chunks).toString('utf8')));
              resolve();
            });
            res.on('error', reject);
          });
          const timer = setTimeout(() => req.destroy(new Error('timeout')), TIMEOUT_MS);
          req.on('error', reject);
          req.end();
        }),
      undici: async () => {
        const res = await pool.request({
          path,
          method: 'GET',
          headers,
          headersTimeout: TIMEOUT_MS,
          bodyTimeout: TIMEOUT_MS,
        });
        check(JSON.parse(await res.body.text()));
      },
    };
    const names = Object.keys(variants);
    for (const name of names) for (let i = 0; i < 300; i++) await variants[name]();
    const perRound = Object.fromEntries(names.map((n) => [n, []]));
    // This process's CPU time per request too: the emulator's is in its child, and CPU time is what other
    // jobs on a shared machine disturb least (wall time there swings by more than the differences measured).
    const cpuPerRound = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so none always runs first (on a warmer or colder machine).
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        const call = variants[name];
        const cpu = process.cpuUsage();
        const started = process.hrtime.bigint();
        for (let i = 0; i < batch; i++) await call();
        perRound[name].push(Number(process.hrtime.bigint() - started) / 1e6 / batch);
        const used = process.cpuUsage(cpu);
        cpuPerRound[name].push((used.user + used.system) / 1e3 / batch);
      }
    }
    await books.close();
    agent.destroy();
    await pool.close();
    const figures = Object.fromEntries(names.map((n) => [n, spread(perRound[n])]));
    // Ratios per round (the same round's figures), so drift between rounds cancels out.
    const ratio = (base, of = perRound) => spread(of.zbooks.map((z, i) => z / of[base][i]));
    const result = {
      name: 'overhead',
      rounds,
      batch,
      ms: figures,
      vsFetch: ratio('fetch'),
      vsHttp: ratio('http'),
      vsUndici: ratio('undici'),
      cpuMs: Object.fromEntries(names.map((n) => [n, spread(cpuPerRound[n])])),
      cpuVsHttp: ratio('http', cpuPerRound),
      cpuVsUndici: ratio('undici', cpuPerRound),
    };
    print(`overhead: GET /invoices/{id}, ${rounds} rounds × ${batch} sequential requests per variant`);
    for (const name of names) {
      const f = figures[name];
      print(
        `  ${name.padEnd(7)} ${f.median.toFixed(3)} ms/request (min ${f.min.toFixed(3)}, max ${f.max.toFixed(3)})`,
      );
    }
    for (const [label, r] of [
      ['raw fetch + JSON.parse', result.vsFetch],
      ['raw node:http + JSON.parse', result.vsHttp],
      ['raw undici.request + JSON.parse', result.vsUndici],
    ]) {
      print(
        `  zbooks / ${label}: ${r.median.toFixed(2)}× (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)})`,
      );
    }
    for (const [label, r] of [
      ['raw node:http', result.cpuVsHttp],
      ['raw undici.request', result.cpuVsUndici],
    ]) {
      print(
        `  CPU of this process: zbooks / ${label}: ${r.median.toFixed(2)}× (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)}); zbooks ${result.cpuMs.zbooks.median.toFixed(3)} ms/request`,
      );
    }
    return result;
  } finally {
    child.disconnect();
  }
}

function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
