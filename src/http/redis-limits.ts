import { createHash, randomUUID } from 'node:crypto';
import type { ScriptRunner } from './redis-client.js';

/**
 * The organization's limits in Redis, shared by every process using the same key prefix: the sliding-window
 * log of sliding-window.ts in one sorted set, and the in-flight requests in another, each a lease that
 * expires (so a crashed process cannot hold slots forever). One script checks and takes both atomically.
 * Time comes from the caller's clock (the injected one): the machines of a fleet need synchronised clocks,
 * as they already do for token expiry.
 */
const ACQUIRE = `
local window_key, flight_key = KEYS[1], KEYS[2]
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local cap, lease, member, poll = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7])
local start_id = ARGV[8]
redis.call('ZREMRANGEBYSCORE', window_key, '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', flight_key, '-inf', now)
if cap > 0 and redis.call('ZSCORE', flight_key, member) == false and redis.call('ZCARD', flight_key) >= cap then
  local first = redis.call('ZRANGE', flight_key, 0, 0, 'WITHSCORES')
  return math.max(1, math.min(poll, tonumber(first[2]) - now))
end
if redis.call('ZCARD', window_key) >= limit then
  local oldest = redis.call('ZRANGE', window_key, 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', window_key, now, start_id)
redis.call('PEXPIRE', window_key, window)
if cap > 0 then
  redis.call('ZADD', flight_key, now + lease, member)
  redis.call('PEXPIRE', flight_key, lease)
end
return 0
`;
const RELEASE = `return redis.call('ZREM', KEYS[1], ARGV[1])`;

const sha = (script: string) => createHash('sha1').update(script).digest('hex');
const SCRIPTS = {
  acquire: { text: ACQUIRE, sha: sha(ACQUIRE) },
  release: { text: RELEASE, sha: sha(RELEASE) },
};

interface RedisLimitsOptions {
  limit: number;
  windowMs: number;
  /** In-flight cap shared by all processes (0: not shared). */
  concurrency: number;
  /** How long an in-flight slot lasts without renewal (a crashed holder's slot frees itself then). */
  leaseMs: number;
  timeoutMs: number;
}

/** Releases come unannounced from other processes: a full in-flight set is polled this often. */
const POLL_MS = 50;

export class RedisLimits {
  readonly #redis: ScriptRunner;
  readonly #keys: [string, string];
  readonly #options: RedisLimitsOptions;

  constructor(redis: ScriptRunner, keyPrefix: string, options: RedisLimitsOptions) {
    this.#redis = redis;
    this.#keys = [`${keyPrefix}:window`, `${keyPrefix}:inflight`];
    this.#options = options;
  }

  /** A fresh lease id for one request. */
  newLease(): string {
    return randomUUID();
  }

  /**
   * Takes a window slot and (re)takes the lease's in-flight slot: 0, or ms until a slot may be free.
   * Rejects when Redis fails or is slow.
   */
  async tryAcquire(lease: string, now: number): Promise<number> {
    const o = this.#options;
    const args = [now, o.windowMs, o.limit, o.concurrency, o.leaseMs, lease, POLL_MS, randomUUID()];
    return Number(await this.#run('acquire', this.#keys, args));
  }

  async release(lease: string): Promise<void> {
    await this.#run('release', [this.#keys[1]], [lease]);
  }

  #run(name: keyof typeof SCRIPTS, keys: string[], args: (string | number)[]): Promise<unknown> {
    const script = SCRIPTS[name];
    const call = this.#redis.evalsha(script.sha, keys.length, ...keys, ...args).catch((error: unknown) => {
      if (!/NOSCRIPT/.test(String(error))) throw error;
      return this.#redis.eval(script.text, keys.length, ...keys, ...args);
    });
    return withTimeout(call, this.#options.timeoutMs);
  }
}

/** A client with an offline queue would hold a command forever while Redis is down: bound the wait. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
