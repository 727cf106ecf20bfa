import type { FetchLike } from '../auth/accounts-client.js';
import type { SecretRegistry } from '../core/redact.js';
import type { AccessTokenSource } from '../http/types.js';
import { BooksClient } from './client.js';
import type { Organization } from './organization-resolver.js';

export type { Organization } from './organization-resolver.js';

/**
 * `GET /books/v3/organizations` with one given access token (`zbooks auth login` verifying a new login, `zbooks
 * orgs`): the same pipeline and errors as every other call, without a token provider behind it, so a 401 is
 * reported rather than replayed with a fresh token.
 */
export function listOrganizations(
  apiDomain: string,
  accessToken: string,
  fetchImpl?: FetchLike,
  extra: {
    /** The program's secret registry, so errors are redacted with everything it knows. */
    secrets?: SecretRegistry;
    /** The token's granted scope, when known: without ZohoBooks.settings.READ nothing is sent. */
    scope?: string;
  } = {},
): Promise<Organization[]> {
  const books = new BooksClient(
    {
      auth: fixedToken(apiDomain, accessToken, extra.scope),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      ...(extra.secrets ? { secrets: extra.secrets } : {}),
      timeoutMs: 15_000,
    },
    [],
  );
  return books.listOrganizations();
}

function fixedToken(apiDomain: string, accessToken: string, scope: string | undefined): AccessTokenSource {
  return {
    getToken: async () => ({
      accessToken,
      apiDomain,
      expiresAt: Number.MAX_SAFE_INTEGER,
      ...(scope ? { scope } : {}),
    }),
    invalidate: async () => {},
  };
}
