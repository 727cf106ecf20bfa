import { type ChildProcess, execFile, fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { addKey, keysPath } from '../../src/serve/keys.js';
import { tempDir } from '../helpers/cli.js';
import type { SeededEmulator } from '../helpers/emulator-credential.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { describeWith } from '../helpers/tools.js';

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL('../fixtures/serve-replica.mjs', import.meta.url));
const HOUR = 3_600_000;
/** Below the 5-minute refresh margin, so a replica one step behind never holds a token Zoho let expire. */
const STEP = 4 * 60_000;
const REPLICAS = 4;

interface Replica {
  child: ChildProcess;
  url: string;
  logs: string[];
}

/** 50 callers against one replica: 15 in one curl (parallel transfers), 15 threads of Python urllib, 20 Node fetch. */
async function fifty(url: string, headerFile: string, key: string): Promise<number[]> {
  const target = `${url}/books/v3/invoices?per_page=10`;
  const curl = run('curl', [
    '-sS',
    '-Z',
    '--parallel-max',
    '15',
    '-H',
    `@${headerFile}`,
    '-w',
    '%{http_code}\\n',
    ...Array.from({ length: 15 }, () => ['-o', '/dev/null', target]).flat(),
  ]).then(({ stdout }) => stdout.trim().split('\n').map(Number));
  const python = run(
    '/usr/bin/python3',
    [
      '-c',
      `
import os, threading, urllib.request, urllib.error
codes = []
def call():
    req = urllib.request.Request(os.environ["TARGET"], headers={"Authorization": "Bearer " + os.environ["KEY"]})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            resp.read()
            codes.append(resp.status)
    except urllib.error.HTTPError as e:
        codes.append(e.code)
threads = [threading.Thread(target=call) for _ in range(15)]
[t.start() for t in threads]
[t.join() for t in threads]
print("\\n".join(str(c) for c in codes))
`,
    ],
    { env: { PATH: process.env.PATH ?? '', TARGET: target, KEY: key } },
  ).then(({ stdout }) => stdout.trim().split('\n').map(Number));
  const node = Array.from({ length: 20 }, () =>
    fetch(target, { headers: { authorization: `Bearer ${key}` } }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    }),
  );
  return [...(await curl), ...(await python), ...(await Promise.all(node))];
}

describeWith('redis-server')('4 zbooks serve replicas sharing one Redis', () => {
  let world: SeededEmulator;
  let redis: RedisServer;
  let config: { path: string; remove: () => Promise<void> };
  let replicas: Replica[] = [];
  let key: string;
  let headerFile: string;

  const syncClocks = () =>
    Promise.all(
      replicas.map(
        (r) =>
          new Promise<void>((resolve) => {
            const onMessage = (m: { type: string }) => {
              if (m.type !== 'clock:done') return;
              r.child.off('message', onMessage);
              resolve();
            };
            r.child.on('message', onMessage);
            r.child.send({ type: 'clock', offset: world.emu.now() - Date.now() });
          }),
      ),
    );
  /** Every replica's 50 callers at once; meanwhile the clock moves on a minute at a time, so queued calls go. */
  const burst = async (): Promise<number[]> => {
    let settled = false;
    const all = Promise.all(replicas.map((r) => fifty(r.url, headerFile, key))).finally(() => {
      settled = true;
    });
    // Steps of half a second: until a replica hears of a step its clock is that much behind the emulator's, an
    // error the limit's margin (2 % of the window, 1.2 s) absorbs, as it absorbs drift between real machines.
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (settled) break;
      world.emu.advance(500);
      await syncClocks();
    }
    return (await all).flat();
  };
  const ready = async (r: Replica) =>
    (await (await fetch(`${r.url}/readyz`)).json()) as {
      status: string;
      profiles: Record<string, { store: string }>;
    };

  beforeAll(async () => {
    const emu = await startEmulator({ port: 0 });
    const seed = emu.seedLoggedIn();
    const baseline = emu.stats().token_requests;
    world = {
      emu,
      credential: {
        accountsUrl: seed.accounts_url,
        apiDomain: seed.api_domain,
        clientId: seed.client_id,
        clientSecret: seed.client_secret,
        refreshToken: seed.refresh_token,
      },
      tokenRequests: () => emu.stats().token_requests - baseline,
      close: () => emu.close(),
    };
    redis = await startRedis();
    config = await tempDir('zbooks-replicas-');
    key = await addKey(keysPath(config.path), 'fleet', { readOnly: true, token: false }, new Date());
    headerFile = join(config.path, 'header');
    await writeFile(headerFile, `Authorization: Bearer ${key}\n`, { mode: 0o600 });
    const seedOrg = seed.organizations[0]!.organization_id;
    world.emu.seedRecords(seedOrg, 'invoices', 20);
    const base = {
      ...world.credential,
      store: redis.url,
      org: seedOrg,
      keysPath: keysPath(config.path),
      limit: 100,
      concurrency: 10,
    };
    replicas = await Promise.all(
      Array.from({ length: REPLICAS }, async () => {
        const child = fork(WORKER, [], {
          env: {
            ...process.env,
            SERVE_REPLICA: JSON.stringify({ ...base, offset: world.emu.now() - Date.now() }),
          },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        const logs: string[] = [];
        const url = await new Promise<string>((resolve, reject) => {
          child.on('message', (m: { type: string; url?: string; line?: string }) => {
            if (m.type === 'ready') resolve(m.url!);
            if (m.type === 'log') logs.push(m.line!);
          });
          child.once('exit', (code) => reject(new Error(`replica exited (${code})`)));
        });
        return { child, url, logs };
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(
      replicas.map(
        (r) =>
          new Promise<void>((resolve) => {
            if (r.child.exitCode !== null) return resolve();
            r.child.once('exit', () => resolve());
            r.child.send({ type: 'close' });
            setTimeout(() => r.child.kill('SIGKILL'), 5_000).unref();
          }),
      ),
    );
    await redis?.stop();
    await world?.close();
    await config?.remove();
  });

  it('cold start, 4 × 50 mixed callers (curl, Python urllib, Node fetch): 1 token request, all answered, no 429 at Zoho', async () => {
    const codes = await burst();
    expect(codes).toHaveLength(200);
    expect(codes.filter((c) => c !== 200)).toEqual([]);
    expect(world.tokenRequests()).toBe(1);
    // 200 calls against an organization limit of 100 a minute: half of them queued instead of meeting a 429.
    expect(world.emu.stats().books_throttled).toBe(0);
  }, 120_000);

  it('over 6 token lifetimes of calls: at most 7 token requests, none throttled, no 401 or 429', async () => {
    let ok = 0;
    for (let done = 0; done < 6 * HOUR; done += STEP) {
      world.emu.advance(STEP);
      await syncClocks();
      const codes = await Promise.all(
        replicas.map((r) =>
          fetch(`${r.url}/books/v3/invoices`, { headers: { authorization: `Bearer ${key}` } }).then(
            async (x) => {
              await x.arrayBuffer();
              return x.status;
            },
          ),
        ),
      );
      ok += codes.filter((c) => c === 200).length;
    }
    expect(ok).toBe(4 * Math.ceil((6 * HOUR) / STEP));
    expect(world.tokenRequests()).toBeLessThanOrEqual(7);
    expect(world.emu.stats()).toMatchObject({ throttled: 0, books_unauthorized: 0, books_throttled: 0 });
  }, 120_000);

  it('a Redis outage: replicas keep serving, /readyz says degraded, the log says so; nothing lost once it is back', async () => {
    await redis.stop();
    let ok = 0;
    let calls = 0;
    // Across a token refresh: each replica carries on with its own token.
    for (let done = 0; done < HOUR; done += STEP) {
      world.emu.advance(STEP);
      await syncClocks();
      const codes = await Promise.all(
        replicas.map((r) =>
          fetch(`${r.url}/books/v3/invoices`, { headers: { authorization: `Bearer ${key}` } }).then(
            async (x) => {
              await x.arrayBuffer();
              return x.status;
            },
          ),
        ),
      );
      calls += codes.length;
      ok += codes.filter((c) => c === 200).length;
    }
    expect(ok).toBe(calls);
    for (const r of replicas) {
      expect((await ready(r)).status).toBe('degraded');
      expect(r.logs.join('')).toMatch(/Redis|store/);
    }
    await redis.restart();
    // ioredis reconnects with a backoff of up to a second.
    for (const r of replicas) {
      for (let i = 0; i < 100 && (await ready(r)).status !== 'ready'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await ready(r)).toMatchObject({ status: 'ready', rate_limit: 'shared' });
    }
    // Redis restarted empty (no persistence), while Zoho still counts the last minute's calls, which each replica
    // limited on its own: the shared window starts over once that minute has passed (and the limiter's 5 s
    // probe interval with it).
    world.emu.advance(70_000);
    await syncClocks();
    const codes = await burst();
    if (codes.some((c) => c !== 200)) {
      console.log(replicas.flatMap((r) => r.logs.filter((l) => !l.includes('"status":200'))).join(''));
    }
    expect(codes.filter((c) => c !== 200)).toEqual([]);
    expect(world.emu.stats()).toMatchObject({ books_unauthorized: 0, books_throttled: 0 });
    const logs = replicas.map((r) => r.logs.join('')).join('');
    expect(logs).not.toContain(world.credential.refreshToken);
    expect(logs).not.toContain(world.credential.clientSecret);
  }, 120_000);
});
