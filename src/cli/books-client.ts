import type { TokenProvider } from '../auth/token-provider.js';
import { ZohoBooks } from '../books/zoho-books.js';
import { ConfigError } from '../core/errors.js';
import type { RunContext } from './context.js';
import type { ResolvedSettings } from './settings.js';

/**
 * A Books client for the configured credential and organization, closed when the run ends (the token
 * provider's store is closed by the run too). With a Redis
 * token store the per-minute window is shared through the same Redis. Only commands that call Books import
 * this module (it brings the 515-operation table).
 */
export async function openBooks(
  run: RunContext,
  settings: ResolvedSettings,
  provider?: TokenProvider,
): Promise<ZohoBooks> {
  const tokens = provider ?? (await run.provider(settings));
  const store = settings.values.tokenStore;
  const books = new ZohoBooks({
    auth: tokens,
    ...(settings.values.organizationId ? { organizationId: settings.values.organizationId } : {}),
    ...(settings.values.apiDomain ? { apiDomain: settings.values.apiDomain } : {}),
    ...(store && /^rediss?:\/\//.test(store) ? { redis: store } : {}),
    ...rateLimitFrom(run.env),
    ...grantedScopeOf(settings),
    secrets: run.secrets,
    logger: run.logger,
    env: run.env,
    // Ctrl-C and SIGTERM end every call and every wait at once; writes on the wire are tracked for the report.
    signal: run.stops.signal,
    fetch: run.stops.writes.track((input, init) => fetch(input, init)),
    onWait: run.waits.listener,
  });
  run.onClose(() => books.close());
  return books;
}

/**
 * The scope recorded at login applies only to that login's refresh token: with ZOHO_REFRESH_TOKEN from the
 * environment it says nothing, and the token answers' own scope is used instead.
 */
function grantedScopeOf(settings: ResolvedSettings): { grantedScope?: string } {
  const source = settings.sources.refreshToken ?? '';
  const fromProfile = source.startsWith('profile') || source === 'OS keychain';
  const scope = settings.profile?.scope;
  return fromProfile && scope ? { grantedScope: scope } : {};
}

/**
 * ZBOOKS_RATE_LIMIT: requests per minute per organization (default Zoho's 100). Lower it to leave room for
 * other integrations on the same organization; raise it only against the emulator.
 */
function rateLimitFrom(env: NodeJS.ProcessEnv): { rateLimit?: { limit: number } } {
  const raw = env.ZBOOKS_RATE_LIMIT?.trim();
  if (!raw) return {};
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ConfigError(
      `ZBOOKS_RATE_LIMIT must be a whole number of requests per minute, not "${raw}".`,
      'Example: ZBOOKS_RATE_LIMIT=60.',
    );
  }
  return { rateLimit: { limit } };
}
