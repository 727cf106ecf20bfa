import type { EmulatorCore } from '../emulator-core.js';
import { newTokenString } from '../ids.js';
import { RecentTimes } from '../recent-times.js';
import { type AccessTokenRecord, isActive, type RefreshTokenRecord } from '../state.js';
import { windowStart } from '../stats.js';

function revokeAccessTokens(rt: RefreshTokenRecord): void {
  for (const t of rt.accessTokens) t.revoked = true;
}

/**
 * The limit's worth of mint times is all the throttle needs; with no limit (0) every mint of the window is
 * kept, so that the stats' mints_in_window stays exact.
 */
function mintCapacity(limit: number): number {
  return limit > 0 ? limit : Number.POSITIVE_INFINITY;
}

export function revokeRefreshToken(rt: RefreshTokenRecord): void {
  rt.revoked = true;
  revokeAccessTokens(rt);
}

/** Creates a refresh token; past the per-client cap Zoho silently deletes the oldest live one. */
export function createRefreshToken(core: EmulatorCore, clientId: string, dc: string, scope: string) {
  const { state, config } = core;
  const cap = config.refreshTokensPerClient;
  if (cap > 0) {
    const live = [...state.refreshTokens.values()].filter((rt) => rt.clientId === clientId && !rt.revoked);
    for (const rt of live.slice(0, Math.max(0, live.length - cap + 1))) revokeRefreshToken(rt);
  }
  const rt: RefreshTokenRecord = {
    id: state.nextRefreshTokenId(),
    token: newTokenString(),
    clientId,
    dc,
    scope,
    createdAt: core.clock.now(),
    revoked: false,
    mintTimes: new RecentTimes({ capacity: mintCapacity(config.mintsPerWindow) }),
    totalMints: 0,
    accessTokens: [],
  };
  state.refreshTokens.set(rt.token, rt);
  return rt;
}

/** True when this refresh token has used up its mints for the rolling window. */
export function isThrottled(core: EmulatorCore, rt: RefreshTokenRecord): boolean {
  const limit = core.config.mintsPerWindow;
  const since = windowStart(core.config, core.clock.now());
  // Forgetting keeps the ring short; a window enlarged later only forgets mints it never had to see.
  rt.mintTimes.resize(mintCapacity(limit));
  rt.mintTimes.forgetUpTo(since);
  return rt.mintTimes.oldestWhenFull() !== undefined;
}

/**
 * Past the active-token cap, the OLDEST active token dies silently (another process may be using it). Dead
 * tokens are dropped from the refresh token's list on every mint, cap or not, so the list holds only live
 * ones; the global map still answers lookups for them.
 */
function evictBeyondCap(core: EmulatorCore, rt: RefreshTokenRecord, now: number): void {
  const active = rt.accessTokens.filter((t) => isActive(t, now));
  const cap = core.config.activeTokenCap;
  if (cap > 0) {
    for (const t of active.splice(0, Math.max(0, active.length - cap + 1))) {
      t.evicted = true;
      core.stats.evictedAccessTokens += 1;
    }
  }
  rt.accessTokens = active;
}

interface MintInput {
  clientId: string;
  dc: string;
  scope: string;
  refreshToken?: RefreshTokenRecord;
  organizationId?: string;
}

export function mintAccessToken(core: EmulatorCore, input: MintInput): AccessTokenRecord {
  const now = core.clock.now();
  const rt = input.refreshToken;
  if (rt) evictBeyondCap(core, rt, now);
  const token: AccessTokenRecord = {
    token: newTokenString(),
    clientId: input.clientId,
    dc: input.dc,
    scope: input.scope,
    issuedAt: now,
    expiresAt: now + core.config.tokenTtlSeconds * 1000,
    refreshTokenId: rt?.id,
    organizationId: input.organizationId,
    revoked: false,
    evicted: false,
  };
  core.state.accessTokens.set(token.token, token);
  if (rt) {
    rt.accessTokens.push(token);
    rt.mintTimes.record(now);
    rt.totalMints += 1;
  }
  core.stats.minted += 1;
  return token;
}
