import type { FetchLike } from '../auth/accounts-client.js';
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
): Promise<Organization[]> {
  const books = new BooksClient(
    {
      auth: fixedToken(apiDomain, accessToken),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      timeoutMs: 15_000,
    },
    [],
  );
  return books.listOrganizations();
}

function fixedToken(apiDomain: string, accessToken: string): AccessTokenSource {
  return {
    getToken: async () => ({ accessToken, apiDomain, expiresAt: Number.MAX_SAFE_INTEGER }),
    invalidate: async () => {},
  };
}
