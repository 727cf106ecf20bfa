import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { RateLimiter } from '../../src/http/rate-limiter.js';

function limiterAt(now: { ms: number }, limit = 2, concurrency = 2) {
  return new RateLimiter({
    limit,
    windowMs: 60_000,
    concurrency,
    marginMs: 0,
    keyPrefix: 'x',
    redisTimeoutMs: 1_000,
    leaseMs: 10_000,
    clock: { now: () => now.ms, sleep: async () => {} },
    logger: silentLogger,
  });
}

describe('the limiter takes a slot synchronously only when nothing would wait', () => {
  it('room in the window and the cap: a ticket now, counted like any other', () => {
    const now = { ms: 1_000 };
    const limiter = limiterAt(now);
    const ticket = limiter.tryAcquireNow('org');
    expect(ticket).toBeDefined();
    expect(limiter.status('org')).toMatchObject({ window: { usedHere: 1 }, concurrency: { active: 1 } });
    ticket!.release();
    expect(limiter.status('org').concurrency.active).toBe(0);
  });

  it('the cap full, the window full, or a pause: no ticket, and nothing taken', () => {
    const now = { ms: 1_000 };
    const capped = limiterAt(now, 10, 1);
    expect(capped.tryAcquireNow('org')).toBeDefined();
    expect(capped.tryAcquireNow('org')).toBeUndefined();
    expect(capped.status('org').window.usedHere).toBe(1);

    const full = limiterAt(now, 1, 10);
    full.tryAcquireNow('org')!.release();
    expect(full.tryAcquireNow('org')).toBeUndefined();
    expect(full.status('org').concurrency.active).toBe(0);

    const paused = limiterAt(now);
    paused.pauseUntil('org', now.ms + 5_000);
    expect(paused.tryAcquireNow('org')).toBeUndefined();
    now.ms += 5_000;
    expect(paused.tryAcquireNow('org')).toBeDefined();
  });
});
