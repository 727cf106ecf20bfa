import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/http/errors.js';
import { type Sent, type World, world } from '../books/world.js';
import { closedPort } from '../helpers/emulator.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { describeWith } from '../helpers/tools.js';

let w: World<[]>;
let server: Server | undefined;
afterEach(async () => {
  await w?.close();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

/** The most requests that started within any `windowMs`. */
function busiestWindow(sent: Sent[], windowMs: number): number {
  const times = sent.map((s) => s.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

const get = (books = w.books) => books.request('GET', '/organizations');

describe('rate limit: per organization window and concurrency cap', () => {
  it('never starts more than `limit` requests in any window', async () => {
    w = await world({ realTime: true, books: { rateLimit: { limit: 5, windowMs: 200, marginMs: 60 } } });
    const start = w.emu.now();
    await Promise.all(Array.from({ length: 17 }, () => get()));
    expect(w.sent).toHaveLength(17);
    expect(busiestWindow(w.sent, 200)).toBe(5);
    expect(w.emu.now() - start).toBeGreaterThanOrEqual(750); // 4 windows' worth of starts
    expect(w.books.rateLimit().window).toMatchObject({ limit: 5, windowMs: 200, shared: 'process' });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    w = await world({ books: { rateLimit: { concurrency: 3 } } });
    const books = w.client({
      fetch: async (input, init) => {
        peak = Math.max(peak, ++inFlight);
        try {
          return await fetch(input, init);
        } finally {
          inFlight--;
        }
      },
    });
    w.emu.injectFault({ target: 'books', kind: 'delay', delayMs: 30, count: 9 });
    await Promise.all(Array.from({ length: 9 }, () => get(books)));
    expect(peak).toBe(3);
    expect(books.rateLimit().concurrency).toMatchObject({ limit: 3, active: 0, queued: 0 });
  });

  it('counts retries in the window too', async () => {
    // One call, so its attempts are sequential and the emulator's clock times them exactly: in real time a
    // loaded machine spread them over more than a window.
    w = await world({ books: { rateLimit: { limit: 2, windowMs: 200, marginMs: 60 } } });
    w.emu.injectFault({ target: 'books', kind: 'status', status: 500, count: 2 });
    await get();
    expect(w.sent).toHaveLength(3);
    expect(busiestWindow(w.sent, 200)).toBe(2);
  });

  it('a 429 pauses every caller of the organization until Retry-After', async () => {
    w = await world();
    w.emu.injectFault({ target: 'books', kind: 'throttle', count: 1 });
    const start = w.emu.now();
    await Promise.all(Array.from({ length: 3 }, () => get()));
    // The first answer was a 429 (Retry-After: 60): nothing else went out before the pause ended.
    const afterFirst = w.sent.slice(1).map((s) => s.at - start);
    expect(afterFirst.filter((t) => t < 60_000)).toHaveLength(2); // the two already in flight
    expect(w.sent).toHaveLength(4);
  });
});

describe('rate limit: Zoho’s daily budget from X-Rate-Limit-* headers', () => {
  it('learns the budget, reports it, and refuses calls without sending once it is spent', async () => {
    w = await world();
    let remaining = 2;
    let served = 0;
    server = createServer((_req, res) => {
      served++;
      remaining = Math.max(0, remaining - 1);
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-rate-limit-limit', '1000');
      res.setHeader('x-rate-limit-remaining', String(remaining));
      res.setHeader('x-rate-limit-reset', '3600');
      res.end('{"code":0,"message":"success","organizations":[]}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const books = w.client({ apiDomain: `http://127.0.0.1:${port}`, organizationId: '42' });
    await books.request('GET', '/invoices');
    expect(books.rateLimit().daily).toMatchObject({ limit: 1000, remaining: 1 });
    expect(books.rateLimit().daily!.resetAt! - w.emu.now()).toBeGreaterThan(3_590_000);
    await books.request('GET', '/invoices');
    const resetAt = books.rateLimit().daily!.resetAt!;
    const error = (await books.request('GET', '/invoices').catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.reason).toBe('daily_limit');
    expect(error.retryAt).toBe(resetAt);
    expect(error.message).toContain('42');
    expect(served).toBe(2);
    w.emu.advance(3_600_000);
    await books.request('GET', '/invoices');
    expect(served).toBe(3);
  });
});

describeWith('redis-server')('rate limit shared through Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('two clients sharing Redis stay together under the limit', async () => {
    const rateLimit = { limit: 4, windowMs: 200, marginMs: 60, keyPrefix: `t${Date.now()}` };
    w = await world({ realTime: true, books: { redis: redis.url, rateLimit, organizationId: '1' } });
    const other = w.client();
    try {
      await Promise.all([
        ...Array.from({ length: 6 }, () => get()),
        ...Array.from({ length: 6 }, () => get(other)),
      ]);
      expect(busiestWindow(w.sent, 200)).toBe(4);
      expect(w.books.rateLimit().window.shared).toBe('redis');
      expect(other.rateLimit().window.usedHere).toBeLessThanOrEqual(4);
    } finally {
      await other.close();
    }
  });

  it('falls back to limiting in this process, with one warning, when Redis is down', async () => {
    const warnings: string[] = [];
    const url = `redis://:s3cret-pass@127.0.0.1:${await closedPort()}/0`;
    w = await world({
      realTime: true,
      books: {
        redis: url,
        rateLimit: { limit: 3, windowMs: 200, marginMs: 60 },
        logger: { warn: (m) => warnings.push(m) },
      },
    });
    await Promise.all(Array.from({ length: 7 }, () => get()));
    expect(w.sent).toHaveLength(7);
    expect(busiestWindow(w.sent, 200)).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/limiting in this process only/);
    expect(warnings[0]).not.toContain('s3cret');
    expect(w.books.rateLimit().window.shared).toBe('process');
  });
});

describe('rate limit: the emulator’s daily cap', () => {
  it('a spent day is reported with its reset time, then refused without calling Zoho', async () => {
    w = await world({ emulator: { books: { perDay: 3 } } });
    const organizationId = w.seed.organizations[0]!.organization_id;
    const a = w.client({ organizationId });
    for (let i = 0; i < 3; i++) await a.request('GET', '/contacts');
    expect(a.rateLimit().daily).toMatchObject({ limit: 3, remaining: 0 });
    // Another client (another process) does not know yet: Zoho's 429 asks for hours, so it is not waited out.
    const b = w.client({ organizationId });
    const refused = (await b.request('GET', '/contacts').catch((e: unknown) => e)) as RateLimitError;
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(refused).toMatchObject({ status: 429, code: 44 });
    expect(refused.retryAt! - w.emu.now()).toBeGreaterThan(5 * 60_000);
    const sent = w.sent.length;
    for (const books of [a, b]) {
      const error = (await books.request('GET', '/contacts').catch((e: unknown) => e)) as RateLimitError;
      expect(error.reason).toBe('daily_limit');
      expect(error.hint).toMatch(/resume at/);
    }
    expect(w.sent).toHaveLength(sent);
  });
});
