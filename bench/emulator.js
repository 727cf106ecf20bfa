// The emulator's throughput (issue 11): requests per second on loopback for a GET of one invoice, a list of 200
// and a create, against a bare node:http server answering the same bodies, in the same run. Each server runs in
// its own process (so its figures are its own); this process drives both with a keep-alive agent and the same
// number of callers, in interleaved rounds, and prints the median and the min–max of each.
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const description =
  'emulator requests/s on loopback: get, list of 200, create, vs a bare node:http server, same run';

const SERVER = fileURLToPath(new URL('./emulator-server.js', import.meta.url));

const start = (mode, extra = []) =>
  new Promise((resolve, reject) => {
    const child = fork(SERVER, [mode, ...extra], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (info) => resolve({ child, info }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`)));
  });

const stop = (child) =>
  new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.disconnect();
  });

/** One request: resolves with the status and the body text. */
const send = (agent, url, { method = 'GET', headers = {}, body } = {}) =>
  new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });

/** `callers` loops sending the request as fast as answers come for `ms`; requests per second. */
const hammer = async (agent, target, callers, ms) => {
  let done = 0;
  let failed = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const r = await send(agent, target.url, target.options);
        if (r.status >= 300) failed += 1;
        done += 1;
      }
    }),
  );
  return { rate: done / ((performance.now() - t0) / 1000), failed };
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function run(args, { print = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const { values } = parseArgs({
    args,
    options: {
      rounds: { type: 'string', default: '5' },
      'round-ms': { type: 'string', default: '1500' },
      callers: { type: 'string', default: '8' },
      records: { type: 'string', default: '200' },
    },
  });
  const rounds = Number(values.rounds);
  const roundMs = Number(values['round-ms']);
  const callers = Number(values.callers);
  print(
    `emulator: requests/s on loopback, ${callers} keep-alive callers, ${rounds} interleaved rounds of ${roundMs} ms, each server in its own process`,
  );
  const emulator = await start('emulator', [values.records]);
  const bare = await start('bare');
  const agent = new Agent({ keepAlive: true, maxSockets: callers });
  try {
    const { url, token, org, invoiceId, customerId } = emulator.info;
    const auth = { authorization: `Zoho-oauthtoken ${token}` };
    const invoice = JSON.stringify({
      customer_id: customerId,
      line_items: [{ name: 'Bench', rate: 10, quantity: 2 }],
    });
    const kinds = {
      get: { path: `/books/v3/invoices/${invoiceId}`, options: { headers: auth } },
      list: { path: '/books/v3/invoices', query: '&per_page=200', options: { headers: auth } },
      create: {
        path: '/books/v3/invoices',
        options: { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: invoice },
      },
    };
    // The bare server answers each path with what the emulator answered: same bytes on the wire.
    const bodies = {};
    for (const [name, k] of Object.entries(kinds)) {
      const r = await send(agent, `${url}${k.path}?organization_id=${org}${k.query ?? ''}`, k.options);
      if (r.status >= 300)
        throw new Error(`emulator answered ${name} with ${r.status}: ${r.body.slice(0, 200)}`);
      bodies[`/${name}`] = { status: r.status, body: r.body };
    }
    bare.child.send({ bodies });
    await new Promise((resolve) => bare.child.once('message', resolve));
    const results = {};
    for (const [name, k] of Object.entries(kinds)) {
      const targets = {
        emulator: { url: `${url}${k.path}?organization_id=${org}${k.query ?? ''}`, options: k.options },
        bare: { url: `${bare.info.url}/${name}`, options: k.options },
      };
      const rates = { emulator: [], bare: [] };
      let failed = 0;
      for (let round = 0; round < rounds; round += 1) {
        // Alternate which goes first, so neither always runs on a warmer machine.
        const order = round % 2 ? ['bare', 'emulator'] : ['emulator', 'bare'];
        for (const who of order) {
          const r = await hammer(agent, targets[who], callers, roundMs);
          rates[who].push(r.rate);
          failed += r.failed;
        }
      }
      const emu = median(rates.emulator);
      const base = median(rates.bare);
      results[name] = {
        emulator: emu,
        bare: base,
        ratio: emu / base,
        min: Math.min(...rates.emulator),
        max: Math.max(...rates.emulator),
        bareMin: Math.min(...rates.bare),
        bareMax: Math.max(...rates.bare),
        bytes: Buffer.byteLength(bodies[`/${name}`].body),
        failed,
      };
      const f = (n) => n.toFixed(0).padStart(6);
      print(
        `   ${name.padEnd(7)} emulator ${f(emu)} req/s (min ${f(results[name].min)}, max ${f(results[name].max)})   ` +
          `bare ${f(base)} req/s (min ${f(results[name].bareMin)}, max ${f(results[name].bareMax)})   ` +
          `ratio ${(emu / base).toFixed(2)}×   ${results[name].bytes} bytes, ${failed} failed`,
      );
    }
    return { name: 'emulator', rounds, roundMs, callers, records: Number(values.records), results };
  } finally {
    agent.destroy();
    await stop(emulator.child);
    await stop(bare.child);
  }
}
