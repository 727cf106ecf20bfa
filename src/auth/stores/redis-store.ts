import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type Clock, systemClock } from '../../core/clock.js';
import { ConfigError, StoreError } from '../../core/errors.js';
import { RedisConnection } from '../../core/redis-connection.js';
import { missingKeyError, TokenCipher, wrongKeyError } from './encryption.js';
import { LockWait } from './lock-wait.js';
import {
  DELETE_TOKEN_IF,
  DELETE_TOKEN_IF_VALUE,
  EXTEND_LOCK,
  RELEASE_LOCK,
  SET_TOKEN,
  TRY_LOCK,
} from './redis-scripts.js';
import { TokenCodec } from './token-codec.js';
import { type SharedThrottle, type StoredToken, THROTTLE_MEMORY_MS, type TokenStore } from './token-store.js';

export interface RedisTokenStoreOptions {
  /** `redis://[:password@]host:port/db` or `rediss://…` (TLS). Ignored when `client` is given. */
  url?: string;
  /** Bring your own ioredis client; it is then yours to close. */
  client?: Redis;
  /** Encrypt cached tokens at rest (ZBOOKS_STORE_KEY); every process sharing Redis needs the same value. */
  encryptionKey?: string;
  /** Every Redis call gives up after this long with a StoreError. Default 2 s. */
  commandTimeoutMs?: number;
  /**
   * The refresh lock expires after this long unless its live holder extends it. A lock without expiry or with
   * a longer one was not set by zbooks: it is broken once it has gone this long without a heartbeat. Default 10 s.
   */
  lockTtlMs?: number;
  /**
   * How long to wait for another holder's lock before a StoreError (lock_timeout). Default 20 s (a slow refresh
   * may take 15); never less than lockTtlMs + 1 s.
   */
  lockWaitMs?: number;
  /** Prepended to every key, to share one Redis between applications. Default none. */
  keyPrefix?: string;
  /**
   * Computes the cached token's TTL from its expiry, and times the lock wait (its deadline and pauses). Default
   * the system clock.
   */
  clock?: Clock;
  /** The jitter of the lock wait's polls. Default Math.random. */
  random?: () => number;
}

/** What a waiter saw of the lock's holder, and since when it has looked exactly so (no heartbeat, same owner). */
interface Sighting {
  holder: string;
  pttl: number;
  /** On the waiter's clock. */
  since: number;
}

/**
 * Tokens shared by a fleet through Redis. Each credential has two keys derived from its cache key (which holds
 * no secret): `…:token`, a hash expiring with the token, and `…:lock`, taken with SET NX PX and an owner
 * token, released and extended only by that owner (Lua compare-and-delete).
 */
export class RedisTokenStore implements TokenStore {
  readonly description: string;
  readonly #redis: RedisConnection;
  readonly #codec: TokenCodec;
  readonly #lockTtlMs: number;
  readonly #lockWaitMs: number;
  readonly #prefix: string;
  readonly #clock: Clock;
  readonly #random: () => number;

  constructor(options: RedisTokenStoreOptions) {
    const target = options.client
      ? { client: options.client }
      : options.url
        ? { url: options.url }
        : undefined;
    if (!target) {
      throw new ConfigError('RedisTokenStore needs a url or a client.', 'Pass url: "redis://host:6379/0".');
    }
    this.#redis = new RedisConnection(target, options.commandTimeoutMs ?? 2_000);
    this.description = this.#redis.description;
    const cipher = options.encryptionKey ? new TokenCipher(options.encryptionKey) : undefined;
    this.#codec = new TokenCodec(cipher, this.description);
    this.#lockTtlMs = options.lockTtlMs ?? 10_000;
    this.#lockWaitMs = Math.max(options.lockWaitMs ?? 20_000, this.#lockTtlMs + 1_000);
    this.#prefix = options.keyPrefix ?? '';
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const raw = await this.#redis.call('read', (redis) => redis.hget(this.#tokenKey(key), 'v'));
    return raw === null ? undefined : this.#codec.decode(key, raw);
  }

  async set(key: string, value: StoredToken): Promise<void> {
    const ttl = Math.floor(value.expiresAt - this.#clock.now());
    if (ttl <= 0) return;
    const encoded = await this.#codec.encode(key, value);
    const payload = typeof encoded === 'string' ? encoded : JSON.stringify(encoded);
    const keyId = await this.#codec.keyId();
    const written = await this.#redis.call('write', (redis) =>
      redis.eval(SET_TOKEN, 1, this.#tokenKey(key), fingerprint(value.accessToken), payload, ttl, keyId),
    );
    if (written === 0) throw keyId ? wrongKeyError(this.description) : missingKeyError(this.description);
  }

  /**
   * With `ifAccessToken`: deletes the entry only while it holds that token, judged by the token it decodes to
   * (its other fields, fingerprint included, may say anything), and atomically on the exact payload read.
   */
  async delete(key: string, ifAccessToken?: string): Promise<void> {
    const tokenKey = this.#tokenKey(key);
    if (ifAccessToken === undefined) {
      await this.#redis.call('delete', (redis) => redis.del(tokenKey));
      return;
    }
    const raw = await this.#redis.call('read', (redis) => redis.hget(tokenKey, 'v'));
    if (raw === null) return;
    const held = await this.#codec.decode(key, raw).catch(() => undefined);
    await this.#redis.call('delete', (redis) =>
      held?.accessToken === ifAccessToken
        ? redis.eval(DELETE_TOKEN_IF_VALUE, 1, tokenKey, raw)
        : redis.eval(DELETE_TOKEN_IF, 1, tokenKey, fingerprint(ifAccessToken)),
    );
  }

  async getThrottle(key: string): Promise<SharedThrottle | undefined> {
    const raw = await this.#redis.call('read', (redis) => redis.get(this.#throttleKey(key)));
    return raw === null ? undefined : parseThrottle(raw);
  }

  /** Kept a while past its end, so a throttle right after one still doubles the wait; then Redis drops it. */
  async setThrottle(key: string, value: SharedThrottle | undefined): Promise<void> {
    const throttleKey = this.#throttleKey(key);
    if (!value) {
      await this.#redis.call('write', (redis) => redis.del(throttleKey));
      return;
    }
    const ttl = Math.max(1, Math.floor(value.until - this.#clock.now() + THROTTLE_MEMORY_MS));
    const payload = JSON.stringify({ until: value.until, strikes: value.strikes });
    await this.#redis.call('write', (redis) => redis.set(throttleKey, payload, 'PX', ttl));
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lockKey = `${this.#prefix}${key}:lock`;
    const owner = randomUUID();
    await this.#acquire(lockKey, owner);
    // A refresh slower than the TTL must not lose the lock to a waiter: extend it while we are alive.
    const heartbeat = setInterval(() => {
      this.#redis
        .call('lock', (redis) => redis.eval(EXTEND_LOCK, 1, lockKey, owner, this.#lockTtlMs))
        .catch(() => {});
    }, this.#lockTtlMs / 3);
    heartbeat.unref();
    try {
      return await fn();
    } finally {
      clearInterval(heartbeat);
      // If Redis is unreachable now, the TTL frees the lock; failing here would hide fn's own outcome.
      await this.#redis
        .call('unlock', (redis) => redis.eval(RELEASE_LOCK, 1, lockKey, owner))
        .catch(() => {});
    }
  }

  close(): Promise<void> {
    return this.#redis.close();
  }

  async #acquire(lockKey: string, owner: string): Promise<void> {
    const wait = new LockWait({ clock: this.#clock, random: this.#random, waitMs: this.#lockWaitMs });
    let sighting: Sighting | undefined;
    for (;;) {
      const answer = (await this.#redis.call('lock', (redis) =>
        redis.eval(TRY_LOCK, 1, lockKey, owner, this.#lockTtlMs),
      )) as [number, string?, number?];
      if (answer[0] === 1) return;
      const holder = String(answer[1] ?? '');
      const pttl = Number(answer[2] ?? -2);
      sighting = observe(sighting, holder, pttl, wait.now());
      // No expiry, or a longer one than any zbooks holder sets: not a lock to trust. Broken, on its exact
      // value, once it has gone a whole TTL without a heartbeat or a new owner.
      const unverifiable = pttl === -1 || pttl > this.#lockTtlMs;
      if (unverifiable && wait.now() - sighting.since > this.#lockTtlMs) {
        await this.#redis.call('lock', (redis) => redis.eval(RELEASE_LOCK, 1, lockKey, holder));
        sighting = undefined;
        continue;
      }
      if (wait.over) {
        throw new StoreError(
          `Timed out after ${this.#lockWaitMs} ms waiting for the token lock in ${this.description}.`,
          'Another process holds it and is neither finishing nor dying; its lock expires on its own once it stops.',
          { reason: 'lock_timeout' },
        );
      }
      await wait.pause();
    }
  }

  #tokenKey(key: string): string {
    return `${this.#prefix}${key}:token`;
  }

  #throttleKey(key: string): string {
    return `${this.#prefix}${key}:throttle`;
  }
}

/** A heartbeat raises the TTL, a new holder changes the value: either restarts the clock. */
function observe(previous: Sighting | undefined, holder: string, pttl: number, now: number): Sighting {
  if (previous && previous.holder === holder && pttl <= previous.pttl) return { ...previous, pttl };
  return { holder, pttl, since: now };
}

function parseThrottle(raw: string): SharedThrottle | undefined {
  try {
    const value = JSON.parse(raw) as Partial<SharedThrottle>;
    if (Number.isFinite(value.until) && Number.isSafeInteger(value.strikes)) {
      return { until: value.until as number, strikes: value.strikes as number };
    }
  } catch {
    // Not ours: no throttle.
  }
  return undefined;
}

/** Identifies a token for compare-and-delete without putting the token itself next to an encrypted payload. */
function fingerprint(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('hex').slice(0, 32);
}
