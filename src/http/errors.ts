import {
  ApiAuthError,
  ApiError,
  type ErrorKind,
  NetworkError,
  UnexpectedResponseError,
  type ZbooksErrorOptions,
} from '../core/errors.js';

/**
 * The errors of Books calls. All are built by error-factory.ts (or, for the two that need no response, by
 * the layer that knows the facts) so that messages stay free of tokens, query strings and body values.
 */

/**
 * The token lacks the scope the operation needs: Zoho refused it with code 57 (`code` 57), or zbooks knew
 * before sending (`code` undefined, `reason` `scope_not_granted` or `scope_refused_before`).
 */
export class ScopeError extends ApiAuthError {
  /** e.g. `ZohoBooks.invoices.CREATE`, when the operation is known. */
  readonly requiredScope: string | undefined;
  constructor(
    message: string,
    hint: string,
    options: ZbooksErrorOptions & { requiredScope?: string | undefined },
  ) {
    super(message, hint, options);
    this.requiredScope = options.requiredScope;
  }
}

/** 404 with a resource code such as 1002: the record does not exist (in this organization). */
export class NotFoundError extends ApiError {}
/** 404 code 5: Zoho does not know the URL (a wrong path or method for it). */
export class InvalidUrlError extends ApiError {
  override readonly kind: ErrorKind = 'bug';
}
/** 400: a parameter or a field Zoho rejected (codes 2, 4 and the like). */
export class InvalidRequestError extends ApiError {}
/** 400 code 6041: the organization id is not one of this user's. */
export class WrongOrganizationError extends ApiError {
  override readonly kind: ErrorKind = 'config';
}
/** 429, or a daily budget known to be spent: `retryAt` (epoch ms) says when calls may resume. */
export class RateLimitError extends ApiError {
  override readonly kind: ErrorKind = 'rate_limit';
  readonly retryAt: number | undefined;
  constructor(message: string, hint: string, options: ZbooksErrorOptions & { retryAt?: number | undefined }) {
    super(message, hint, options);
    this.retryAt = options.retryAt;
  }
}
/** 5xx: a fault at Zoho (or a gateway before it). */
export class ServerError extends ApiError {
  override readonly kind: ErrorKind = 'network';
}

/** An answer that is not Zoho's protocol: HTML, an empty body, a truncated or non-JSON body. */
export class MalformedResponseError extends UnexpectedResponseError {}

/**
 * The connection failed. `sent` is 'no' only when the failure proves the request never left (connection
 * refused, DNS), which is what makes even a POST safe to resend. `reason` names the failure in lower case
 * (`econnrefused`, `timeout`, `network_error` when nothing names it); Node's own code is on `cause.code`.
 */
export class ConnectionError extends NetworkError {
  readonly sent: 'no' | 'maybe';
  constructor(message: string, hint: string, options: ZbooksErrorOptions & { sent: 'no' | 'maybe' }) {
    super(message, hint, options);
    this.sent = options.sent;
  }
}

/**
 * A POST/PUT/DELETE/PATCH whose response was lost after it may have reached Zoho. Zoho has no idempotency
 * keys, so zbooks does not resend it: the change may or may not have been applied.
 */
export class OutcomeUnknownError extends NetworkError {
  readonly method: string;
  readonly path: string;
  constructor(message: string, hint: string, options: ZbooksErrorOptions & { method: string; path: string }) {
    super(message, hint, options);
    this.method = options.method;
    this.path = options.path;
  }
}
