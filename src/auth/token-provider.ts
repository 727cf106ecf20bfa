import { type Clock, systemClock } from '../core/clock.js';
import {
  NetworkError,
  RefreshTokenInvalidError,
  StoreError,
  TokenRateLimitedError,
  ZbooksError,
} from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { AccountsClient, type AccountsClientOptions } from './accounts-client.js';
import { tokenCacheKey } from './cache-key.js';
import { MemoryTokenStore } from './stores/memory-store.js';
import type { StoredToken, TokenStore } from './stores/token-store.js';
import type { AccessToken, GrantResult } from './token-response.js';

export type { Logger } from '../core/logger.js';

export interface TokenProviderOptions extends AccountsClientOptions {
  /** The Self Client's refresh token (the usual mode). */
  refreshToken?: string;
  /** The alternative mode: the client_credentials grant for one organization, no refresh token. */
  clientCredentials?: { scope: string; organizationId: string };
  /** Where tokens are shared. Default: a new memory store (this instance only). */
  store?: TokenStore;
  /** A token with less than this left is refreshed ahead of time. Default 5 minutes. */
  refreshMarginMs?: number;
  /** First wait after Zoho throttles; doubles on each throttle in a row, up to 10 minutes. Default 60 s. */
  throttleCooldownMs?: number;
  /** Reuse an accounts client (otherwise one is built from these options). */
  accountsClient?: AccountsClient;
}

export interface GetTokenOptions {
  /** Mint a new token even if the cached one looks valid (it will be replaced everywhere it is shared). */
  forceRefresh?: boolean;
}

const MAX_COOLDOWN_MS = 10 * 60_000;

/**
 * Access tokens for one Self Client credential, minted as rarely as Zoho requires:
 * memory first (no I/O), then the shared store, then one refresher under the store's lock while every other
 * caller waits for its result. Throttling, dead refresh tokens and store outages are handled here, once.
 */
export class TokenProvider {
  readonly accounts: AccountsClient;
  readonly cacheKey: string;
  readonly store: TokenStore;
  readonly #refreshToken: string | undefined;
  readonly #clientCredentials: TokenProviderOptions['clientCredentials'];
  readonly #clock: Clock;
  readonly #marginMs: number;
  readonly #cooldownMs: number;
  readonly #log: Logger;
  #current: StoredToken | undefined;
  #pending: Promise<StoredToken> | undefined;
  #cooldownUntil = 0;
  #throttlesInARow = 0;
  #dead: ZbooksError | undefined;
  #storeWarned = false;
  /** The token the running #obtain() minted, if it did: its callers are told it is brand new. */
  #minted: StoredToken | undefined;

  constructor(options: TokenProviderOptions) {
    if (!options.refreshToken && !options.clientCredentials) {
      throw new ZbooksError(
        'TokenProvider needs a refreshToken (or clientCredentials).',
        'Pass refreshToken, e.g. from ZOHO_REFRESH_TOKEN.',
      );
    }
    this.accounts = options.accountsClient ?? new AccountsClient(options);
    this.#refreshToken = this.accounts.secrets.add(options.refreshToken);
    this.#clientCredentials = options.clientCredentials;
    this.#clock = options.clock ?? systemClock;
    this.#marginMs = options.refreshMarginMs ?? 5 * 60_000;
    this.#cooldownMs = options.throttleCooldownMs ?? 60_000;
    this.#log = options.logger ?? silentLogger;
    this.store = options.store ?? new MemoryTokenStore();
    const secretPart =
      this.#refreshToken ?? `cc:${this.#clientCredentials?.scope}:${this.#clientCredentials?.organizationId}`;
    this.cacheKey = tokenCacheKey(this.accounts.accountsUrl, this.accounts.clientId, secretPart);
  }

  /** A valid access token; from memory when it has more than the refresh margin left. */
  async getToken(options?: GetTokenOptions): Promise<AccessToken> {
    if (options?.forceRefresh) {
      const stale = this.#current ?? (await this.#readStore());
      if (stale) await this.invalidate(stale.accessToken);
    }
    const current = this.#current;
    if (current && this.#isFresh(current, this.#clock.now())) return publicView(current);
    this.#pending ??= this.#obtain().finally(() => {
      this.#pending = undefined;
    });
    const token = await this.#pending;
    return publicView(token, token === this.#minted);
  }

  /**
   * The scopes the store says `accessToken` was refused for, read now (another process may have learnt one
   * since this one read the token): lets a 57 be recognised as a scope refusal without spending a token.
   */
  async storedRefusals(accessToken: string): Promise<string[]> {
    const stored = await this.#storeCall('read', () => this.store.get(this.cacheKey), undefined);
    return stored?.accessToken === accessToken ? (stored.refusedScopes ?? []) : [];
  }

  /**
   * Remembers that Zoho refused `accessToken` for `scope` where expiry cannot be the reason (the auth layer
   * decides), in memory and, under the lock, in the store entry if it still holds that token: no process
   * sharing the store then spends a token on a call this credential cannot make.
   */
  async recordScopeRefusal(accessToken: string, scope: string): Promise<void> {
    const withScope = (token: StoredToken): StoredToken => ({
      ...token,
      refusedScopes: [...new Set([...(token.refusedScopes ?? []), scope])],
    });
    if (this.#current?.accessToken === accessToken) this.#current = withScope(this.#current);
    await this.#storeCall(
      'write',
      () =>
        this.store.withLock(this.cacheKey, async () => {
          const stored = await this.store.get(this.cacheKey);
          if (stored?.accessToken === accessToken && !stored.refusedScopes?.includes(scope)) {
            await this.store.set(this.cacheKey, withScope(stored));
          }
        }),
      undefined,
    );
  }

  /**
   * Drops `accessToken` after Zoho rejected it (401): from memory and, compare-and-delete, from the store, so a
   * newer token another process already wrote survives.
   */
  async invalidate(accessToken: string): Promise<void> {
    if (this.#current?.accessToken === accessToken) this.#current = undefined;
    await this.#storeCall('delete', () => this.store.delete(this.cacheKey, accessToken), undefined);
  }

  /** The cached token, if any, without refreshing (for `auth status`). */
  async peek(): Promise<AccessToken | undefined> {
    const stored = (await this.#readStore()) ?? this.#current;
    return stored && stored.expiresAt > this.#clock.now() ? publicView(stored) : undefined;
  }

  /** Revokes the refresh token at Zoho (and with it every access token minted from it), then forgets the cache. */
  async revoke(): Promise<boolean> {
    const token = this.#refreshToken ?? this.#current?.accessToken;
    const known = token ? await this.accounts.revoke(token) : false;
    await this.forget();
    return known;
  }

  /** Forgets the cached token here and in the store. */
  async forget(): Promise<void> {
    this.#current = undefined;
    await this.#storeCall('delete', () => this.store.delete(this.cacheKey), undefined);
  }

  async #obtain(): Promise<StoredToken> {
    this.#minted = undefined;
    if (this.#dead) throw this.#dead;
    // The store first, even during a cooldown: reading it asks nothing of Zoho, and another process may have
    // refreshed since this one was throttled.
    const stored = await this.#readStore();
    if (stored && this.#isFresh(stored, this.#clock.now())) {
      this.#log.debug?.(`token from store ${this.store.description}, valid until ${iso(stored.expiresAt)}`);
      return stored;
    }
    if (this.#clock.now() < this.#cooldownUntil) return this.#duringCooldown();
    return this.#storeCall(
      'lock',
      () => this.store.withLock(this.cacheKey, () => this.#refreshUnderLock()),
      // The store is down: keep going on this process's own single flight.
      () => this.#refreshUnderLock(),
    );
  }

  async #refreshUnderLock(): Promise<StoredToken> {
    // Another process may have refreshed while we waited for the lock.
    const stored = await this.#readStore();
    if (stored && this.#isFresh(stored, this.#clock.now())) return stored;
    if (this.#dead) throw this.#dead;
    let minted: GrantResult;
    try {
      minted = await this.#mint();
    } catch (error) {
      return this.#onRefreshFailure(error);
    }
    this.#throttlesInARow = 0;
    const token: StoredToken = {
      accessToken: minted.accessToken,
      expiresAt: minted.expiresAt,
      apiDomain: minted.apiDomain,
      ...(minted.scope ? { scope: minted.scope } : {}),
      obtainedAt: this.#clock.now(),
    };
    this.#current = token;
    this.#minted = token;
    this.#log.debug?.(
      `token refreshed, valid until ${iso(token.expiresAt)}; shared through ${this.store.description}`,
    );
    await this.#storeCall('write', () => this.store.set(this.cacheKey, token), undefined);
    return token;
  }

  #mint(): Promise<GrantResult> {
    if (this.#refreshToken) return this.accounts.refresh(this.#refreshToken);
    const cc = this.#clientCredentials!;
    return this.accounts.clientCredentials(cc.scope, cc.organizationId);
  }

  async #onRefreshFailure(error: unknown): Promise<StoredToken> {
    if (error instanceof TokenRateLimitedError) {
      const wait = Math.min(MAX_COOLDOWN_MS, this.#cooldownMs * 2 ** this.#throttlesInARow);
      this.#throttlesInARow++;
      this.#cooldownUntil = this.#clock.now() + wait;
      this.#log.warn(
        `zbooks: Zoho throttled the token refresh; no new attempt before ${iso(this.#cooldownUntil)}.`,
      );
      return this.#duringCooldown();
    }
    if (error instanceof RefreshTokenInvalidError) {
      // Dead for good: report it to every caller, never ask Zoho again with it.
      this.#dead = error;
      await this.forget();
      throw error;
    }
    const stillValid =
      this.#current && this.#current.expiresAt > this.#clock.now() ? this.#current : undefined;
    if (error instanceof NetworkError && stillValid) {
      this.#log.warn(
        `zbooks: token refresh failed: ${error.message.replace(/\.$/, '')}; using the current token until it expires.`,
      );
      return stillValid;
    }
    throw error;
  }

  /** While throttled: serve a token that is still valid, even inside the margin, or say when to retry. */
  #duringCooldown(): StoredToken {
    const current = this.#current;
    if (current && current.expiresAt > this.#clock.now()) return current;
    throw new TokenRateLimitedError(
      'Zoho is throttling token requests for this refresh token, and no valid token is cached.',
      `A refresh token may mint only 10 access tokens per 10 minutes. Retry after ${iso(this.#cooldownUntil)}; share one cached token between processes (ZBOOKS_TOKEN_STORE) so they do not each refresh.`,
      this.#cooldownUntil,
      { code: 'access_denied' },
    );
  }

  #isFresh(token: StoredToken, now: number): boolean {
    // A margin larger than half the lifetime (short-lived test tokens) would make every call a refresh.
    const margin = Math.min(this.#marginMs, (token.expiresAt - token.obtainedAt) / 2);
    return token.expiresAt - now > margin;
  }

  async #readStore(): Promise<StoredToken | undefined> {
    const stored = await this.#storeCall('read', () => this.store.get(this.cacheKey), undefined);
    // A token read from a store is as secret as one minted here: whatever prints server text must hide it.
    if (stored) this.accounts.secrets.add(stored.accessToken);
    // Remember a newer token even if it is inside the margin: it can still be served during a cooldown.
    if (stored && stored.expiresAt > (this.#current?.expiresAt ?? 0)) this.#current = stored;
    return stored;
  }

  /** A store that fails must not take the program down: warn once, carry on with in-process caching. */
  async #storeCall<T>(what: string, call: () => Promise<T>, fallback: (() => Promise<T>) | T): Promise<T> {
    try {
      const result = await call();
      if (this.#storeWarned) {
        this.#storeWarned = false;
        this.#log.warn(`zbooks: token store ${this.store.description} is back.`);
      }
      return result;
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      if (!this.#storeWarned) {
        this.#storeWarned = true;
        this.#log.warn(
          `zbooks: token store ${this.store.description} failed on ${what}: ${error.message.replace(/\.$/, '')}; caching in this process only until it is back. ${error.hint}`,
        );
      }
      return typeof fallback === 'function' ? (fallback as () => Promise<T>)() : fallback;
    }
  }
}

function publicView(token: StoredToken, justMinted = false): AccessToken {
  // Built directly (no spread of a temporary object): this runs on every call of the hot path.
  const view: AccessToken = {
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
    apiDomain: token.apiDomain,
  };
  if (token.scope) view.scope = token.scope;
  if (token.refusedScopes) view.refusedScopes = token.refusedScopes;
  if (justMinted) view.justMinted = true;
  return view;
}

const iso = (ms: number) => new Date(ms).toISOString();
