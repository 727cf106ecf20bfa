import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { describeWith } from '../helpers/tools.js';
import { exchange } from './world.js';

const WORKER = fileURLToPath(new URL('./rate-worker.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/books/zoho-books.js', import.meta.url));

interface Tally {
  ok: number;
  failed: string[];
  warnings: string[];
}

/**
 * Two processes, 100 calls each at once, one organization limited to 100 per minute and 10 in flight.
 * Sharing Redis, they send exactly 100 in the first minute between them and get no 429; the other 100 wait
 * their turn (the test ends before the minute does). Without Redis, the same run draws 429s.
 */
describeWith('redis-server')('two processes sharing the rate limit through Redis', () => {
  let redis: RedisServer;
  let emu: Emulator;
  let children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    for (const child of children) child.kill('SIGKILL');
    children = [];
    await emu?.close();
  });

  async function run(shared: boolean): Promise<{ tally: Tally; throttled: number; served: number }> {
    emu = await startEmulator({ port: 0, books: { perMinute: 100, concurrency: 10, perDay: 0 } });
    const seed = emu.seed();
    const credential = {
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      refreshToken: await exchange(seed),
      accountsUrl: seed.accounts_url,
    };
    const config = {
      credential,
      organizationId: seed.organizations[0]!.organization_id,
      calls: 100,
      keyPrefix: `two-processes-${Date.now()}`,
      ...(shared ? { redis: redis.url } : {}),
    };
    const tally: Tally = { ok: 0, failed: [], warnings: [] };
    children = [0, 1].map(() =>
      fork(WORKER, [], { env: { ...process.env, RATE_WORKER: JSON.stringify(config) }, stdio: 'inherit' }),
    );
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve, reject) => {
            child.on('message', (m: { ready?: boolean; ok?: boolean; error?: string; warning?: string }) => {
              if (m.ready) resolve();
              else if (m.warning) tally.warnings.push(m.warning);
              else if (m.ok) tally.ok++;
              else tally.failed.push(m.error ?? '?');
            });
            child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
          }),
      ),
    );
    const baseline = emu.stats();
    for (const child of children) child.send('go');
    // Long enough for the first minute's 100 (and for any excess to show), far shorter than the minute.
    const deadline = Date.now() + 8_000;
    while (tally.ok + tally.failed.length < 100 && Date.now() < deadline) await sleep(50);
    await sleep(1_500);
    const stats = emu.stats();
    return {
      tally,
      throttled: stats.books_throttled - baseline.books_throttled,
      served: stats.books_requests - baseline.books_requests,
    };
  }

  it('stays under 100/min with zero 429s', async () => {
    const { tally, throttled, served } = await run(true);
    expect(tally.warnings).toEqual([]);
    expect(throttled).toBe(0);
    expect(tally.failed).toEqual([]);
    expect(tally.ok).toBe(100);
    expect(served).toBe(100);
  });

  it('(control) without Redis the same two processes draw 429s', async () => {
    const { throttled } = await run(false);
    expect(throttled).toBeGreaterThan(0);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
