import {
  ApiAuthError,
  ApiError,
  type ErrorKind,
  NetworkError,
  UnexpectedResponseError,
  type ZbooksErrorDetails,
} from '../core/errors.js';

/**
 * The errors of Books calls. All are built by error-factory.ts (or, for the two that need no response, by
 * the layer that knows the facts) so that messages stay free of tokens, query strings and body values.
 */

/** Zoho refused a fresh token for this operation: it was generated without the scope the operation needs. */
export class ScopeError extends ApiAuthError {
  /** e.g. `ZohoBooks.invoices.CREATE`, when the operation is known. */
  readonly requiredScope: string | undefined;
  constructor(
    message: string,
    hint: string,
    details: ZbooksErrorDetails & { requiredScope?: string | undefined },
  ) {
    super(message, hint, 57, details);
    this.requiredScope = details.requiredScope;
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
  constructor(
    message: string,
    hint: string,
    details: ZbooksErrorDetails & { zohoCode?: number | undefined; retryAt?: number | undefined },
  ) {
    super(message, hint, details.zohoCode, details);
    this.retryAt = details.retryAt;
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
 * refused, DNS), which is what makes even a POST safe to resend.
 */
export class ConnectionError extends NetworkError {
  readonly sent: 'no' | 'maybe';
  constructor(message: string, hint: string, details: ZbooksErrorDetails & { sent: 'no' | 'maybe' }) {
    super(message, hint, details);
    this.sent = details.sent;
  }
}

/**
 * A POST/PUT/DELETE/PATCH whose response was lost after it may have reached Zoho. Zoho has no idempotency
 * keys, so zbooks does not resend it: the change may or may not have been applied.
 */
export class OutcomeUnknownError extends NetworkError {
  readonly method: string;
  readonly path: string;
  constructor(message: string, hint: string, details: ZbooksErrorDetails & { method: string; path: string }) {
    super(message, hint, details);
    this.method = details.method;
    this.path = details.path;
  }
}
