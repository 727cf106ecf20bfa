/**
 * One error hierarchy for the whole library. Every error says what happened (message) and what a person can
 * do about it (hint), and carries no secret: messages are built from facts we chose, never from raw input.
 * `kind` is what the CLI turns into an exit code. Every class takes (message, hint, options): the facts
 * beyond the two sentences are named in one object, never passed by position.
 */
export type ErrorKind = 'config' | 'auth' | 'api' | 'rate_limit' | 'network' | 'bug';

export interface ZbooksErrorOptions {
  /**
   * Zoho's own numeric code, only when Zoho's answer carried one: 57, 14, 1002, 6041, … Never a zbooks label
   * (that is `reason`) and never Node's `ECONNREFUSED` and the like (those stay on `cause`).
   */
  code?: number | undefined;
  /**
   * A stable snake_case label for what went wrong, for programs to branch on: `lock_timeout`,
   * `outcome_unknown`, `econnrefused`, … For a refusal of the accounts server it is the server's `error`
   * value (`invalid_code`, `invalid_client`), which has no number.
   */
  reason?: string | undefined;
  /** HTTP status of the answer that caused it, when there was one. */
  status?: number | undefined;
  cause?: unknown;
}

export class ZbooksError extends Error {
  readonly kind: ErrorKind = 'bug';
  readonly hint: string;
  /** Zoho's numeric code, when Zoho gave one (see ZbooksErrorOptions.code). */
  readonly code: number | undefined;
  /** zbooks' label for the failure (see ZbooksErrorOptions.reason). */
  readonly reason: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, hint: string, options: ZbooksErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = hint;
    this.code = options.code;
    this.reason = options.reason;
    this.status = options.status;
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
  constructor(message: string, hint: string, options: ZbooksErrorOptions & { retryAt: number }) {
    super(message, hint, options);
    this.retryAt = options.retryAt;
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
  constructor(message: string, hint: string, options: ZbooksErrorOptions & { offeredOrigin: string }) {
    super(message, hint, options);
    this.offeredOrigin = options.offeredOrigin;
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

/**
 * Zoho Books answered with an error (`{"code": non-zero, "message": …}`), whatever the HTTP status; `code` is
 * that number (1002 for a record that does not exist), undefined when the answer carried none.
 */
export class ApiError extends ZbooksError {
  override readonly kind: ErrorKind = 'api';
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
