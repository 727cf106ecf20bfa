import { afterEach, describe, expect, it } from 'vitest';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { TokenRateLimitedError } from '../../src/core/errors.js';
import type { WaitNotice } from '../../src/core/waits.js';
import { RateLimitError } from '../../src/http/errors.js';
import { RateLimitWait } from '../../src/http/rate-limit-wait.js';
import { RateLimiter } from '../../src/http/rate-limiter.js';
import { type World, world } from '../books/world.js';

let w: World<[]>;
afterEach(async () => {
  await w?.close();
});

const booksRequests = () => w.emu.stats().books_requests;
const total = (sleeps: number[]) => sleeps.reduce((sum, ms) => sum + ms, 0);

describe('429 waits are bounded in total per call (issue 9.6)', () => {
  it('Retry-After: 120 on every answer: one wait of 120 s by default, then a RateLimitError saying when', async () => {
    w = await world();
    w.emu.injectFault({ target: 'books', kind: 'throttle', retryAfter: 120, count: 100 });
    const start = w.emu.now();
    const error = (await w.books.listOrganizations().catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    // The emulator's clock also runs in real time: a few milliseconds pass between the answer and this line.
    expect(w.emu.now() + 120_000 - error.retryAt!).toBeGreaterThanOrEqual(0);
    expect(w.emu.now() + 120_000 - error.retryAt!).toBeLessThan(1_000);
    // Before the bound: 11 answers and 20 minutes of waiting for one call.
    expect(total(w.clock.sleeps)).toBe(120_000);
    expect(w.emu.now() - start).toBeLessThan(121_000);
    expect(booksRequests()).toBe(2);
  });

  it('maxRateLimitWaitMs is the total of the waits, not a cap on each', async () => {
    w = await world({ books: { retry: { maxRateLimitWaitMs: 25_000 } } });
    w.emu.injectFault({ target: 'books', kind: 'throttle', retryAfter: 10, count: 100 });
    await expect(w.books.listOrganizations()).rejects.toBeInstanceOf(RateLimitError);
    expect(w.clock.sleeps).toEqual([10_000, 10_000]);
    expect(booksRequests()).toBe(3);
  });

  it("another caller's 429 pause counts too: a call refuses to wait past its total", async () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({
      limit: 100,
      windowMs: 60_000,
      concurrency: 10,
      marginMs: 0,
      keyPrefix: 'x',
      redisTimeoutMs: 1_000,
      leaseMs: 10_000,
      clock: {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      },
      logger: { warn: () => {} },
    });
    limiter.pauseUntil('7', now + 90_000);
    const error = await limiter.acquire('7', undefined, new RateLimitWait(60_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAt).toBe(now + 90_000);
    expect((error as RateLimitError).reason).toBe('rate_limit_wait_exceeded');
    const budget = new RateLimitWait(120_000);
    const ticket = await limiter.acquire('7', undefined, budget);
    ticket.release();
    expect(budget.leftMs).toBe(30_000);
  });
});

describe('onWait: every wait is told before it starts (issue 9.6)', () => {
  it('a 429 wait, a backoff and the rate-limit window, each with its reason and end', async () => {
    const notices: WaitNotice[] = [];
    w = await world({ books: { onWait: (n) => notices.push(n) } });
    const org = w.seed.organizations[0]!.organization_id;
    w.emu.injectFault({ target: 'books', kind: 'throttle', retryAfter: 30, count: 1 });
    const at = w.emu.now();
    await w.books.request('GET', '/contacts', { organizationId: org });
    expect(notices).toMatchObject([{ reason: 'rate_limited', organizationId: org }]);
    expect(notices[0]!.until - (at + 30_000)).toBeGreaterThanOrEqual(0);
    expect(notices[0]!.until - (at + 30_000)).toBeLessThan(1_000);

    notices.length = 0;
    w.emu.injectFault({ target: 'books', kind: 'status', status: 500, count: 1 });
    const before = w.emu.now();
    await w.books.request('GET', '/contacts', { organizationId: org });
    expect(notices).toMatchObject([{ reason: 'retry_backoff', organizationId: org }]);
    expect(notices[0]!.until - before - 125).toBeGreaterThanOrEqual(0);
    expect(notices[0]!.until - before - 125).toBeLessThan(1_000);

    notices.length = 0;
    const paced = w.client({ onWait: (n) => notices.push(n), rateLimit: { limit: 1, marginMs: 0 } });
    await paced.request('GET', '/contacts', { organizationId: org });
    const second = w.emu.now();
    await paced.request('GET', '/contacts', { organizationId: org });
    expect(notices).toMatchObject([{ reason: 'rate_limit_window', organizationId: org }]);
    // The window's one slot frees a minute after the first request.
    expect(notices[0]!.until - second).toBeGreaterThan(59_000);
    expect(notices[0]!.until - second).toBeLessThanOrEqual(60_000);
  });

  it('a throttled token request tells when the cooldown ends', async () => {
    w = await world();
    const notices: WaitNotice[] = [];
    const provider = new TokenProvider({
      clientId: w.seed.client_id,
      clientSecret: w.seed.client_secret,
      refreshToken: w.refreshToken,
      accountsUrl: w.seed.accounts_url,
      clock: w.clock,
      onWait: (n) => notices.push(n),
    });
    w.emu.injectFault({ target: 'token', kind: 'throttle' });
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRateLimitedError);
    expect(notices).toEqual([{ reason: 'token_cooldown', until: (error as TokenRateLimitedError).retryAt }]);
  });

  it('a listener that throws does not break the call', async () => {
    w = await world({
      books: {
        onWait: () => {
          throw new Error('listener bug');
        },
      },
    });
    w.emu.injectFault({ target: 'books', kind: 'throttle', retryAfter: 1, count: 1 });
    await expect(w.books.listOrganizations()).resolves.toHaveLength(1);
  });
});
