import type { AccessToken } from '../token-response.js';

/** What a store keeps for one credential: the access token and when it was obtained. */
export interface StoredToken extends AccessToken {
  /** Epoch ms when the token was minted; with expiresAt it gives the token's lifetime. */
  obtainedAt: number;
}

/**
 * Where access tokens are shared: between instances in one process (memory), processes on one machine
 * (file) or a fleet (Redis). Keys never contain a secret (see tokenCacheKey).
 */
export interface TokenStore {
  /** For messages: "memory", "file /path", "redis 127.0.0.1:6379/0". */
  readonly description: string;
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, value: StoredToken): Promise<void>;
  /** Deletes the entry; with `ifAccessToken`, only while it still holds that token (compare-and-delete). */
  delete(key: string, ifAccessToken?: string): Promise<void>;
  /** Runs `fn` while holding the key's lock, exclusive across everyone sharing this store. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  close?(): Promise<void>;
}
