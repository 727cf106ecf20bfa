import { type Clock, systemClock } from '../core/clock.js';
import {
  NetworkError,
  RefreshTokenInvalidError,
  StoreError,
  TokenRateLimitedError,
  ZbooksError,
} from '../core/errors.js';
import { type Logger, processWarningLogger } from '../core/logger.js';
import { notifyWait, type WaitListener } from '../core/waits.js';
import { AccountsClient, type AccountsClientOptions } from './accounts-client.js';
import { tokenCacheKey } from './cache-key.js';
import { ApiDomainPolicy, clampLifetime, describeDomain } from './stored-token-check.js';
import { MemoryTokenStore } from './stores/memory-store.js';
import type { SharedThrottle, StoredToken, TokenStore } from './stores/token-store.js';
import type { AccessToken, GrantResult } from './token-response.js';

export type { Logger } from '../core/logger.js';

export interface TokenProviderOptions extends AccountsClientOptions {
  /** The Self Client's refresh token (the usual mode). */
  refreshToken?: string;
  /** The alternative mode: the client_credentials grant for one organization, no refresh token. */
  clientCredentials?: { scope: string; organizationId: string };
  /** Where tokens are shared. Default: a new memory store (this instance only). */
  store?: TokenStore;
  /**
   * The API host you configured (ZOHO_API_DOMAIN, or the api_domain `zbooks auth login` recorded). A token
   * read from a shared store is used only if it names this host, your data centre's Zoho API host, or a host
   * your own accounts server named to this process; any other entry is ignored (and replaced at the next
   * refresh), so whoever can write the store cannot send your token to their server.
   */
  apiDomain?: string;
  /** A token with less than this left is refreshed ahead of time. Default 5 minutes. */
  refreshMarginMs?: number;
  /** First wait after Zoho throttles; doubles on each throttle in a row, up to 10 minutes. Default 60 s. */
  throttleCooldownMs?: number;
  /** Reuse an accounts client (otherwise one is built from these options). */
  accountsClient?: AccountsClient;
  /** Told when a throttle cooldown starts: `{ reason: 'token_cooldown', until }` (see core/waits.ts). */
  onWait?: WaitListener;
  /**
   * Where warnings go (store outage, store key mismatch, throttling). Default: process.emitWarning
   * (`ZbooksWarning`; silenced by `--no-warnings` or NODE_NO_WARNINGS=1); `silentLogger` silences them.
   */
  logger?: Logger;
}

export interface GetTokenOptions {
  /** Mint a new token even if the cached one looks valid (it will be replaced everywhere it is shared). */
  forceRefresh?: boolean;
}

const MAX_COOLDOWN_MS = 10 * 60_000;
const MAX_STRIKES = 16;
/** Codes of the StoreErrors that mean "an entry sealed with another key (or with one this process lacks)". */
const FOREIGN_ENTRY = new Set(['store_key_mismatch', 'store_key_missing']);

type StoreOp = 'read' | 'write' | 'lock';

/**
 * Access tokens for one Self Client credential, minted as rarely as Zoho requires:
 * memory first (no I/O), then the shared store, then one refresher under the store's lock while every other
 * caller waits for its result. Throttling (shared through the store), dead refresh tokens, store outages and
 * entries this process must not trust or overwrite are handled here, once.
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
  readonly #onWait: WaitListener | undefined;
  readonly #domains: ApiDomainPolicy;
  #current: StoredToken | undefined;
  /**
   * What the hot path hands out for #current, built once per token (frozen: every caller shares it), and the
   * time until which #current needs no refresh: a cached getToken() is a clock read and a comparison.
   */
  #currentView: AccessToken | undefined;
  /** That view as a settled promise, also built once: awaiting it allocates nothing here. */
  #currentAnswer: Promise<AccessToken> | undefined;
  #freshUntil = 0;
  #pending: Promise<StoredToken> | undefined;
  #cooldownUntil = 0;
  #throttlesInARow = 0;
  /** A throttle record seen in the store: cleared there after the next successful refresh. */
  #sharedThrottleSeen = false;
  #dead: ZbooksError | undefined;
  /**
   * What is known broken in the store: 'total' after a failed read (nothing works; a read that succeeds again
   * proves it is back), 'write' after a write failed while reads worked (a read-only disk; only a write that
   * succeeds proves it is back).
   */
  #outage: 'total' | 'write' | undefined;
  /** The last read found an entry sealed with another key: this process keeps its tokens to itself. */
  #foreign = false;
  #foreignWarned = false;
  #untrustedWarned = false;
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
    this.#onWait = options.onWait;
    this.#log = options.logger ?? processWarningLogger;
    this.store = options.store ?? new MemoryTokenStore();
    this.#domains = new ApiDomainPolicy(this.accounts.accountsUrl, [options.apiDomain]);
    const secretPart =
      this.#refreshToken ?? `cc:${this.#clientCredentials?.scope}:${this.#clientCredentials?.organizationId}`;
    this.cacheKey = tokenCacheKey(this.accounts.accountsUrl, this.accounts.clientId, secretPart);
  }

  /**
   * A valid access token; from memory when it has more than the refresh margin left. Not an async function:
   * the cached case builds no frame and no object (the same frozen view for every caller of one token).
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    const answer = this.#currentAnswer;
    if (answer !== undefined && options?.forceRefresh !== true && this.#clock.now() < this.#freshUntil) {
      return answer;
    }
    return this.#getTokenSlow(options);
  }

  #setCurrent(token: StoredToken | undefined): void {
    this.#current = token;
    this.#currentView = token ? Object.freeze(publicView(token)) : undefined;
    this.#currentAnswer = this.#currentView ? Promise.resolve(this.#currentView) : undefined;
    this.#freshUntil = token ? token.expiresAt - this.#marginOf(token) : 0;
  }

  async #getTokenSlow(options: GetTokenOptions | undefined): Promise<AccessToken> {
    if (options?.forceRefresh) {
      const stale = this.#current ?? (await this.#readStore());
      if (stale) await this.invalidate(stale.accessToken);
    }
    const current = this.#current;
    if (current && this.#isFresh(current, this.#clock.now())) return this.#currentView ?? publicView(current);
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
    const stored = await this.#storeCall('read', 'read', () => this.store.get(this.cacheKey), undefined);
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
    if (this.#current?.accessToken === accessToken) this.#setCurrent(withScope(this.#current));
    // An entry sealed with another key is not this process's to rewrite.
    if (this.#foreign) return;
    await this.#storeCall(
      'write',
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
   * newer token another process already wrote survives, and the entry holding the refused one goes whatever
   * its other fields say.
   */
  async invalidate(accessToken: string): Promise<void> {
    if (this.#current?.accessToken === accessToken) this.#setCurrent(undefined);
    await this.#storeCall('write', 'delete', () => this.store.delete(this.cacheKey, accessToken), undefined);
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
    this.#setCurrent(undefined);
    await this.#storeCall('write', 'delete', () => this.store.delete(this.cacheKey), undefined);
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
    if (await this.#coolingDown()) return this.#duringCooldown();
    return this.#refreshWithLock();
  }

  /**
   * One refresher for everyone sharing the store. A lock that cannot be had in time is not a reason to mint:
   * the holder is alive and refreshing, so this caller takes its result if it has come, or a still-valid token,
   * or reports the wait. A store that fails outright is an outage: this process refreshes on its own.
   */
  async #refreshWithLock(): Promise<StoredToken> {
    let inside = false;
    try {
      return await this.store.withLock(this.cacheKey, () => {
        inside = true;
        return this.#refreshUnderLock();
      });
    } catch (error) {
      if (inside || !(error instanceof StoreError)) throw error;
      if (error.reason === 'lock_timeout') return this.#afterLockTimeout(error);
      this.#failed('lock', 'lock', error);
      return this.#refreshUnderLock();
    }
  }

  async #afterLockTimeout(error: StoreError): Promise<StoredToken> {
    const stored = await this.#readStore();
    if (stored && this.#isFresh(stored, this.#clock.now())) return stored;
    const current = this.#current;
    if (current && current.expiresAt > this.#clock.now()) return current;
    throw error;
  }

  async #refreshUnderLock(): Promise<StoredToken> {
    // Another process may have refreshed, or been throttled, while we waited for the lock.
    const stored = await this.#readStore();
    if (stored && this.#isFresh(stored, this.#clock.now())) return stored;
    if (this.#dead) throw this.#dead;
    if (await this.#coolingDown()) return this.#duringCooldown();
    let minted: GrantResult;
    try {
      minted = await this.#mint();
    } catch (error) {
      return this.#onRefreshFailure(error);
    }
    this.#throttlesInARow = 0;
    // The accounts server this process was configured with named this host: it is trusted from now on.
    this.#domains.learn(minted.apiDomain);
    const token: StoredToken = {
      accessToken: minted.accessToken,
      expiresAt: minted.expiresAt,
      apiDomain: minted.apiDomain,
      ...(minted.scope ? { scope: minted.scope } : {}),
      obtainedAt: this.#clock.now(),
    };
    this.#setCurrent(token);
    this.#minted = token;
    this.#log.debug?.(
      `token refreshed, valid until ${iso(token.expiresAt)}; shared through ${this.#foreign ? 'nothing (another key sealed the store entry)' : this.store.description}`,
    );
    // Entries are written only by processes that could read them: with another key, keep the token here.
    if (!this.#foreign) {
      await this.#storeCall('write', 'write', () => this.store.set(this.cacheKey, token), undefined);
    }
    if (this.#sharedThrottleSeen && this.store.setThrottle) {
      this.#sharedThrottleSeen = false;
      await this.#storeCall('write', 'write', () => this.#setSharedThrottle(undefined), undefined);
    }
    return token;
  }

  #mint(): Promise<GrantResult> {
    if (this.#refreshToken) return this.accounts.refresh(this.#refreshToken);
    const cc = this.#clientCredentials!;
    return this.accounts.clientCredentials(cc.scope, cc.organizationId);
  }

  async #onRefreshFailure(error: unknown): Promise<StoredToken> {
    if (error instanceof TokenRateLimitedError) {
      const strikes = this.#throttlesInARow;
      const wait = Math.min(MAX_COOLDOWN_MS, this.#cooldownMs * 2 ** strikes);
      this.#throttlesInARow = Math.min(MAX_STRIKES, strikes + 1);
      this.#cooldownUntil = this.#clock.now() + wait;
      notifyWait(this.#onWait, { reason: 'token_cooldown', until: this.#cooldownUntil });
      this.#log.warn(
        `zbooks: Zoho throttled the token refresh; no new attempt before ${iso(this.#cooldownUntil)} by any process sharing ${this.store.description}.`,
      );
      // Every process sharing the store waits it out too, instead of asking again (which prolongs the block).
      const shared = { until: this.#cooldownUntil, strikes: this.#throttlesInARow };
      if (this.store.setThrottle) {
        await this.#storeCall('write', 'write', () => this.#setSharedThrottle(shared), undefined);
      }
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

  /**
   * True while this process, or any process sharing the store, was throttled and the cooldown has not ended.
   * A store that cannot say (down, or without throttle records) leaves this process's own cooldown in force.
   */
  async #coolingDown(): Promise<boolean> {
    const now = this.#clock.now();
    if (now < this.#cooldownUntil) return true;
    if (!this.store.getThrottle) return false;
    const shared = await this.#storeCall('read', 'read', () => this.#getSharedThrottle(), undefined);
    if (!shared) return false;
    this.#sharedThrottleSeen = true;
    this.#throttlesInARow = Math.max(this.#throttlesInARow, shared.strikes);
    if (now >= shared.until) return false;
    this.#cooldownUntil = shared.until;
    return true;
  }

  async #getSharedThrottle(): Promise<SharedThrottle | undefined> {
    const raw = await this.store.getThrottle!(this.cacheKey);
    if (!raw) return undefined;
    // Bounded like everything a store returns: no record can stop refreshes for longer than the longest
    // cooldown zbooks itself sets.
    const now = this.#clock.now();
    return {
      until: Math.min(raw.until, now + MAX_COOLDOWN_MS),
      strikes: Math.max(0, Math.min(MAX_STRIKES, Math.trunc(raw.strikes))),
    };
  }

  async #setSharedThrottle(value: SharedThrottle | undefined): Promise<void> {
    await this.store.setThrottle!(this.cacheKey, value);
  }

  /** While throttled: serve a token that is still valid, even inside the margin, or say when to retry. */
  #duringCooldown(): StoredToken {
    const current = this.#current;
    if (current && current.expiresAt > this.#clock.now()) return current;
    throw new TokenRateLimitedError(
      'Zoho is throttling token requests for this refresh token, and no valid token is cached.',
      `A refresh token may mint only 10 access tokens per 10 minutes. Retry after ${iso(this.#cooldownUntil)}; share one cached token between processes (ZBOOKS_TOKEN_STORE) so they do not each refresh.`,
      { reason: 'access_denied', retryAt: this.#cooldownUntil },
    );
  }

  #isFresh(token: StoredToken, now: number): boolean {
    return token.expiresAt - now > this.#marginOf(token);
  }

  #marginOf(token: StoredToken): number {
    // A margin larger than half the lifetime (short-lived test tokens) would make every call a refresh.
    return Math.min(this.#marginMs, (token.expiresAt - token.obtainedAt) / 2);
  }

  async #readStore(): Promise<StoredToken | undefined> {
    // Judged again at every read: once the foreign entry is gone (expired), this process shares again.
    this.#foreign = false;
    const stored = this.#trusted(
      await this.#storeCall('read', 'read', () => this.store.get(this.cacheKey), undefined),
    );
    // A token read from a store is as secret as one minted here: whatever prints server text must hide it.
    if (stored) this.accounts.secrets.add(stored.accessToken);
    // Remember a newer token even if it is inside the margin: it can still be served during a cooldown.
    if (stored && stored.expiresAt > (this.#current?.expiresAt ?? 0)) this.#setCurrent(stored);
    return stored;
  }

  /**
   * What a shared store returns is data to check, not configuration to obey: its API host must be one this
   * configuration uses, and its lifetime what Zoho grants. An entry that fails is ignored (and replaced by the
   * next refresh's write).
   */
  #trusted(stored: StoredToken | undefined): StoredToken | undefined {
    if (!stored) return undefined;
    if (this.store.inProcess) return stored;
    if (!this.#domains.accepts(stored.apiDomain)) {
      if (!this.#untrustedWarned) {
        this.#untrustedWarned = true;
        this.#log.warn(
          `zbooks: ignoring the cached token in ${this.store.description}: it names the API host ${describeDomain(stored.apiDomain)}, which this configuration does not use (set ZOHO_API_DOMAIN if that host is right); it is replaced at the next refresh.`,
        );
      }
      return undefined;
    }
    return clampLifetime(stored, this.#clock.now());
  }

  /**
   * A store that fails must not take the program down: warn once, carry on with in-process caching, and say
   * it is back only on evidence (a read that works proves nothing about a write that just failed). An entry
   * sealed with another key is no outage: this process keeps its tokens to itself.
   */
  async #storeCall<T>(op: 'read' | 'write', what: string, call: () => Promise<T>, fallback: T): Promise<T> {
    try {
      const result = await call();
      this.#succeeded(op);
      return result;
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      if (error.reason && FOREIGN_ENTRY.has(error.reason)) this.#onForeignEntry(error);
      else this.#failed(op, what, error);
      return fallback;
    }
  }

  #onForeignEntry(error: StoreError): void {
    this.#foreign = true;
    if (this.#foreignWarned) return;
    this.#foreignWarned = true;
    this.#log.warn(
      `zbooks: ${error.message.replace(/\.$/, '')}; this process keeps its tokens to itself (in memory) and never overwrites that entry. ${error.hint}`,
    );
  }

  #succeeded(op: StoreOp): void {
    const back = op === 'write' || (op === 'read' && this.#outage === 'total');
    if (!this.#outage || !back) return;
    this.#outage = undefined;
    this.#log.warn(`zbooks: token store ${this.store.description} is back.`);
  }

  #failed(op: StoreOp, what: string, error: StoreError): void {
    if (!this.#outage) {
      this.#log.warn(
        `zbooks: token store ${this.store.description} failed on ${what}: ${error.message.replace(/\.$/, '')}; caching in this process only until it is back. ${error.hint}`,
      );
    }
    this.#outage = op === 'read' || this.#outage === 'total' ? 'total' : 'write';
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
