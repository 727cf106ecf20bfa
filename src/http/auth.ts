import type { AccessToken } from '../auth/token-response.js';
import type { Clock } from '../core/clock.js';
import { normalizeBaseUrl } from '../core/data-centres.js';
import { errorFromResponse } from './error-factory.js';
import { zohoCodeOf } from './json.js';
import type { AccessTokenSource, HttpRequest, HttpResponse, Layer } from './types.js';

export interface AuthLayerOptions {
  tokens: AccessTokenSource;
  /** Send calls here instead of the token's `api_domain` (a proxy, the emulator). */
  apiDomain?: string | undefined;
  clock: Clock;
}

const BOOKS_PATH = '/books/v3';

/**
 * Outermost stage: puts the token on the request and the token's API domain under it. A 401 (code 57 or 14)
 * costs one invalidate-and-replay with a fresh token, never more; if Zoho refuses the fresh token too, the
 * token lacks the operation's scope, and the error names it.
 */
export function createAuthLayer(options: AuthLayerOptions): Layer {
  let lastDomain: string | undefined;
  let lastBase = '';
  const baseUrlOf = (token: AccessToken): string => {
    const domain = options.apiDomain ?? token.apiDomain;
    if (domain !== lastDomain) {
      // A token's domain is checked like any configured URL: no plain http beyond loopback.
      lastBase = `${normalizeBaseUrl(domain, 'The API domain')}${BOOKS_PATH}`;
      lastDomain = domain;
    }
    return lastBase;
  };
  const send = (next: (r: HttpRequest) => Promise<HttpResponse>, request: HttpRequest, token: AccessToken) =>
    next({
      ...request,
      baseUrl: baseUrlOf(token),
      headers: {
        ...withoutAuthorization(request.headers),
        authorization: `Zoho-oauthtoken ${token.accessToken}`,
      },
    });

  return (next) => async (request) => {
    const first = await options.tokens.getToken();
    const response = await send(next, request, first);
    if (!isTokenRefusal(response)) return response;
    // Expired early, evicted by a 16th token, revoked: drop this one (compare-and-delete) and mint or read anew.
    await options.tokens.invalidate(first.accessToken);
    const fresh = await options.tokens.getToken();
    if (fresh.accessToken === first.accessToken) throw refusal(response, request, first, false, options);
    const replayed = await send(next, request, fresh);
    if (!isTokenRefusal(replayed)) return replayed;
    throw refusal(replayed, request, fresh, true, options);
  };
}

/** A caller's own Authorization header (any case) would be sent beside ours: drop it. */
function withoutAuthorization(headers: HttpRequest['headers']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'authorization'),
  );
}

function isTokenRefusal(response: HttpResponse): boolean {
  if (response.status !== 401) return false;
  const code = zohoCodeOf(response.body);
  return code === 57 || code === 14;
}

function refusal(
  response: HttpResponse,
  request: HttpRequest,
  token: AccessToken,
  fresh: boolean,
  options: AuthLayerOptions,
) {
  return errorFromResponse(response, {
    method: request.method,
    path: request.path,
    scope: request.scope,
    operationId: request.operationId,
    organizationId: request.organizationId,
    secrets: [token.accessToken],
    freshTokenRefused: fresh,
    grantedScope: token.scope,
    now: options.clock.now(),
  });
}
