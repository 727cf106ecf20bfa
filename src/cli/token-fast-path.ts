import { join, resolve } from 'node:path';
import { tokenCacheKey } from '../auth/cache-key.js';
import { ApiDomainPolicy, clampLifetime } from '../auth/stored-token-check.js';
import { asStoredToken } from '../auth/stores/stored-token-shape.js';
import { resolveAccounts, settingsFromEnv } from '../core/config.js';
import { isClosedOwnDir, readOwnFile } from './fast-read.js';
import { isProfileName, parseProfiles } from './profile-shape.js';
import { mergeSettings, preferExplicitLocation } from './settings-merge.js';

/** The token provider's default refresh margin (TokenProvider.refreshMarginMs). */
const MARGIN_MS = 5 * 60_000;

/**
 * What `zbooks auth token [--json] [--profile <name>]` prints when the default file cache holds a fresh token
 * for the configured credential, found synchronously with node:fs alone (no node:crypto, no streams, no
 * promises): what scripts calling it in a loop pay at every start. Undefined whenever anything is not that
 * plain case (another store, an encryption key, the keychain, DEBUG, a missing or damaged file, a directory
 * to tighten, a token near expiry or naming a host this configuration does not use): the full CLI then
 * answers, with its refresh, warnings, errors and exit codes. It prints nothing itself and never a secret
 * other than the token.
 */
export function cachedTokenOutput(args: string[], env: NodeJS.ProcessEnv, now: number): string | undefined {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined || env.ZBOOKS_STORE_KEY || env.DEBUG?.trim()) return undefined;
  const fromEnv = settingsFromEnv(env);
  if (fromEnv.tokenStore !== undefined && fromEnv.tokenStore !== 'file') return undefined;
  const dir = configDirOf(env);
  const at = args.indexOf('--profile');
  const named = at > 0 ? args[at + 1] : undefined;
  const profileName = named ?? fromEnv.profile ?? 'default';
  if (dir === undefined || !isProfileName(profileName) || !isClosedOwnDir(dir, uid)) return undefined;

  const profilesText = readOwnFile(join(dir, 'profiles.json'), uid);
  if (profilesText === undefined) return undefined;
  const profiles = profilesText === null ? {} : parseProfiles(profilesText)?.profiles;
  if (!profiles) return undefined;
  const profile = Object.hasOwn(profiles, profileName) ? profiles[profileName] : undefined;
  if (named !== undefined && !profile) return undefined;
  const { values, sources } = mergeSettings({ flags: {}, fromEnv, profile, profileWhere: 'profile' });
  preferExplicitLocation(values, sources);
  const { clientId, clientSecret, refreshToken } = values;
  if (!clientId || !clientSecret || !refreshToken) return undefined;

  let accountsUrl: string;
  try {
    accountsUrl = resolveAccounts(values).accountsUrl;
  } catch {
    return undefined;
  }
  const cacheText = readOwnFile(resolve(dir, 'token-cache.json'), uid);
  if (!cacheText) return undefined;
  const key = tokenCacheKey(accountsUrl, clientId, refreshToken);
  const stored = asStoredToken(entryOf(cacheText, key));
  if (!stored || !new ApiDomainPolicy(accountsUrl, [values.apiDomain]).accepts(stored.apiDomain))
    return undefined;
  const token = clampLifetime(stored, now);
  // As TokenProvider: fresh while more than the margin is left (at most half the token's lifetime).
  if (token.expiresAt - now <= Math.min(MARGIN_MS, (token.expiresAt - token.obtainedAt) / 2))
    return undefined;

  if (!args.includes('--json')) return `${token.accessToken}\n`;
  return `${JSON.stringify({
    access_token: token.accessToken,
    expires_at: new Date(token.expiresAt).toISOString(),
    expires_in: Math.max(0, Math.floor((token.expiresAt - now) / 1000)),
    api_domain: token.apiDomain,
    scope: token.scope ?? null,
    token_type: 'Zoho-oauthtoken',
  })}\n`;
}

/** As configDir (profile-file.ts), without node:os: no HOME means the full path. */
function configDirOf(env: NodeJS.ProcessEnv): string | undefined {
  if (env.ZBOOKS_CONFIG_DIR) return resolve(env.ZBOOKS_CONFIG_DIR);
  const base = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  return base === undefined ? undefined : resolve(base, 'zbooks');
}

/** The cache file's entry for `key` as the file store reads it; sealed or string entries are not ours here. */
function entryOf(text: string, key: string): unknown {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { version, entries } = (file ?? {}) as { version?: unknown; entries?: unknown };
  if (version !== 1 || typeof entries !== 'object' || entries === null || Array.isArray(entries))
    return undefined;
  const entry = Object.hasOwn(entries, key) ? (entries as Record<string, unknown>)[key] : undefined;
  return typeof entry === 'object' && entry !== null && !('sealed' in entry) ? entry : undefined;
}
