// The gateway benchmark (`npm run bench -- serve`), every figure against a baseline of the same run:
// (1) the latency `zbooks serve` adds: the library calling the emulator directly vs the same library calling
//     through the gateway (limiter on, not limiting), p50 and p99, for a get and a list of 200;
// (2) throughput of one gateway process with limits off vs a bare node:http proxy of the same emulator;
// (3) requests per second of GET /v1/token for a cached token.
// The emulator, the gateway and the bare proxy each run in their own process; the load comes from this one.
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TokenProvider, ZohoBooks } from '../dist/index.js';

export const description =
  'gateway: added latency p50/p99 (get, list of 200) vs the library direct; throughput vs a bare node:http proxy; token endpoint req/s';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const CLI = fileURLToPath(new URL('../dist/bin/main.js', import.meta.url));

export async function run(args, { print = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const { values } = parseArgs({
    args,
    options: {
      calls: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '4' },
      callers: { type: 'string', default: '32' },
    },
  });
  const calls = Number(values.calls);
  const seconds = Number(values.seconds);
  const callers = Number(values.callers);
  const children = [];
  try {
    const emulator = fork(here('./serve-emulator.js'), ['200'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(emulator);
    const world = (await once(emulator, 'message'))[0];
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ZOHO_CLIENT_ID: world.credential.clientId,
      ZOHO_CLIENT_SECRET: world.credential.clientSecret,
      ZOHO_REFRESH_TOKEN: world.credential.refreshToken,
      ZOHO_ACCOUNTS_URL: world.credential.accountsUrl,
      ZOHO_API_DOMAIN: world.apiDomain,
      ZOHO_ORGANIZATION_ID: world.org,
      ZBOOKS_TOKEN_STORE: 'memory',
      ZBOOKS_CONFIG_DIR: `/tmp/zbooks-bench-serve-${process.pid}`,
    };
    const limited = await startServe(
      ['--rate-limit', '1000000', '--concurrency', '10000', '--no-access-log'],
      env,
      children,
    );
    const open = await startServe(['--no-limits', '--no-access-log'], env, children);
    const provider = new TokenProvider(world.credential);
    const token = await provider.getToken();
    const bare = fork(here('./serve-bare-proxy.js'), [world.apiDomain, token.accessToken], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(bare);
    const bareUrl = (await once(bare, 'message'))[0].url;

    const client = (apiDomain) =>
      new ZohoBooks({
        auth: provider,
        organizationId: world.org,
        apiDomain,
        rateLimit: { limit: 1e9, concurrency: 1e6 },
      });
    const direct = client(world.apiDomain);
    const proxied = client(limited);
    const viaBare = client(bareUrl);
    const get = (books) => () => books.invoices.get(world.invoiceId);
    const list = (books) => () => books.request('GET', '/invoices', { query: { per_page: 200 } });
    const latency = {
      get: await compare(get(direct), get(proxied), calls),
      list: await compare(list(direct), list(proxied), Math.max(100, calls / 4)),
    };
    // The same with limits off (no limiter at all), as in the throughput figure.
    const unlimited = client(open);
    const limitsOff = {
      get: await compare(get(direct), get(unlimited), calls),
      list: await compare(list(direct), list(unlimited), Math.max(100, calls / 4)),
    };
    await unlimited.close();
    // What one more loopback hop costs by itself: the same calls through the bare node:http proxy.
    const hop = {
      get: await compare(get(direct), get(viaBare), calls),
      list: await compare(list(direct), list(viaBare), Math.max(100, calls / 4)),
    };
    const path = `/books/v3/invoices/${world.invoiceId}?organization_id=${world.org}`;
    // Short alternating rounds, judged by the median of each round's ratio: on a machine shared with other work,
    // one long run of each mostly measures what else ran at the time.
    const throughput = { bare: [], serve: [], ratios: [] };
    for (let round = 0; round < 5; round++) {
      const first = round % 2 === 0;
      const b = first ? await load(bareUrl, path, callers, seconds / 2) : undefined;
      const v = await load(open, path, callers, seconds / 2);
      const b2 = b ?? (await load(bareUrl, path, callers, seconds / 2));
      throughput.bare.push(b2);
      throughput.serve.push(v);
      throughput.ratios.push(v / b2);
    }
    const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const tokenRate = await load(open, '/v1/token', callers, seconds);
    const result = {
      name: 'serve',
      latency,
      bareHop: hop,
      limitsOff,
      throughput: { bare: median(throughput.bare), serve: median(throughput.serve), rounds: throughput },
      tokenEndpoint: tokenRate,
    };
    result.throughput.ratio = median(throughput.ratios);
    print('serve: the gateway against the emulator on loopback (npm run bench -- serve)');
    for (const [name, l] of Object.entries(latency)) {
      print(
        `  ${name}: direct p50 ${l.direct.p50.toFixed(3)} ms p99 ${l.direct.p99.toFixed(3)} ms; through serve p50 ${l.proxied.p50.toFixed(3)} ms p99 ${l.proxied.p99.toFixed(3)} ms; added p50 ${l.addedP50.toFixed(3)} ms, p99 ${l.addedP99.toFixed(3)} ms`,
      );
    }
    for (const [name, l] of Object.entries(limitsOff)) {
      print(
        `  ${name}: with limits off, serve adds p50 ${l.addedP50.toFixed(3)} ms, p99 ${l.addedP99.toFixed(3)} ms`,
      );
    }
    for (const [name, l] of Object.entries(hop)) {
      print(
        `  ${name}: a bare node:http proxy adds p50 ${l.addedP50.toFixed(3)} ms, p99 ${l.addedP99.toFixed(3)} ms (the hop itself)`,
      );
    }
    print(
      `  throughput, ${callers} callers, 5 alternating rounds of ${seconds / 2} s each, medians (ratio: median of the rounds' ratios ${throughput.ratios.map((r) => r.toFixed(2)).join(', ')}): serve ${result.throughput.serve.toFixed(0)} req/s, bare node:http proxy ${result.throughput.bare.toFixed(0)} req/s, ratio ${result.throughput.ratio.toFixed(2)}× (target ≥ 0.8×)`,
    );
    print(`  token endpoint (cached): ${tokenRate.toFixed(0)} req/s`);
    result.rows = rows(result);
    await direct.close();
    await proxied.close();
    await viaBare.close();
    return result;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  }
}

function rows(r) {
  const ms = (v) => `${v.toFixed(3)} ms`;
  const row = (measure, zbooks, baseline, ratio, note) => ({
    benchmark: 'serve',
    measure,
    zbooks,
    baseline,
    ratio,
    note,
  });
  return [
    ...Object.entries(r.latency).map(([name, l]) =>
      row(
        `${name === 'get' ? 'get an invoice' : 'list of 200'}: p50 through the gateway vs the library direct`,
        ms(l.proxied.p50),
        ms(l.direct.p50),
        l.proxied.p50 / l.direct.p50,
        `added p50 ${ms(l.addedP50)} (target ≤ 1 ms), p99 ${ms(l.addedP99)}; limits off ${ms(r.limitsOff[name].addedP50)}; a bare node:http proxy adds p50 ${ms(r.bareHop[name].addedP50)}`,
      ),
    ),
    row(
      'req/s, one gateway process (limits off) vs bare node:http proxy',
      `${r.throughput.serve.toFixed(0)}/s`,
      `${r.throughput.bare.toFixed(0)}/s`,
      r.throughput.ratio,
      'target ≥ 0.8×; 2 cores shared by load, proxy and emulator',
    ),
    row(
      'GET /v1/token req/s (cached token) vs bare proxy',
      `${r.tokenEndpoint.toFixed(0)}/s`,
      `${r.throughput.bare.toFixed(0)}/s`,
      r.tokenEndpoint / r.throughput.bare,
      'no Zoho call per request',
    ),
  ];
}

async function startServe(args, env, children) {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  for await (const chunk of child.stdout) {
    out += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(out);
    if (match) return match[1];
  }
  throw new Error('zbooks serve did not start');
}

/** Alternating batches of sequential calls, so that drift hits both alike. */
async function compare(direct, proxied, n) {
  for (let i = 0; i < 100; i++) {
    await direct();
    await proxied();
  }
  const times = { direct: [], proxied: [] };
  const batch = 50;
  for (let done = 0; done < n; done += batch) {
    for (const [name, call] of [
      ['direct', direct],
      ['proxied', proxied],
    ]) {
      for (let i = 0; i < batch; i++) {
        const start = performance.now();
        await call();
        times[name].push(performance.now() - start);
      }
    }
  }
  const stats = (list) => {
    list.sort((a, b) => a - b);
    return {
      p50: list[Math.floor(list.length * 0.5)],
      p99: list[Math.floor(list.length * 0.99)],
      n: list.length,
    };
  };
  const d = stats(times.direct);
  const p = stats(times.proxied);
  return { direct: d, proxied: p, addedP50: p.p50 - d.p50, addedP99: p.p99 - d.p99 };
}

/** `callers` keep-alive loops for `seconds`: completed requests per second. */
async function load(base, path, callers, seconds) {
  const url = new URL(path, base);
  const agent = new Agent({ keepAlive: true, maxSockets: callers });
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const one = () =>
    new Promise((resolve, reject) => {
      const req = request(
        { agent, hostname: url.hostname, port: url.port, path: url.pathname + url.search },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} from ${base}${path}`));
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        await one();
        done++;
      }
    }),
  );
  agent.destroy();
  return done / ((performance.now() - started) / 1000);
}
