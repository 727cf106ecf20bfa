import type { FetchLike } from '../auth/accounts-client.js';
import { ApiAuthError, ApiError, NetworkError } from '../core/errors.js';
import { excerpt } from '../core/redact.js';

export interface Organization {
  organization_id: string;
  name: string;
  [field: string]: unknown;
}

/**
 * `GET /books/v3/organizations`: the organizations the token's user can reach. The one Books call the token
 * engine needs (to verify a login); the full client builds on the same error rules.
 */
export async function listOrganizations(
  apiDomain: string,
  accessToken: string,
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): Promise<Organization[]> {
  const url = `${apiDomain.replace(/\/+$/, '')}/books/v3/organizations`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { authorization: `Zoho-oauthtoken ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new NetworkError(
      `Could not reach Zoho Books at ${new URL(url).host}.`,
      'Check the network and the API domain.',
    );
  }
  const text = await response.text().catch(() => '');
  const body = parseBody(text);
  const code = typeof body?.code === 'number' ? body.code : undefined;
  if (response.ok && code === 0 && Array.isArray(body?.organizations)) {
    return (body.organizations as Organization[]).map((o) => ({
      ...o,
      organization_id: String(o.organization_id),
    }));
  }
  const message = typeof body?.message === 'string' ? body.message : excerpt(text, [accessToken]);
  if (response.status === 401) {
    throw new ApiAuthError(
      `Zoho Books refused the token (HTTP 401, code ${code ?? '?'}: ${message}).`,
      code === 57
        ? 'The token lacks the scope ZohoBooks.settings.READ (or ZohoBooks.fullaccess.all), or was revoked: generate a code with that scope and log in again.'
        : 'The Authorization header was not accepted; this is a bug if it persists.',
      code,
      { status: 401, code: String(code ?? 'unauthorized') },
    );
  }
  if (response.status >= 500 || !body) {
    throw new NetworkError(
      `Zoho Books answered HTTP ${response.status} with ${body ? `code ${code}` : `"${excerpt(text, [accessToken])}"`}.`,
      'A passing fault at Zoho; try again in a minute.',
      { status: response.status },
    );
  }
  throw new ApiError(`Zoho Books answered code ${code ?? '?'}: ${message}`, 'See the message above.', code, {
    status: response.status,
  });
}

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
