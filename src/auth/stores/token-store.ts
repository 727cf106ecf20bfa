import type { AccessToken } from '../token-response.js';

/** What a store keeps for one credential: the access token and when it was obtained. */
export interface StoredToken extends AccessToken {
  /** Epoch ms when the token was minted; with expiresAt it gives the token's lifetime. */
  obtainedAt: number;
}

/**
 * Zoho's "Access Denied" cooldown for one credential, kept beside its token so that every process sharing the
 * store waits it out instead of asking the throttled endpoint again (each ask prolongs the block).
 */
export interface SharedThrottle {
  /** Epoch ms before which nobody sharing the store asks for a token. */
  until: number;
  /** Throttles in a row so far: the next cooldown doubles with each. */
  strikes: number;
}

/** Stores keep a throttle record this long past its end, so a throttle right after one still doubles the wait. */
export const THROTTLE_MEMORY_MS = 10 * 60_000;

/**
 * Where access tokens are shared: between instances in one process (memory), processes on one machine
 * (file) or a fleet (Redis). Keys never contain a secret (see tokenCacheKey).
 */
export interface TokenStore {
  /** For messages: "memory", "file /path", "redis 127.0.0.1:6379/0". */
  readonly description: string;
  /**
   * True for a store only this process can write (memory): what it returns needs no checking against the
   * configuration, since nobody else could have put it there.
   */
  readonly inProcess?: boolean;
  get(key: string): Promise<StoredToken | undefined>;
  /**
   * Replaces the entry. A store that encrypts refuses, with a StoreError coded store_key_mismatch or
   * store_key_missing, to overwrite an entry sealed with a key this process does not have.
   */
  set(key: string, value: StoredToken): Promise<void>;
  /** Deletes the entry; with `ifAccessToken`, only while it still holds that token (compare-and-delete). */
  delete(key: string, ifAccessToken?: string): Promise<void>;
  /** Runs `fn` while holding the key's lock, exclusive across everyone sharing this store. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** The credential's shared throttle cooldown, if one was recorded (stores without it: per-process only). */
  getThrottle?(key: string): Promise<SharedThrottle | undefined>;
  /** Records the cooldown, or clears it with undefined. */
  setThrottle?(key: string, value: SharedThrottle | undefined): Promise<void>;
  close?(): Promise<void>;
}
