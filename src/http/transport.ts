import { RedirectRefusedError, redirectOrigin, ZbooksError } from '../core/errors.js';
import type { FetchLike } from '../core/fetch-like.js';
import type { SecretRegistry } from '../core/redact.js';
import { ConnectionError } from './errors.js';
import { parseBody } from './json.js';
import { type Handler, type HttpRequest, HttpResponse, type QueryValue } from './types.js';

export interface TransportOptions {
  /** Default: the global fetch, whose undici agent keeps connections alive between calls. */
  fetch?: FetchLike;
  /** Per attempt, headers and body included. */
  timeoutMs: number;
  userAgent: string;
  /** Redacts what a failed connection's cause says (a proxy may echo the request). */
  secrets: SecretRegistry;
}

/** Failures that prove the request never left this machine, so resending even a POST cannot duplicate it. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * The innermost stage: one HTTP exchange, body read in full, connection failures classified. Redirects are
 * never followed (see refuseRedirect); this rule and the classification of failures are what any
 * replacement transport must keep (test/http/redirects.test.ts and transport tests hold them).
 */
export function createTransport(options: TransportOptions): Handler {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  return async (request) => {
    if (!request.baseUrl) throw new ZbooksError('The request has no base URL.', 'This is a bug in zbooks.');
    const url = `${request.baseUrl}${request.path}${queryString(request.query)}`;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = request.signal ? anySignal(request.signal, timeout) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': options.userAgent,
      ...(typeof request.body === 'string' ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    };
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: 'manual',
        signal,
      });
    } catch (cause) {
      throw connectionError(request, cause, 'connect', options.timeoutMs, options.secrets);
    }
    refuseRedirect(request, url, response);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      // Headers arrived, so Zoho did receive the request: the body was lost on the way back.
      throw connectionError(request, cause, 'body', options.timeoutMs, options.secrets);
    }
    return new HttpResponse(response.status, response.headers, bytes, parseBody);
  };
}

/**
 * Every Books request carries the access token: a redirect would hand it (and a write's body) to a host
 * nobody configured, whose answer would then be taken for Zoho's. Refused, whatever the method, before the
 * body is read; an injected fetch that followed one anyway (`redirected`) is refused too. A redirect is a
 * complete answer, so even for a write nothing was applied by Zoho: it is not an outcome-unknown failure.
 */
function refuseRedirect(request: HttpRequest, url: string, response: Response): void {
  const followed = response.redirected === true;
  if (!followed && (response.status < 300 || response.status > 399)) return;
  const offered = redirectOrigin(followed ? response.url : response.headers.get('location'), url);
  const host = new URL(url).origin;
  // The body is not wanted: release the connection.
  void response.body?.cancel().catch(() => {});
  throw new RedirectRefusedError(
    `Zoho Books at ${host} answered ${request.method} ${request.path} with a redirect${followed ? '' : ` (HTTP ${response.status})`} to ${offered}; zbooks does not follow redirects with a token.`,
    'A proxy, a captive portal or a wrong API domain answered instead of Zoho. Check ZOHO_API_DOMAIN (or the apiDomain option) and any proxy; the API domain normally comes from the token response.',
    offered,
    { status: response.status, code: 'redirect_refused' },
  );
}

/** AbortSignal.any arrived in Node 20.3; before it, the caller's signal is followed by hand. */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) controller.abort(s.reason);
    else s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}

export function queryString(query: HttpRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    const text = queryValue(value);
    if (text !== undefined) params.append(name, text);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Zoho takes lists as comma-separated values (`invoice_ids=1,2,3`). */
function queryValue(value: QueryValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}

function connectionError(
  request: HttpRequest,
  cause: unknown,
  phase: 'connect' | 'body',
  timeoutMs: number,
  secrets: SecretRegistry,
): Error {
  // The caller's own abort is not a fault: give it back unchanged.
  if (request.signal?.aborted) return request.signal.reason as Error;
  const code = errorCode(cause);
  const sent = phase === 'connect' && NOT_SENT.has(code) ? 'no' : 'maybe';
  const host = request.baseUrl ? new URL(request.baseUrl).host : '?';
  const what = `${request.method} ${request.path}`;
  return new ConnectionError(
    code === 'TIMEOUT'
      ? `Zoho Books at ${host} did not answer ${what} within ${timeoutMs / 1000} s.`
      : `The connection to Zoho Books at ${host} failed ${phase === 'body' ? 'while reading the answer to' : 'for'} ${what} (${code}).`,
    sent === 'no'
      ? 'Zoho could not be reached: check the network, a proxy and the API domain.'
      : 'The network or Zoho dropped the exchange; a passing fault if it does not persist.',
    sent,
    { code: code.toLowerCase(), cause: new Error(secrets.redact(describe(cause))) },
  );
}

function errorCode(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'TIMEOUT';
  }
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'NETWORK_ERROR';
}

function describe(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const own = error instanceof Error ? error.message : String(error);
  return cause instanceof Error ? `${own}: ${cause.message}` : own;
}
