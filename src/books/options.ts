import type { FetchLike } from '../auth/accounts-client.js';
import { type Logger, TokenProvider, type TokenProviderOptions } from '../auth/token-provider.js';
import { type Clock, systemClock } from '../core/clock.js';
import { ENV_NAMES } from '../core/config.js';
import { normalizeBaseUrl } from '../core/data-centres.js';
import { ConfigError } from '../core/errors.js';
import { processWarningLogger } from '../core/logger.js';
import { SecretRegistry } from '../core/redact.js';
import type { WaitListener } from '../core/waits.js';
import type { HttpClientOptions } from '../http/http-client.js';
import { LazyRedis, type ScriptRunner } from '../http/redis-client.js';
import type { AccessTokenSource } from '../http/types.js';

export interface RetrySettings {
  /** Attempts of a GET/HEAD through network errors and 5xx, the first included. Default 3. */
  maxAttempts?: number;
  /** Full-jitter backoff: base and cap. Defaults 250 ms and 20 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** 429s waited out per call. Default 10. */
  maxRateLimitRetries?: number;
  /**
   * The total one call may wait on 429s (every Retry-After and every pause a 429 imposes, added up); a wait
   * that would go past it (a spent daily budget, a server asking for minutes every time) is reported as a
   * RateLimitError with `retryAt` instead. Default 2 minutes.
   */
  maxRateLimitWaitMs?: number;
  /** Retry budget (token bucket): capacity and costs. Defaults 500, 5 per retry, 10 per timeout retry. */
  budget?: { capacity?: number; retryCost?: number; timeoutCost?: number };
}

export interface RateLimitSettings {
  /** Requests per window per organization. Default 100 (Zoho's per-minute limit). */
  limit?: number;
  /** Default 60 000 (one minute); shorter in time-scaled tests. */
  windowMs?: number;
  /** Requests in flight per organization. Default 10. */
  concurrency?: number;
  /** Slack added to the window for latency and clock drift. Default 2 % of the window. */
  marginMs?: number;
  /** Redis key prefix of the shared window. Default 'zbooks:ratelimit:v1'. */
  keyPrefix?: string;
  /** A Redis call slower than this counts as Redis being down. Default 2 s. */
  redisTimeoutMs?: number;
}

export interface ZohoBooksOptions {
  /** A token provider (shared with other code), or the options to build one. */
  auth: AccessTokenSource | TokenProviderOptions;
  /** The organization every call goes to; else ZOHO_ORGANIZATION_ID; else the only one the login reaches. */
  organizationId?: string;
  /** Calls go here instead of the token's `api_domain` (a proxy, the emulator). */
  apiDomain?: string;
  /**
   * The Books API version every path goes under: `v3` (default; the OpenAPI files the operations are
   * generated from) or `v4`, which Zoho documents with the same resource paths. Else ZBOOKS_API_VERSION.
   */
  apiVersion?: string;
  /**
   * The scopes the credential was granted, if known before any token is fetched (what `zbooks auth login`
   * records): calls they do not cover fail with a ScopeError before a token or a request is spent. The
   * token answer's own `scope` is used the same way whenever Zoho sends it.
   */
  grantedScope?: string;
  /**
   * Every secret the program knows, redacted from errors and logs. Default: the token provider's (so the
   * client secret and refresh token are in it), or a new one for another token source.
   */
  secrets?: SecretRegistry;
  /** Shares the per-minute window between processes: an ioredis client, or a redis:// URL. */
  redis?: ScriptRunner | string;
  rateLimit?: RateLimitSettings;
  retry?: RetrySettings;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Records per page when listing. Default 200 (Zoho's maximum). */
  perPage?: number;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  /**
   * Told before every wait: the rate-limit window, a 429, a retry's backoff, and (when the client builds the
   * token provider) a token throttle cooldown. `{ reason, until }`: show it instead of looking frozen.
   */
  onWait?: WaitListener;
  /** Aborts every call of this client, beside each call's own `signal` (e.g. a program's Ctrl-C). */
  signal?: AbortSignal;
  /** Where ZOHO_ORGANIZATION_ID and ZBOOKS_API_VERSION are read. Default process.env. */
  env?: NodeJS.ProcessEnv;
  userAgent?: string;
  /** For backoff jitter; tests make it deterministic. */
  random?: () => number;
}

/** Every default of the client, in one place. */
const DEFAULTS = Object.freeze({
  apiVersion: 'v3',
  timeoutMs: 30_000,
  perPage: 200,
  userAgent: 'zbooks',
  retry: Object.freeze({
    maxAttempts: 3,
    baseDelayMs: 250,
    maxDelayMs: 20_000,
    maxRateLimitRetries: 10,
    maxRateLimitWaitMs: 2 * 60_000,
    budget: Object.freeze({ capacity: 500, retryCost: 5, timeoutCost: 10 }),
  }),
  rateLimit: Object.freeze({
    limit: 100,
    windowMs: 60_000,
    concurrency: 10,
    marginFraction: 0.02,
    keyPrefix: 'zbooks:ratelimit:v1',
    redisTimeoutMs: 2_000,
  }),
});

interface ResolvedOptions {
  http: HttpClientOptions;
  apiVersion: string;
  organizationId: string | undefined;
  perPage: number;
  /** Things the client opened and must close. */
  owned: { close(): Promise<void> }[];
}

/** Validates the options once and fills in the defaults; a bad value is a ConfigError naming the option. */
export function resolveOptions(options: ZohoBooksOptions): ResolvedOptions {
  if (!options || typeof options !== 'object' || !options.auth) {
    throw new ConfigError(
      'ZohoBooks needs { auth }.',
      'Pass a TokenProvider, or its options: { clientId, clientSecret, refreshToken, dc }.',
    );
  }
  const clock = options.clock ?? systemClock;
  // Warnings a user wants (store or Redis outages) reach them by default, the Node way.
  const logger = options.logger ?? processWarningLogger;
  const owned: ResolvedOptions['owned'] = [];
  const { tokens, secrets } = tokenSource(options, clock, logger, owned);
  const apiVersion = apiVersionOf(options);
  const r = { ...DEFAULTS.retry, ...options.retry };
  const budget = { ...DEFAULTS.retry.budget, ...options.retry?.budget };
  const rl = { ...DEFAULTS.rateLimit, ...options.rateLimit };
  const windowMs = positive(rl.windowMs, 'rateLimit.windowMs');
  const timeoutMs = positive(options.timeoutMs ?? DEFAULTS.timeoutMs, 'timeoutMs');
  const redisTimeoutMs = positive(rl.redisTimeoutMs, 'rateLimit.redisTimeoutMs');
  let redis: ScriptRunner | undefined;
  if (typeof options.redis === 'string') {
    if (!/^rediss?:\/\//.test(options.redis)) {
      throw new ConfigError(
        'The redis option must be a redis:// or rediss:// URL, or an ioredis client.',
        'For example redis://127.0.0.1:6379/0 (the value is not repeated here: it may hold a password).',
      );
    }
    const lazy = new LazyRedis(options.redis, redisTimeoutMs);
    owned.push(lazy);
    redis = lazy;
  } else redis = options.redis;

  return {
    apiVersion,
    organizationId: organizationIdOf(options),
    perPage: between(options.perPage ?? DEFAULTS.perPage, 1, 200, 'perPage'),
    owned,
    http: {
      tokens,
      apiVersion,
      grantedScope: options.grantedScope?.trim() || undefined,
      secrets,
      apiDomain:
        options.apiDomain === undefined ? undefined : normalizeBaseUrl(options.apiDomain, 'apiDomain'),
      fetch: options.fetch,
      clock,
      logger,
      random: options.random ?? Math.random,
      timeoutMs,
      userAgent: options.userAgent ?? DEFAULTS.userAgent,
      onWait: options.onWait,
      signal: options.signal,
      retry: {
        maxAttempts: positive(r.maxAttempts, 'retry.maxAttempts'),
        baseDelayMs: nonNegative(r.baseDelayMs, 'retry.baseDelayMs'),
        maxDelayMs: nonNegative(r.maxDelayMs, 'retry.maxDelayMs'),
        maxRateLimitRetries: nonNegative(r.maxRateLimitRetries, 'retry.maxRateLimitRetries'),
        maxRateLimitWaitMs: nonNegative(r.maxRateLimitWaitMs, 'retry.maxRateLimitWaitMs'),
        budget: {
          capacity: nonNegative(budget.capacity, 'retry.budget.capacity'),
          retryCost: nonNegative(budget.retryCost, 'retry.budget.retryCost'),
          timeoutCost: nonNegative(budget.timeoutCost, 'retry.budget.timeoutCost'),
        },
      },
      rateLimit: {
        limit: positive(rl.limit, 'rateLimit.limit'),
        windowMs,
        concurrency: positive(rl.concurrency, 'rateLimit.concurrency'),
        marginMs: nonNegative(
          options.rateLimit?.marginMs ?? Math.ceil(windowMs * DEFAULTS.rateLimit.marginFraction),
          'rateLimit.marginMs',
        ),
        keyPrefix: rl.keyPrefix,
        redisTimeoutMs,
        leaseMs: timeoutMs + 5_000,
        redis,
      },
    },
  };
}

function tokenSource(
  options: ZohoBooksOptions,
  clock: Clock,
  logger: Logger,
  owned: ResolvedOptions['owned'],
): { tokens: AccessTokenSource; secrets: SecretRegistry } {
  const auth = options.auth;
  if (typeof (auth as AccessTokenSource).getToken === 'function') {
    if (typeof (auth as AccessTokenSource).invalidate !== 'function') {
      throw new ConfigError(
        'The auth option has getToken() but no invalidate(token).',
        'Pass a TokenProvider.',
      );
    }
    const own = (auth as { accounts?: { secrets?: unknown } }).accounts?.secrets;
    return {
      tokens: auth as AccessTokenSource,
      secrets: options.secrets ?? (own instanceof SecretRegistry ? own : new SecretRegistry()),
    };
  }
  const secrets = options.secrets ?? (auth as TokenProviderOptions).secrets ?? new SecretRegistry();
  const provider = new TokenProvider({
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
    clock,
    logger,
    ...(auth as TokenProviderOptions),
    secrets,
  });
  owned.push({ close: async () => provider.store.close?.() });
  return { tokens: provider, secrets };
}

/** The apiVersion option, else ZBOOKS_API_VERSION, else v3; `4` and `V4` read as `v4`. */
function apiVersionOf(options: ZohoBooksOptions): string {
  const fromEnv = (options.env ?? process.env).ZBOOKS_API_VERSION?.trim();
  const raw = options.apiVersion?.trim() || fromEnv || DEFAULTS.apiVersion;
  const match = /^v?(\d{1,2})$/i.exec(raw);
  if (!match) {
    throw new ConfigError(
      `The Books API version must be like v3 or v4, not "${raw}" (${options.apiVersion ? 'apiVersion option' : 'ZBOOKS_API_VERSION'}).`,
      'Leave it out for v3, the version the operations are generated from; v4 has the same resource paths.',
    );
  }
  return `v${Number(match[1])}`;
}

function organizationIdOf(options: ZohoBooksOptions): string | undefined {
  const fromEnv = (options.env ?? process.env)[ENV_NAMES.organizationId]?.trim();
  const id = options.organizationId?.trim() || fromEnv || undefined;
  if (id !== undefined && !/^\d{1,25}$/.test(id)) {
    throw new ConfigError(
      `The organization id must be digits (${options.organizationId ? 'organizationId option' : ENV_NAMES.organizationId}).`,
      'List the organizations you can reach with `zbooks orgs list`.',
    );
  }
  return id;
}

function check(value: unknown, ok: (n: number) => boolean, name: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new ConfigError(`ZohoBooks option ${name} must be ${what}.`, `Fix ${name} or leave it out.`);
  }
  return value;
}
function positive(v: unknown, name: string) {
  return check(v, (n) => n > 0, name, 'a number above 0');
}
function nonNegative(v: unknown, name: string) {
  return check(v, (n) => n >= 0, name, 'a number of 0 or more');
}
function between(v: unknown, min: number, max: number, name: string) {
  return check(
    v,
    (n) => Number.isInteger(n) && n >= min && n <= max,
    name,
    `a whole number from ${min} to ${max}`,
  );
}
