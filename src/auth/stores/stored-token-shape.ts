import type { StoredToken } from './token-store.js';

/** Checks the shape, so a hand-edited or foreign entry is ignored rather than served as a token. */
export function asStoredToken(value: unknown): StoredToken | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (
    typeof v.accessToken !== 'string' ||
    !v.accessToken ||
    typeof v.expiresAt !== 'number' ||
    typeof v.obtainedAt !== 'number' ||
    typeof v.apiDomain !== 'string'
  ) {
    return undefined;
  }
  return {
    accessToken: v.accessToken,
    expiresAt: v.expiresAt,
    apiDomain: v.apiDomain,
    ...(typeof v.scope === 'string' && v.scope ? { scope: v.scope } : {}),
    ...refusedScopesOf(v.refusedScopes),
    obtainedAt: v.obtainedAt,
  };
}

/** Scopes Zoho refused the token for: a short list of scope-shaped strings, else nothing. */
function refusedScopesOf(value: unknown): { refusedScopes?: string[] } {
  if (!Array.isArray(value) || value.length === 0 || value.length > 100) return {};
  const scopes = value.filter((s): s is string => typeof s === 'string' && /^[\w.-]{1,100}$/.test(s));
  return scopes.length > 0 ? { refusedScopes: scopes } : {};
}
