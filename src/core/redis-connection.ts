import type { Redis, RedisOptions } from 'ioredis';
import { ConfigError, StoreError } from './errors.js';

/**
 * One ioredis client, connected on first use, through which every call is bounded in time and every failure
 * becomes a StoreError naming the server (never the data or a password). When Redis is down, calls fail at
 * once (no offline queue) while ioredis keeps reconnecting in the background.
 */
export class RedisConnection {
  /** "host:port/db" for messages, without credentials. */
  readonly description: string;
  readonly #url: string | undefined;
  readonly #owned: boolean;
  readonly #timeoutMs: number;
  #client: Promise<Redis> | undefined;
  /** Once closed, never connected again: a late call (a lease released after the answer) must not reopen it. */
  #closed = false;

  constructor(target: { url: string } | { client: Redis }, timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    if ('client' in target) {
      this.#url = undefined;
      this.#owned = false;
      this.#client = Promise.resolve(target.client);
      this.description = 'redis (client given)';
    } else {
      this.#url = target.url;
      this.#owned = true;
      this.description = `redis ${describeRedisUrl(target.url)}`;
    }
  }

  async call<T>(what: string, command: (redis: Redis) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      if (this.#closed) throw new Error('the connection was closed');
      // Loading ioredis is this machine's work, not Redis's: a busy machine's first call must not time out
      // on it. The connection and the command are what the timeout bounds.
      this.#client ??= this.#create();
      await this.#client;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), this.#timeoutMs);
      });
      return await Promise.race([this.#ready().then(command), timeout]);
    } catch (error) {
      throw new StoreError(
        `Redis call (${what}) to ${this.description} failed: ${reason(error)}`,
        'Check that Redis is running and reachable at the address in ZBOOKS_TOKEN_STORE.',
        { reason: 'store_redis', cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Disconnects a client this connection created; a client given to it stays the caller's to close. */
  async close(): Promise<void> {
    const client = this.#client;
    if (!this.#owned) return;
    this.#closed = true;
    if (!client) return;
    this.#client = undefined;
    // Every caller awaited its own writes, so nothing is in flight that a graceful QUIT would wait for.
    (await client).disconnect();
  }

  async #ready(): Promise<Redis> {
    if (this.#closed) throw new Error('the connection was closed');
    this.#client ??= this.#create();
    const client = await this.#client;
    if (client.status === 'ready') return client;
    if (client.status === 'wait') {
      await client.connect();
      return client;
    }
    if (client.status === 'connecting' || client.status === 'connect') {
      await untilReady(client);
      return client;
    }
    // Reconnecting after a failure: answer now, so callers fall back instead of queueing behind a dead server.
    throw new Error(`not connected (${client.status})`);
  }

  async #create(): Promise<Redis> {
    // Loaded on first use, so programs that never use Redis never load ioredis.
    const { Redis } = await import('ioredis');
    const options: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: this.#timeoutMs,
      commandTimeout: this.#timeoutMs,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
      // disconnect() ends the last socket and arms a timer (ioredis's default: 2 s) to destroy it if it does
      // not close; a socket that already failed never closes again, so the timer kept every process whose
      // Redis was down alive 2 s after its answer (`zbooks auth token`: the error, then 2 s of nothing).
      // Every caller awaited its own commands before close(): nothing is left that a grace period would save.
      disconnectTimeout: 0,
    };
    const client = new Redis(this.#url!, options);
    // Failures reach callers as StoreErrors (and the token provider warns once); without a listener ioredis
    // would print every failed reconnection.
    client.on('error', () => {});
    return client;
  }
}

/** Resolves on 'ready', rejects on 'close'; either way both listeners go (the caller's timeout bounds the wait). */
function untilReady(client: Redis): Promise<void> {
  return new Promise((resolve, reject) => {
    const onReady = () => {
      client.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      client.off('ready', onReady);
      reject(new Error('connection closed'));
    };
    client.once('ready', onReady);
    client.once('close', onClose);
  });
}

/** host:port/db, without credentials, for messages; a ConfigError for a URL that is not a Redis one. */
export function describeRedisUrl(url: string): string {
  const example = 'Use redis://host:port/db, e.g. redis://127.0.0.1:6379/0 (rediss:// for TLS).';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('The Redis URL is not a valid URL.', example);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError('A Redis URL starts with redis:// or rediss://.', example);
  }
  const db = parsed.pathname.replace(/^\//, '') || '0';
  if (!/^\d+$/.test(db)) throw new ConfigError('The Redis database in the URL must be a number.', example);
  const tls = parsed.protocol === 'rediss:' ? ' (tls)' : '';
  return `${parsed.hostname || '127.0.0.1'}:${parsed.port || '6379'}/${db}${tls}`;
}

function reason(error: unknown): string {
  // ioredis messages name the address and the failure, never the data or the password.
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 160);
}
