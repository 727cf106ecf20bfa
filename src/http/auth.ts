import type { AccessToken } from '../core/access-token.js';
import type { Clock } from '../core/clock.js';
import { normalizeBaseUrl } from '../core/data-centres.js';
import type { SecretRegistry } from '../core/redact.js';
import { knownGrantedScopes, scopeCovers } from '../core/scopes.js';
import { errorFromResponse, scopeErrorBeforeSending } from './error-factory.js';
import { zohoCodeOf } from './json.js';
import {
  type AccessTokenSource,
  changedRequest,
  type HttpRequest,
  type HttpResponse,
  type Layer,
} from './types.js';

interface AuthLayerOptions {
  tokens: AccessTokenSource;
  /** Send calls here instead of the token's `api_domain` (a proxy, the emulator). */
  apiDomain?: string | undefined;
  clock: Clock;
  /** Learns every token this layer sends; redacts what the error factory quotes from servers. */
  secrets: SecretRegistry;
  /** The Books API version in the base path: `v3` (default) or `v4`. */
  apiVersion: string;
  /**
   * The scopes the credential was granted, when known before any token is fetched (recorded at login):
   * a call they do not cover fails before a token or a Books request is spent on it.
   */
  grantedScope?: string | undefined;
}

/**
 * Outermost stage: puts the token on the request and the token's API domain under it.
 *
 * A missing scope must never cost a token (each refresh token may mint only 10 per 10 minutes): a call whose
 * scope the credential is known to lack (the token answer's or the login's `scope`, or an earlier refusal of
 * this token for the same scope) fails with a ScopeError before anything is sent. Otherwise a 401 (any body:
 * code 57, 14, or a gateway's HTML) costs at most one invalidate-and-replay with a fresh token, and none when
 * the refused token was minted for this very call (it cannot have expired or been evicted). A 57 that is
 * known to be about scope is recorded with the token, through the store, for every process sharing it.
 */
export function createAuthLayer(options: AuthLayerOptions): Layer {
  const basePath = `/books/${options.apiVersion}`;
  const upFront = new GrantedScopes();
  const ofToken = new GrantedScopes();
  const refusals = new RefusalMemory();
  let lastDomain: string | undefined;
  let lastBase = '';
  const baseUrlOf = (token: AccessToken): string => {
    const domain = options.apiDomain ?? token.apiDomain;
    if (domain !== lastDomain) {
      // A token's domain is checked like any configured URL: no plain http beyond loopback.
      lastBase = `${normalizeBaseUrl(domain, 'The API domain')}${basePath}`;
      lastDomain = domain;
    }
    return lastBase;
  };
  const send = (next: (r: HttpRequest) => Promise<HttpResponse>, request: HttpRequest, token: AccessToken) =>
    next(
      changedRequest(request, {
        baseUrl: baseUrlOf(token),
        // Most calls carry no headers of their own: then nothing is copied or filtered.
        headers: request.headers
          ? {
              ...withoutAuthorization(request.headers),
              authorization: `Zoho-oauthtoken ${token.accessToken}`,
            }
          : { authorization: `Zoho-oauthtoken ${token.accessToken}` },
      }),
    );
  /** Throws the ScopeError a call gets, before sending, when the token is known not to be enough for it. */
  const checkToken = (token: AccessToken, request: HttpRequest): void => {
    const needed = request.scope;
    if (!needed) return;
    if (refusals.has(token, needed)) throw scopeErrorBeforeSending(request, { refusedBefore: true });
    const granted = ofToken.missing(token.scope, needed);
    if (granted) {
      throw scopeErrorBeforeSending(request, { granted: granted.join(', ') });
    }
  };
  const recordRefusal = async (token: AccessToken, request: HttpRequest, response: HttpResponse) => {
    if (!request.scope || zohoCodeOf(response.body) !== 57) return;
    refusals.add(token.accessToken, request.scope);
    await options.tokens.recordScopeRefusal?.(token.accessToken, request.scope);
  };
  const refusedElsewhere = async (token: AccessToken, request: HttpRequest, response: HttpResponse) => {
    if (!request.scope || zohoCodeOf(response.body) !== 57 || !options.tokens.storedRefusals) return false;
    const wanted = request.scope.toLowerCase();
    return (await options.tokens.storedRefusals(token.accessToken)).some((s) => s.toLowerCase() === wanted);
  };
  const fail = (response: HttpResponse, request: HttpRequest, token: AccessToken, how: RefusalHow) =>
    errorFromResponse(response, {
      method: request.method,
      path: request.path,
      scope: request.scope,
      operationId: request.operationId,
      organizationId: request.organizationId,
      secrets: options.secrets,
      freshTokenRefused: how === 'fresh',
      scopeRefusal: how !== 'unknown',
      grantedScope: token.scope,
      apiVersion: options.apiVersion,
      now: options.clock.now(),
    });

  return (next) => async (request) => {
    const notGranted = request.scope ? upFront.missing(options.grantedScope, request.scope) : undefined;
    if (notGranted) {
      throw scopeErrorBeforeSending(request, { granted: notGranted.join(', ') });
    }
    const first = await options.tokens.getToken();
    options.secrets.add(first.accessToken);
    checkToken(first, request);
    const response = await send(next, request, first);
    if (!isTokenRefusal(response)) return response;
    if (first.justMinted || (await refusedElsewhere(first, request, response))) {
      // Minted for this call (not expired, not evicted), or refused for this scope already, maybe by another
      // process a moment ago: a new token would be refused the same way.
      await recordRefusal(first, request, response);
      throw fail(response, request, first, 'scope');
    }
    // Expired early, evicted by a 16th token, revoked: drop this one (compare-and-delete) and mint or read anew.
    await options.tokens.invalidate(first.accessToken);
    const fresh = await options.tokens.getToken();
    options.secrets.add(fresh.accessToken);
    if (fresh.accessToken === first.accessToken) throw fail(response, request, first, 'unknown');
    checkToken(fresh, request);
    const replayed = await send(next, request, fresh);
    if (!isTokenRefusal(replayed)) return replayed;
    await recordRefusal(fresh, request, replayed);
    throw fail(replayed, request, fresh, 'fresh');
  };
}

type RefusalHow = 'unknown' | 'fresh' | 'scope';

/**
 * knownGrantedScopes and scopeCovers, remembered for the latest scope text: one token (one scope text) answers
 * thousands of calls, each needing one of a few dozen scopes, so each call is a map lookup, not a parse.
 */
class GrantedScopes {
  #text: string | undefined | null = null;
  #granted: string[] | undefined;
  readonly #covers = new Map<string, boolean>();

  /** The granted scopes when they are known and do not cover `needed`; undefined when the call may go. */
  missing(text: string | undefined, needed: string): string[] | undefined {
    // Bounded: the scopes needed come from the operations table; anything else just starts over.
    if (text !== this.#text || this.#covers.size > 256) {
      this.#text = text;
      this.#granted = knownGrantedScopes(text);
      this.#covers.clear();
    }
    const granted = this.#granted;
    if (!granted) return undefined;
    let covers = this.#covers.get(needed);
    if (covers === undefined) {
      covers = scopeCovers(granted, needed);
      this.#covers.set(needed, covers);
    }
    return covers ? undefined : granted;
  }
}

/**
 * Which scopes the current token was refused for, as this layer saw it: the token's own record (from the
 * provider and its store) plus this layer's, for token sources that keep none. Only the latest token's
 * refusals are kept: a token past is no token to check.
 */
class RefusalMemory {
  #token: string | undefined;
  #scopes = new Set<string>();

  add(token: string, scope: string): void {
    if (token !== this.#token) {
      this.#token = token;
      this.#scopes = new Set();
    }
    this.#scopes.add(scope.toLowerCase());
  }

  has(token: AccessToken, scope: string): boolean {
    const wanted = scope.toLowerCase();
    if (token.refusedScopes?.some((s) => s.toLowerCase() === wanted)) return true;
    return token.accessToken === this.#token && this.#scopes.has(wanted);
  }
}

/** A caller's own Authorization header (any case) would be sent beside ours: drop it. */
function withoutAuthorization(headers: HttpRequest['headers']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'authorization'),
  );
}

/** A 401 whatever its body (Zoho's 57 or 14, a gateway's HTML, nothing), or Zoho's codes under any status. */
function isTokenRefusal(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  const code = zohoCodeOf(response.body);
  return code === 57 || code === 14;
}
