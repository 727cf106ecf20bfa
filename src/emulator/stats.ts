import type { EmulatorConfig } from './config.js';
import { type EmulatorState, isActive } from './state.js';
import type { EmulatorStats, RefreshTokenStats } from './types.js';

/** Running counters; the refresh-token view is derived from state at snapshot time. */
export class StatsCounters {
  tokenRequests = 0;
  readonly byGrantType: Record<string, number> = {};
  minted = 0;
  throttled = 0;
  readonly errors: Record<string, number> = {};
  revocations = 0;
  booksRequests = 0;
  booksUnauthorized = 0;
  evictedAccessTokens = 0;
  booksThrottled = 0;
  connections = 0;

  grantType(name: string): void {
    this.byGrantType[name] = (this.byGrantType[name] ?? 0) + 1;
  }

  error(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }
}

export function windowStart(config: EmulatorConfig, now: number): number {
  return now - config.mintWindowSeconds * 1000;
}

export function snapshotStats(
  counters: StatsCounters,
  state: EmulatorState,
  config: EmulatorConfig,
  now: number,
): EmulatorStats {
  const since = windowStart(config, now);
  const refreshTokens: RefreshTokenStats[] = [...state.refreshTokens.values()].map((rt) => ({
    id: rt.id,
    client_id: rt.clientId,
    created_at: rt.createdAt,
    revoked: rt.revoked,
    mints_in_window: rt.mintTimes.countAfter(since),
    active_access_tokens: rt.accessTokens.filter((t) => isActive(t, now)).length,
    total_mints: rt.totalMints,
  }));
  return {
    token_requests: counters.tokenRequests,
    by_grant_type: { ...counters.byGrantType },
    minted: counters.minted,
    throttled: counters.throttled,
    errors: { ...counters.errors },
    revocations: counters.revocations,
    books_requests: counters.booksRequests,
    books_unauthorized: counters.booksUnauthorized,
    evicted_access_tokens: counters.evictedAccessTokens,
    books_throttled: counters.booksThrottled,
    connections: counters.connections,
    refresh_tokens: refreshTokens,
  };
}
