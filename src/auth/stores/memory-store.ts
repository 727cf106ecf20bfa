import type { SharedThrottle, StoredToken, TokenStore } from './token-store.js';

/** The default store: one process. Share one instance between providers to share their tokens. */
export class MemoryTokenStore implements TokenStore {
  readonly description = 'memory';
  readonly inProcess = true;
  readonly #entries = new Map<string, StoredToken>();
  readonly #throttles = new Map<string, SharedThrottle>();
  readonly #locks = new Map<string, Promise<unknown>>();

  async get(key: string): Promise<StoredToken | undefined> {
    const value = this.#entries.get(key);
    return value ? { ...value } : undefined;
  }

  async set(key: string, value: StoredToken): Promise<void> {
    this.#entries.set(key, { ...value });
  }

  async delete(key: string, ifAccessToken?: string): Promise<void> {
    if (ifAccessToken === undefined || this.#entries.get(key)?.accessToken === ifAccessToken) {
      this.#entries.delete(key);
    }
  }

  async getThrottle(key: string): Promise<SharedThrottle | undefined> {
    const value = this.#throttles.get(key);
    return value ? { ...value } : undefined;
  }

  async setThrottle(key: string, value: SharedThrottle | undefined): Promise<void> {
    if (value) this.#throttles.set(key, { ...value });
    else this.#throttles.delete(key);
  }

  /** A promise chain per key: each holder starts when the previous one has settled. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(key, tail);
    void tail.then(() => {
      if (this.#locks.get(key) === tail) this.#locks.delete(key);
    });
    return run;
  }
}
