import { RedirectRefusedError, redirectOrigin } from '../core/errors.js';
import { classifyNetworkFailure, describeFailureCode, failureCause } from '../core/network-failure.js';
import type { SecretRegistry } from '../core/redact.js';
import { ConnectionError } from './errors.js';
import type { HttpRequest, QueryValue } from './types.js';

/** What every transport (node:http by default, an injected fetch) is built from. */
export interface TransportOptions {
  /** Per attempt, headers and body included. */
  timeoutMs: number;
  userAgent: string;
  /** Redacts what a failed connection's cause says (a proxy may echo the request). */
  secrets: SecretRegistry;
  /** How long a keep-alive connection may stay idle before it is closed (node:http transport; default 3.2 s). */
  idleSocketMs?: number | undefined;
}

/** The path and query of a request under its base path: `/books/v3/invoices?organization_id=…`. */
export function requestUrlParts(request: HttpRequest, basePath: string): { path: string } {
  return { path: `${basePath}${request.path}${queryString(request.query)}` };
}

/**
 * The query as URLSearchParams would serialize it (application/x-www-form-urlencoded), built without one per
 * call: ids and numbers, nearly every value, need no escaping at all.
 */
export function queryString(query: HttpRequest['query']): string {
  if (!query) return '';
  let text = '';
  for (const name in query) {
    const value = queryValue(query[name]);
    if (value !== undefined) text += `${text ? '&' : '?'}${formEncode(name)}=${formEncode(value)}`;
  }
  return text;
}

/** What the urlencoded serializer leaves as it is: ASCII letters and digits, `*`, `-`, `.`, `_`. */
const FORM_PLAIN = /^[\w*.-]*$/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function formEncode(text: string): string {
  if (FORM_PLAIN.test(text)) return text;
  // encodeURIComponent leaves five more characters alone, writes a space as %20, and throws on a lone
  // surrogate where the serializer writes U+FFFD.
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'))
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Zoho takes lists as comma-separated values (`invoice_ids=1,2,3`). */
function queryValue(value: QueryValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}

/**
 * Every Books request carries the access token: a redirect would hand it (and a write's body) to a host
 * nobody configured, whose answer would then be taken for Zoho's. Refused, whatever the method, before the
 * body is read; an injected fetch that followed one anyway (`followed`) is refused too. A redirect is a
 * complete answer, so even for a write nothing was applied by Zoho: it is not an outcome-unknown failure.
 */
export function redirectRefused(
  request: HttpRequest,
  status: number,
  location: string | null,
  followed: boolean,
  followedUrl: string | undefined,
): RedirectRefusedError {
  const url = `${request.baseUrl}${request.path}`;
  const offered = redirectOrigin(followed ? (followedUrl ?? null) : location, url);
  const host = new URL(url).origin;
  return new RedirectRefusedError(
    `Zoho Books at ${host} answered ${request.method} ${request.path} with a redirect${followed ? '' : ` (HTTP ${status})`} to ${offered}; zbooks does not follow redirects with a token.`,
    'A proxy, a captive portal or a wrong API domain answered instead of Zoho. Check ZOHO_API_DOMAIN (or the apiDomain option) and any proxy; the API domain normally comes from the token response.',
    { status, reason: 'redirect_refused', offeredOrigin: offered },
  );
}

/**
 * A failed exchange as the retry layer needs it: `sent` 'no' only when nothing can have reached Zoho (no
 * connection, or a never-sent code), 'maybe' otherwise; a failure while reading the body always 'maybe'
 * (the headers arrived, so Zoho did receive the request).
 */
export function connectionError(
  request: HttpRequest,
  cause: unknown,
  phase: 'connect' | 'body',
  connected: boolean,
  timeoutMs: number,
  secrets: SecretRegistry,
): Error {
  // The caller's own abort is not a fault: give it back unchanged.
  if (request.signal?.aborted) return request.signal.reason as Error;
  const failure = classifyNetworkFailure(cause, phase === 'body' || connected);
  const sent = phase === 'body' ? 'maybe' : failure.sent;
  const host = request.baseUrl ? new URL(request.baseUrl).host : '?';
  const what = `${request.method} ${request.path}`;
  return new ConnectionError(
    failure.code === 'TIMEOUT'
      ? `Zoho Books at ${host} did not answer ${what} within ${timeoutMs / 1000} s${phase === 'body' ? ' (the answer stopped part-way)' : ''}.`
      : `The connection to Zoho Books at ${host} failed ${phase === 'body' ? 'while reading the answer to' : 'for'} ${what} (${describeFailureCode(failure.code)}).`,
    sent === 'no'
      ? 'Zoho could not be reached: check the network, a proxy and the API domain.'
      : 'The network or Zoho dropped the exchange; a passing fault if it does not persist.',
    {
      sent,
      reason: failure.code.toLowerCase(),
      cause: failureCause(failure, secrets.redact(describe(cause))),
    },
  );
}

function describe(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const own = error instanceof Error ? error.message : String(error);
  return cause instanceof Error ? `${own}: ${cause.message}` : own;
}
