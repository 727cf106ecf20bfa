/**
 * One error hierarchy for the whole library. Every error says what happened (message) and what a person can
 * do about it (hint), and carries no secret: messages are built from facts we chose, never from raw input.
 * `kind` is what the CLI turns into an exit code.
 */
export type ErrorKind = 'config' | 'auth' | 'api' | 'rate_limit' | 'network' | 'bug';

export interface ZbooksErrorDetails {
  /** A stable machine code, e.g. Zoho's `invalid_code`. */
  code?: string;
  /** HTTP status of the answer that caused it, when there was one. */
  status?: number;
  cause?: unknown;
}

export class ZbooksError extends Error {
  readonly kind: ErrorKind = 'bug';
  readonly hint: string;
  readonly code: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, hint: string, details: ZbooksErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.hint = hint;
    this.code = details.code;
    this.status = details.status;
  }
}

/** Missing or invalid input: a variable, a flag, a profile, a URL. */
export class ConfigError extends ZbooksError {
  override readonly kind = 'config';
}

/** The accounts server refused the credentials. */
export class AuthError extends ZbooksError {
  override readonly kind = 'auth';
}
/** A grant code that is expired, used, wrong, or from another data centre. */
export class InvalidGrantCodeError extends AuthError {}
/** A refresh token that was revoked, evicted or is wrong. Retrying cannot help. */
export class RefreshTokenInvalidError extends AuthError {}
/** A client id unknown at this accounts server (often: the wrong data centre). */
export class InvalidClientError extends AuthError {}
export class InvalidClientSecretError extends AuthError {}

/** The token endpoint is throttling this refresh token; `retryAt` (epoch ms) says when to try again. */
export class TokenRateLimitedError extends ZbooksError {
  override readonly kind = 'rate_limit';
  readonly retryAt: number;
  constructor(message: string, hint: string, retryAt: number, details: ZbooksErrorDetails = {}) {
    super(message, hint, details);
    this.retryAt = retryAt;
  }
}

/** The server could not be reached, timed out, failed (5xx) or answered something that is not its protocol. */
export class NetworkError extends ZbooksError {
  override readonly kind = 'network';
}
export class UnexpectedResponseError extends NetworkError {}

/**
 * A server answered a request that carried a secret or a token with a redirect. zbooks never follows one:
 * the request would be sent again, secret included, to a host nobody configured (a proxy, a captive portal,
 * a mistyped URL), and the tokens that host hands back would be trusted. `offeredOrigin` is where the
 * redirect pointed, scheme, host and port only (a Location's path or query may itself carry a secret).
 */
export class RedirectRefusedError extends UnexpectedResponseError {
  readonly offeredOrigin: string;
  constructor(message: string, hint: string, offeredOrigin: string, details: ZbooksErrorDetails = {}) {
    super(message, hint, details);
    this.offeredOrigin = offeredOrigin;
  }
}

/** Scheme, host and port of a redirect's Location (resolved against the request URL), never its path. */
export function redirectOrigin(location: string | null, requestUrl: string): string {
  if (!location) return '(no Location header)';
  try {
    return new URL(location, requestUrl).origin;
  } catch {
    return '(an unreadable Location header)';
  }
}

/** Zoho Books answered with an error (`{"code": non-zero, "message": …}`), whatever the HTTP status. */
export class ApiError extends ZbooksError {
  override readonly kind: ErrorKind = 'api';
  /** Zoho's numeric error code, e.g. 1002 for a record that does not exist. */
  readonly zohoCode: number | undefined;
  constructor(message: string, hint: string, zohoCode: number | undefined, details: ZbooksErrorDetails = {}) {
    super(message, hint, details);
    this.zohoCode = zohoCode;
  }
}

/** A request Zoho refused for authentication (401): a token it does not accept, or a missing scope. */
export class ApiAuthError extends ApiError {
  override readonly kind: ErrorKind = 'auth';
}

/** A shared token store (file, Redis) failed or timed out. */
export class StoreError extends ZbooksError {
  override readonly kind = 'network';
}

export function isZbooksError(error: unknown): error is ZbooksError {
  return error instanceof ZbooksError;
}
