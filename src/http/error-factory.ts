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
import { rateLimitWaitMs } from './wait-time.js';

export interface ErrorContext {
  readonly method: string;
  /** Path only: a query string may carry search text, and errors must carry no values. */
  readonly path: string;
  readonly scope?: string | undefined;
  readonly operationId?: string | undefined;
  readonly organizationId?: string | undefined;
  /** Values that must never appear in a message (the access token). */
  readonly secrets?: readonly (string | undefined)[];
  /** The 401 came back for a token fetched fresh after the previous one was invalidated. */
  readonly freshTokenRefused?: boolean;
  /** Scopes of the refused token, when the accounts server said. */
  readonly grantedScope?: string | undefined;
  readonly now: number;
}

const UNSAFE = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);
const LOGIN_AGAIN = 'run `zbooks auth login` with a new grant code';

/** The one place where an answer becomes a typed error: (HTTP status, Zoho body) → class, message, hint. */
export function errorFromResponse(response: HttpResponse, ctx: ErrorContext): ZbooksError {
  const status = response.status;
  const body = response.body;
  const code = zohoCodeOf(body);
  const zohoMessage =
    body.kind === 'json' && typeof body.value.message === 'string'
      ? redact(body.value.message, ctx.secrets).slice(0, 300)
      : undefined;
  const request = `${ctx.method} ${ctx.path}`;
  const said = `HTTP ${status}${code !== undefined ? `, code ${code}` : ''}`;
  const details = { status, code: code === undefined ? undefined : String(code) };
  const message = (what: string) => `${what} (${said})${zohoMessage ? `: ${zohoMessage}` : '.'}`;

  if (status === 429) {
    const waitMs = rateLimitWaitMs(response.headers, ctx.now);
    const retryAt = waitMs === undefined ? undefined : ctx.now + waitMs;
    return new RateLimitError(
      message(`Zoho Books rate-limited ${request}`),
      `Zoho allows 100 requests per minute per organization and a daily budget by plan${retryAt ? `; calls may resume at ${new Date(retryAt).toISOString()}` : ''}. Processes calling the same organization should share one limit (the redis option).`,
      code,
      retryAt,
      details,
    );
  }
  if (UNSAFE.has(ctx.method) && (status >= 500 || body.kind !== 'json')) {
    // A write that failed on Zoho's side, or whose answer was cut off, may have been applied: the caller
    // must not mistake it for a clean failure and send it again (Zoho has no idempotency keys).
    const shape = body.kind === 'json' ? '' : ` with ${describeShape(body.kind, response.text, ctx)}`;
    return new OutcomeUnknownError(
      message(`Outcome unknown: Zoho Books answered ${request}${shape}`),
      'The change may or may not have been applied. Reconcile first (list or get the record by a value you set), and send it again only if it is missing.',
      ctx.method,
      ctx.path,
      { ...details, code: 'outcome_unknown' },
    );
  }
  if (status >= 500) {
    const shape = body.kind === 'json' ? '' : ` with ${describeShape(body.kind, response.text, ctx)}`;
    return new ServerError(
      message(`Zoho Books failed on ${request}${shape}`),
      'A passing fault at Zoho (or a gateway before it); zbooks already retried. Try again in a few minutes.',
      code,
      details,
    );
  }
  if (body.kind !== 'json') {
    return new MalformedResponseError(
      `Zoho Books answered ${request} (HTTP ${status}) with ${describeShape(body.kind, response.text, ctx)}.`,
      body.kind === 'html'
        ? 'A proxy, captive portal or outage page answered instead of Zoho: check the API domain and network.'
        : 'The answer was cut off or empty; a passing network fault. Try again.',
      { status, code: `${body.kind}_body` },
    );
  }
  if (status === 401 || code === 57 || code === 14) {
    return authError(ctx, code, message, details);
  }
  if (code === 6041) {
    return new WrongOrganizationError(
      message(`Zoho Books refused ${request} for organization ${ctx.organizationId ?? '(none)'}`),
      'This login cannot reach that organization: list yours with `zbooks orgs list`, then choose one (the organizationId option, ZOHO_ORGANIZATION_ID or `zbooks orgs use <id>`).',
      code,
      details,
    );
  }
  if (status === 404 && code === 5) {
    return new InvalidUrlError(
      message(`Zoho Books does not know ${request}`),
      'The path (or the method for it) does not exist in Books v3: check the path given to books.request(); if it came from a generated method, report a bug.',
      code,
      details,
    );
  }
  if (status === 404 || code === 1002) {
    return new NotFoundError(
      message(`Zoho Books found nothing at ${request}`),
      `Check the id: records exist per organization (this call went to ${ctx.organizationId ?? 'no organization'}).`,
      code,
      details,
    );
  }
  if (status === 400) {
    return new InvalidRequestError(
      message(`Zoho Books rejected ${request}`),
      'Fix the parameter or field named in the message; the generated types list each field and its type.',
      code,
      details,
    );
  }
  return new ApiError(
    message(`Zoho Books refused ${request}`),
    status === 405
      ? 'Books v3 does not accept this method on this path.'
      : 'See Zoho’s message; the code is listed at zoho.com/books/api/v3/errors.',
    code,
    details,
  );
}

function authError(
  ctx: ErrorContext,
  code: number | undefined,
  message: (what: string) => string,
  details: { status: number; code: string | undefined },
): ZbooksError {
  const request = `${ctx.method} ${ctx.path}`;
  const needed = ctx.scope ?? 'the scope of this operation';
  if (code === 57 && ctx.freshTokenRefused) {
    const has = ctx.grantedScope ? ` (the token has ${ctx.grantedScope})` : '';
    return new ScopeError(
      message(
        `Zoho Books refused ${request} with a new token as well: it lacks ${needed}${ctx.operationId ? `, which ${ctx.operationId} needs` : ''}${has}`,
      ),
      `In Zoho's API console (Self Client → Generate Code) make a grant code with the scope ${needed} (or ZohoBooks.fullaccess.all) added to the ones you use, then ${LOGIN_AGAIN}.`,
      ctx.scope,
      details,
    );
  }
  if (code === 57) {
    return new ApiAuthError(
      message(`Zoho Books refused the token for ${request}`),
      `The token expired, was revoked or evicted, or lacks ${needed}. If a new token does not help, ${LOGIN_AGAIN} that includes ${needed}.`,
      code,
      details,
    );
  }
  return new ApiAuthError(
    message(`Zoho Books could not authenticate ${request}`),
    'The Authorization header was not accepted (Zoho code 14). zbooks sends "Zoho-oauthtoken <token>"; if this persists with a new token, it is a bug.',
    code,
    details,
  );
}

function describeShape(kind: string, text: string, ctx: ErrorContext): string {
  if (kind === 'empty') return 'an empty body';
  if (kind === 'html') return `an HTML page ("${excerpt(text, ctx.secrets, 80)}")`;
  return 'a truncated or non-JSON body';
}
