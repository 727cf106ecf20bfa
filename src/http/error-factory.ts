import { ApiAuthError, ApiError, type ZbooksError } from '../core/errors.js';
import { excerpt, redact } from '../core/redact.js';
import {
  InvalidRequestError,
  InvalidUrlError,
  MalformedResponseError,
  NotFoundError,
  OutcomeUnknownError,
  RateLimitError,
  ScopeError,
  ServerError,
  WrongOrganizationError,
} from './errors.js';
import { zohoCodeOf } from './json.js';
import type { HttpResponse } from './types.js';
import { rateLimitWaitMs, retryAfterMs } from './wait-time.js';

interface ErrorContext {
  readonly method: string;
  /** Path only: a query string may carry search text, and errors must carry no values. */
  readonly path: string;
  readonly scope?: string | undefined;
  readonly operationId?: string | undefined;
  readonly organizationId?: string | undefined;
  /** Values that must never appear in a message: the run's secret registry, or a list. */
  readonly secrets?: Iterable<string | undefined>;
  /** The 401 came back for a token fetched fresh after the previous one was invalidated. */
  readonly freshTokenRefused?: boolean;
  /**
   * The auth layer established that this 57 is about scope, not the token's life: the token was minted for
   * this very call, was refused before for the same scope, or was fetched fresh and refused again.
   */
  readonly scopeRefusal?: boolean;
  /** Scopes of the refused token, when the accounts server said. */
  readonly grantedScope?: string | undefined;
  /** The Books API version in use, for hints ("v3"). */
  readonly apiVersion?: string;
  readonly now: number;
}

const UNSAFE = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);
const LOGIN_AGAIN = 'run `zbooks auth login` with a new grant code';

type Message = (what: string) => string;
/** What every error built from an answer carries: its HTTP status and Zoho's code, when it gave one. */
type Details = { status: number; code: number | undefined };

/**
 * Zoho's documented codes and the class each one always gets, whatever the HTTP status it arrives with
 * (Zoho sends the same code with HTTP 200 or 400). Codes not listed get a class from the HTTP status
 * (STATUS_CLASSES). The README's error table is checked against this list (test/http/error-table.test.ts).
 */
export const ZOHO_CODES: readonly { codes: readonly number[]; meaning: string }[] = [
  { codes: [2, 4], meaning: 'invalid value or parameter' },
  { codes: [5], meaning: 'invalid URL (path or method)' },
  { codes: [14], meaning: 'the Authorization header was not accepted' },
  {
    codes: [57],
    meaning:
      'token refused: expired, revoked or evicted (one refresh, one replay), or lacking the scope (`ScopeError`, a subclass)',
  },
  { codes: [43, 44], meaning: 'rate limit exceeded' },
  { codes: [1000], meaning: 'internal error at Zoho' },
  { codes: [1002], meaning: 'the record does not exist' },
  { codes: [6041], meaning: 'the organization is not one of this login’s' },
];

/** The class an answer gets from its HTTP status alone (no Zoho code, or a code not in ZOHO_CODES). */
export const STATUS_CLASSES: readonly { status: string; meaning: string }[] = [
  { status: '400', meaning: 'bad request' },
  { status: '401', meaning: 'not authenticated (any body, even a gateway’s HTML)' },
  { status: '404', meaning: 'not found' },
  { status: '429', meaning: 'rate limited' },
  { status: '5xx', meaning: 'server failure' },
  { status: 'other 4xx', meaning: 'refused' },
];

/**
 * The one place where an answer becomes a typed error. The class comes from Zoho's code first, the HTTP
 * status second. Two rules sit above it: a 401 is always an authentication refusal (whatever its body),
 * and a write is "outcome unknown" only when the failure may have happened inside Zoho's application
 * (a 5xx, code 1000, or a success whose body was lost): a complete 4xx answer proves nothing was done.
 */
export function errorFromResponse(response: HttpResponse, ctx: ErrorContext): ZbooksError {
  const status = response.status;
  const body = response.body;
  const code = zohoCodeOf(body);
  const zohoMessage =
    body.kind === 'json' && typeof body.value.message === 'string'
      ? redact(body.value.message, ctx.secrets).slice(0, 300)
      : undefined;
  const request = `${ctx.method} ${ctx.path}`;
  const shape = body.kind === 'json' ? '' : ` with ${describeShape(body.kind, response.text, ctx)}`;
  const said = `HTTP ${status}${code !== undefined ? `, code ${code}` : ''}`;
  const details: Details = { status, code };
  const message: Message = (what) => `${what}${shape} (${said})${zohoMessage ? `: ${zohoMessage}` : '.'}`;

  if (status === 401 || code === 57 || code === 14) return authError(ctx, code, message, details, body.kind);
  if (status === 429 || code === 43 || code === 44) {
    const waitMs = rateLimitWaitMs(response.headers, ctx.now);
    const retryAt = waitMs === undefined ? undefined : ctx.now + waitMs;
    return new RateLimitError(
      message(`Zoho Books rate-limited ${request}`),
      `Zoho allows 100 requests per minute per organization and a daily budget by plan${retryAt ? `; calls may resume at ${new Date(retryAt).toISOString()}` : ''}. Processes calling the same organization should share one limit (the redis option).`,
      { ...details, retryAt },
    );
  }
  const success = status >= 200 && status < 300;
  if (UNSAFE.has(ctx.method) && (status >= 500 || code === 1000 || (success && body.kind !== 'json'))) {
    // A write that failed inside Zoho, or whose answer was cut off, may have been applied: the caller must
    // not mistake it for a clean failure and send it again (Zoho has no idempotency keys).
    return new OutcomeUnknownError(
      message(`Outcome unknown: Zoho Books answered ${request}`),
      'The change may or may not have been applied. Reconcile first (list or get the record by a value you set), and send it again only if it is missing.',
      { ...details, reason: 'outcome_unknown', method: ctx.method, path: ctx.path },
    );
  }
  if (status >= 500 || code === 1000) {
    const after = retryAfterMs(response.headers, ctx.now);
    return new ServerError(
      message(`Zoho Books failed on ${request}`),
      `A passing fault at Zoho (or a gateway before it); zbooks already retried. ${after === undefined ? 'Try again in a few minutes.' : `Zoho asked to come back after ${new Date(ctx.now + after).toISOString()}.`}`,
      details,
    );
  }
  if (success && body.kind !== 'json') {
    return new MalformedResponseError(
      `Zoho Books answered ${request}${shape} (HTTP ${status}).`,
      body.kind === 'html'
        ? 'A proxy, captive portal or outage page answered instead of Zoho: check the API domain and network.'
        : 'The answer was cut off or empty; a passing network fault. Try again.',
      { status, reason: `${body.kind}_body` },
    );
  }
  return refusal(ctx, status, code, message, details, body.kind !== 'json');
}

/** A complete refusal: nothing was applied. Zoho's code picks the class; without one, the status does. */
function refusal(
  ctx: ErrorContext,
  status: number,
  code: number | undefined,
  message: Message,
  details: Details,
  notZoho: boolean,
): ZbooksError {
  const request = `${ctx.method} ${ctx.path}`;
  const version = ctx.apiVersion ?? 'v3';
  if (code === 6041) {
    return new WrongOrganizationError(
      message(`Zoho Books refused ${request} for organization ${ctx.organizationId ?? '(none)'}`),
      'This login cannot reach that organization: list yours with `zbooks orgs list`, then choose one (the organizationId option, ZOHO_ORGANIZATION_ID or `zbooks orgs use <id>`).',
      details,
    );
  }
  if (code === 5) {
    return new InvalidUrlError(
      message(`Zoho Books does not know ${request}`),
      `The path (or the method for it) does not exist in Books ${version}: check the path given to books.request(); if it came from a generated method, report a bug.`,
      details,
    );
  }
  if (code === 1002 || (!isKnown(code) && status === 404)) {
    return new NotFoundError(
      message(`Zoho Books found nothing at ${request}`),
      `Check the id: records exist per organization (this call went to ${ctx.organizationId ?? 'no organization'}).`,
      details,
    );
  }
  const gateway = notZoho
    ? ' The answer is not Zoho’s JSON: a proxy or gateway in front of Zoho refused it (a request too large, blocked by a firewall, or a wrong API domain).'
    : '';
  if (code === 2 || code === 4 || (!isKnown(code) && status === 400)) {
    return new InvalidRequestError(
      message(`Zoho Books rejected ${request}`),
      `Nothing was applied. Fix the parameter or field named in the message; the generated types list each field and its type.${gateway}`,
      details,
    );
  }
  return new ApiError(
    message(`Zoho Books refused ${request}`),
    status === 405
      ? `Books ${version} does not accept this method on this path.`
      : `Nothing was applied.${gateway || ` See Zoho’s message; the code is listed at zoho.com/books/api/${version}/errors.`}`,
    details,
  );
}

const KNOWN = new Set(ZOHO_CODES.flatMap((entry) => entry.codes));
const isKnown = (code: number | undefined) => code !== undefined && KNOWN.has(code);

function authError(
  ctx: ErrorContext,
  code: number | undefined,
  message: Message,
  details: Details,
  bodyKind: string,
): ZbooksError {
  const request = `${ctx.method} ${ctx.path}`;
  const needed = ctx.scope ?? 'the scope of this operation';
  if (code === 57 && (ctx.scopeRefusal || ctx.freshTokenRefused)) {
    const has = ctx.grantedScope ? ` (the token has ${ctx.grantedScope})` : '';
    const why = ctx.freshTokenRefused
      ? 'with a new token as well'
      : 'with a token minted for this call (or refused for this scope before)';
    return new ScopeError(
      message(
        `Zoho Books refused ${request} ${why}: it lacks ${needed}${ctx.operationId ? `, which ${ctx.operationId} needs` : ''}${has}`,
      ),
      `In Zoho's API console (Self Client → Generate Code) make a grant code with the scope ${needed} (or ZohoBooks.fullaccess.all) added to the ones you use, then ${LOGIN_AGAIN}.`,
      { ...details, requiredScope: ctx.scope },
    );
  }
  if (code === 57) {
    return new ApiAuthError(
      message(`Zoho Books refused the token for ${request}`),
      `The token expired, was revoked or evicted, or lacks ${needed}. If a new token does not help, ${LOGIN_AGAIN} that includes ${needed}.`,
      details,
    );
  }
  if (code === 14) {
    return new ApiAuthError(
      message(`Zoho Books could not authenticate ${request}`),
      'The Authorization header was not accepted (Zoho code 14). zbooks sends "Zoho-oauthtoken <token>"; if this persists with a new token, it is a bug.',
      details,
    );
  }
  const notZoho = bodyKind !== 'json';
  return new ApiAuthError(
    message(
      `${notZoho ? 'Zoho Books (or a gateway before it)' : 'Zoho Books'} refused the token for ${request}`,
    ),
    `${ctx.freshTokenRefused ? 'A new token was refused too. ' : ''}${notZoho ? 'The answer is not Zoho’s JSON: check the API domain and any proxy between you and Zoho (one that strips or replaces the Authorization header). ' : ''}If it persists, ${LOGIN_AGAIN}.`,
    details,
  );
}

function describeShape(kind: string, text: string, ctx: ErrorContext): string {
  if (kind === 'empty') return 'an empty body';
  if (kind === 'html') return `an HTML page ("${excerpt(text, ctx.secrets, 80)}")`;
  // No excerpt: a cut-off success may hold records, and messages carry no values.
  return 'a truncated or non-JSON body';
}

/**
 * The call needs a scope the credential is known not to have (from the token answer, the login's record, or
 * an earlier refusal of this token for the same scope): refused before anything is sent, so it costs no
 * Books request and no token.
 */
export function scopeErrorBeforeSending(
  ctx: Pick<ErrorContext, 'method' | 'path' | 'scope' | 'operationId'>,
  known: { granted: string } | { refusedBefore: true },
): ScopeError {
  const needed = ctx.scope ?? 'the scope of this operation';
  const which = ctx.operationId ? ` (${ctx.operationId})` : '';
  const why =
    'granted' in known
      ? `this login was granted only ${known.granted}`
      : 'Zoho already refused this token for that scope';
  return new ScopeError(
    `${ctx.method} ${ctx.path}${which} needs ${needed}, but ${why}; nothing was sent.`,
    `In Zoho's API console (Self Client → Generate Code) make a grant code with the scope ${needed} (or ZohoBooks.fullaccess.all) added to the ones you use, then ${LOGIN_AGAIN}.`,
    { reason: 'granted' in known ? 'scope_not_granted' : 'scope_refused_before', requiredScope: ctx.scope },
  );
}
