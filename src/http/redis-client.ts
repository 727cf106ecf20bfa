import { RedisConnection } from '../core/redis-connection.js';

/** The two commands the shared rate limit uses; an ioredis client fits. */
export interface ScriptRunner {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * The rate limit's Redis, opened from a URL on first use through the same connection the Redis token store
 * uses: bounded calls, failing fast while Redis is down (the rate limiter then falls back), the URL (which
 * may hold a password) never in a message.
 */
export class LazyRedis implements ScriptRunner {
  readonly #connection: RedisConnection;

  constructor(url: string, timeoutMs: number) {
    this.#connection = new RedisConnection({ url }, timeoutMs);
  }

  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown> {
    return this.#connection.call('rate limit', (redis) => redis.evalsha(sha, numKeys, ...args));
  }

  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown> {
    return this.#connection.call('rate limit', (redis) => redis.eval(script, numKeys, ...args));
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}
