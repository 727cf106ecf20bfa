import { type Clock, sleepUnlessAborted } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { redact } from '../core/redact.js';
import { notifyWait, type WaitListener } from '../core/waits.js';
import { RateLimitError } from './errors.js';
import type { RateLimitWait } from './rate-limit-wait.js';
import type { ScriptRunner } from './redis-client.js';
import { RedisLimits } from './redis-limits.js';
import type { ResponseHeaders } from './response-headers.js';
import { Semaphore } from './semaphore.js';
import { SlidingWindow } from './sliding-window.js';
import { type RateLimitHeaders, readRateLimitHeaders } from './wait-time.js';

export interface RateLimiterOptions {
  /** Requests per window per organization (Zoho: 100 per minute). */
  limit: number;
  windowMs: number;
  /** Requests in flight per organization (across processes when Redis is shared). */
  concurrency: number;
  /** Added to the window to absorb latency and clock differences, so the server never counts one too many. */
  marginMs: number;
  /** When set, the window and the in-flight cap are shared through Redis by every process using the prefix. */
  redis?: ScriptRunner | undefined;
  keyPrefix: string;
  redisTimeoutMs: number;
  /** How long a shared in-flight slot lasts unless renewed (one attempt's timeout and some slack). */
  leaseMs: number;
  clock: Clock;
  logger: Logger;
  /** Told before every wait for the window or for a 429's pause. */
  onWait?: WaitListener | undefined;
}

/** What `books.rateLimit()` reports for one organization. */
export interface RateLimitStatus {
  organizationId: string | undefined;
  window: { limit: number; windowMs: number; usedHere: number; shared: 'redis' | 'process' };
  concurrency: { limit: number; active: number; queued: number };
  /** Zoho's daily budget as the last answer's X-Rate-Limit-* headers gave it; undefined before any answer. */
  daily:
    | { limit: number | undefined; remaining: number | undefined; resetAt: number | undefined }
    | undefined;
  /** Set while a 429 asked every caller to wait. */
  pausedUntil: number | undefined;
}

/** One request's hold on its organization's limits. */
export interface Ticket {
  /** Takes another window slot (and renews the shared in-flight slot) before a retry. */
  retry(): Promise<void>;
  release(): void;
}

interface OrgState {
  readonly key: string;
  readonly local: SlidingWindow;
  readonly shared: RedisLimits | undefined;
  readonly slots: Semaphore;
  daily: RateLimitHeaders | undefined;
  pausedUntil: number;
}

const NO_ORG = '(no organization)';
const REDIS_PROBE_MS = 5_000;

/**
 * Per-organization limits: a concurrency cap, a sliding window (in Redis when configured, in this process
 * otherwise or while Redis is down), a pause that a 429 imposes on everyone, and the daily budget learnt from
 * Zoho's headers. One instance per client; nothing is shared through module state.
 */
export class RateLimiter {
  readonly #options: RateLimiterOptions;
  readonly #orgs = new Map<string, OrgState>();
  #redisDown = false;
  /** While Redis is down, it is asked again only after this time, so calls do not each wait for it. */
  #redisProbeAt = 0;

  constructor(options: RateLimiterOptions) {
    this.#options = options;
  }

  /**
   * The common case without a wait or a promise: no Redis, no pause, no queue, and room in both the
   * concurrency cap and the window. Undefined otherwise (or when the daily budget is spent): then acquire().
   */
  tryAcquireNow(
    organizationId: string | undefined,
    signal?: AbortSignal,
    rateLimitWait?: RateLimitWait,
  ): Ticket | undefined {
    const org = this.#org(organizationId);
    if (org.shared || org.daily?.remaining === 0) return undefined;
    const now = this.#options.clock.now();
    if (org.pausedUntil > now) return undefined;
    const releaseLocal = org.slots.tryAcquire();
    if (!releaseLocal) return undefined;
    if (org.local.tryTake(now) > 0) {
      releaseLocal();
      return undefined;
    }
    const retry = async () => {
      await this.#takeSlot(org, '', signal, rateLimitWait);
    };
    return { retry, release: releaseLocal };
  }

  /**
   * Waits for an in-flight slot and a window slot; refuses at once when the daily budget is known spent, or
   * when a 429's pause outlasts what the call may still wait on 429s (`rateLimitWait`).
   */
  async acquire(
    organizationId: string | undefined,
    signal?: AbortSignal,
    rateLimitWait?: RateLimitWait,
  ): Promise<Ticket> {
    const org = this.#org(organizationId);
    this.#refuseIfDailySpent(org);
    const releaseLocal = await org.slots.acquire(signal);
    const lease = org.shared?.newLease() ?? '';
    let sharedHeld = false;
    const take = async () => {
      sharedHeld = (await this.#takeSlot(org, lease, signal, rateLimitWait)) || sharedHeld;
    };
    try {
      await take();
    } catch (error) {
      releaseLocal();
      throw error;
    }
    let released = false;
    return {
      retry: take,
      release: () => {
        if (released) return;
        released = true;
        releaseLocal();
        // Best effort: an unreleased lease expires by itself.
        if (sharedHeld) org.shared?.release(lease).catch(() => {});
      },
    };
  }

  pauseUntil(organizationId: string | undefined, epochMs: number): void {
    const org = this.#org(organizationId);
    org.pausedUntil = Math.max(org.pausedUntil, epochMs);
  }

  /** Remembers the daily budget from an answer's X-Rate-Limit-* headers. */
  learn(organizationId: string | undefined, headers: ResponseHeaders): void {
    const seen = readRateLimitHeaders(headers, this.#options.clock.now());
    if (seen.limit === undefined && seen.remaining === undefined && seen.resetAt === undefined) return;
    this.#org(organizationId).daily = seen;
  }

  status(organizationId: string | undefined): RateLimitStatus {
    const org = this.#org(organizationId);
    const now = this.#options.clock.now();
    return {
      organizationId,
      window: {
        limit: this.#options.limit,
        windowMs: this.#options.windowMs,
        usedHere: org.local.used(now),
        shared: org.shared && !this.#redisDown ? 'redis' : 'process',
      },
      concurrency: { limit: org.slots.limit, active: org.slots.active, queued: org.slots.queued },
      daily: org.daily ? { ...org.daily } : undefined,
      pausedUntil: org.pausedUntil > now ? org.pausedUntil : undefined,
    };
  }

  /** Loops until a slot is taken; answers whether it was taken in Redis (so the lease needs releasing). */
  async #takeSlot(
    org: OrgState,
    lease: string,
    signal: AbortSignal | undefined,
    rateLimitWait: RateLimitWait | undefined,
  ): Promise<boolean> {
    const clock = this.#options.clock;
    for (;;) {
      signal?.throwIfAborted();
      const now = clock.now();
      if (org.pausedUntil > now) {
        const pause = org.pausedUntil - now;
        if (rateLimitWait && !rateLimitWait.allows(pause)) throw this.#pausedTooLong(org, rateLimitWait);
        rateLimitWait?.spend(pause);
        this.#notify('rate_limited', org, org.pausedUntil);
        await sleepUnlessAborted(clock, pause, signal);
        continue;
      }
      const shared = await this.#tryShared(org, lease, now);
      const wait = shared ?? org.local.tryTake(now);
      if (wait <= 0) return shared !== undefined;
      this.#notify('rate_limit_window', org, now + wait);
      await sleepUnlessAborted(clock, wait, signal);
    }
  }

  #notify(reason: 'rate_limited' | 'rate_limit_window', org: OrgState, until: number): void {
    notifyWait(this.#options.onWait, {
      reason,
      until,
      organizationId: org.key === NO_ORG ? undefined : org.key,
    });
  }

  #pausedTooLong(org: OrgState, rateLimitWait: RateLimitWait): RateLimitError {
    const at = new Date(org.pausedUntil).toISOString();
    return new RateLimitError(
      `Zoho asked to pause the calls of organization ${org.key} until ${at} (HTTP 429); this call may wait only ${Math.round(rateLimitWait.leftMs / 1000)} s more on rate limits.`,
      `Retry after ${at}. The total a call waits on 429s is the retry.maxRateLimitWaitMs option.`,
      { reason: 'rate_limit_wait_exceeded', retryAt: org.pausedUntil },
    );
  }

  /** The Redis answer, or undefined when Redis is not configured or is down (then the caller goes local). */
  async #tryShared(org: OrgState, lease: string, now: number): Promise<number | undefined> {
    if (!org.shared || now < this.#redisProbeAt) return undefined;
    try {
      const wait = await org.shared.tryAcquire(lease, now);
      if (this.#redisDown) {
        this.#redisDown = false;
        this.#options.logger.warn('zbooks: Redis is back; the rate limit is shared again.');
      }
      // Keep the local log in step, so a fallback starts from what this process just sent.
      if (wait === 0) org.local.tryTake(now);
      return wait;
    } catch (error) {
      this.#redisProbeAt = now + REDIS_PROBE_MS;
      if (!this.#redisDown) {
        this.#redisDown = true;
        const reason = redact(error instanceof Error ? error.message : 'error');
        this.#options.logger.warn(
          `zbooks: the shared rate limit in Redis failed (${reason}); limiting in this process only until Redis is back, so several processes may together exceed Zoho's limit.`,
        );
      }
      return undefined;
    }
  }

  #refuseIfDailySpent(org: OrgState): void {
    const daily = org.daily;
    const now = this.#options.clock.now();
    if (daily?.remaining !== 0 || daily.resetAt === undefined || daily.resetAt <= now) return;
    throw new RateLimitError(
      `The daily API budget of organization ${org.key} is spent (${daily.limit ?? '?'} calls; Zoho said 0 remaining).`,
      `Zoho's daily limit depends on the plan (1000 to 10000 calls per organization). Calls resume at ${new Date(daily.resetAt).toISOString()}.`,
      { reason: 'daily_limit', retryAt: daily.resetAt },
    );
  }

  #org(organizationId: string | undefined): OrgState {
    const key = organizationId ?? NO_ORG;
    let org = this.#orgs.get(key);
    if (!org) {
      const o = this.#options;
      const windowMs = o.windowMs + o.marginMs;
      org = {
        key,
        local: new SlidingWindow(o.limit, windowMs),
        shared: o.redis
          ? new RedisLimits(o.redis, `${o.keyPrefix}:${key}`, {
              limit: o.limit,
              windowMs,
              concurrency: o.concurrency,
              leaseMs: o.leaseMs,
              timeoutMs: o.redisTimeoutMs,
            })
          : undefined,
        slots: new Semaphore(o.concurrency),
        daily: undefined,
        pausedUntil: 0,
      };
      this.#orgs.set(key, org);
    }
    return org;
  }
}
