import type { Redis } from 'ioredis';

/** The two commands the shared rate limit uses; an ioredis client fits. */
export interface ScriptRunner {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * A Redis connection opened from a URL on first use (ioredis is loaded only then). Commands fail fast while
 * Redis is down (no offline queue) and ioredis reconnects behind; the rate limiter falls back meanwhile.
 * The URL may hold a password: it is never put in a message.
 */
export class LazyRedis implements ScriptRunner {
  readonly #url: string;
  readonly #timeoutMs: number;
  #client: Promise<Redis> | undefined;

  constructor(url: string, timeoutMs: number) {
    this.#url = url;
    this.#timeoutMs = timeoutMs;
  }

  async evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown> {
    return (await this.#connect()).evalsha(sha, numKeys, ...args);
  }

  async eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown> {
    return (await this.#connect()).eval(script, numKeys, ...args);
  }

  async close(): Promise<void> {
    const pending = this.#client;
    this.#client = undefined;
    if (pending) (await pending).disconnect();
  }

  #connect(): Promise<Redis> {
    this.#client ??= (async () => {
      const { Redis } = await import('ioredis');
      const client = new Redis(this.#url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: this.#timeoutMs,
        commandTimeout: this.#timeoutMs,
        retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
      });
      // Failures reach the limiter as rejected commands (it warns once); this keeps ioredis quiet.
      client.on('error', () => {});
      await client.connect().catch(() => {});
      return client;
    })();
    return this.#client;
  }
}
