import type { AccessToken } from '../core/access-token.js';
import { describeAccountsUrl } from '../core/data-centres.js';
import {
  AuthError,
  InvalidClientError,
  InvalidClientSecretError,
  InvalidGrantCodeError,
  NetworkError,
  RefreshTokenInvalidError,
  TokenRateLimitedError,
  UnexpectedResponseError,
} from '../core/errors.js';
import { excerpt, redact } from '../core/redact.js';

export type { AccessToken } from '../core/access-token.js';

export interface GrantResult extends AccessToken {
  /** Only the authorization_code grant returns one. */
  refreshToken?: string;
}

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'revoke';

export interface ResponseContext {
  grantType: GrantType;
  accountsUrl: string;
  clientId: string;
  /** Epoch ms when the answer arrived. */
  receivedAt: number;
  /** Used when a server answers without `api_domain`. */
  fallbackApiDomain: string;
  /** How long a throttled caller should wait before trying again. */
  throttleRetryMs: number;
  /** Values that must never appear in an error. */
  secrets: readonly (string | undefined)[];
}

const DEFAULT_LIFETIME_S = 3600;
const MAX_LIFETIME_S = 86_400;

/**
 * Turns an answer of `POST /oauth/v2/token` into tokens or a typed error. Zoho reports errors with HTTP 200,
 * so an answer is a success only when it carries an `access_token`, whatever its status.
 */
export function parseTokenResponse(status: number, text: string, ctx: ResponseContext): GrantResult {
  const body = parseJsonObject(status, text, ctx);
  const accessToken = body.access_token;
  // A token with white space in it could not be sent in a header: it is no token.
  if (typeof accessToken === 'string' && /^\S+$/.test(accessToken)) {
    const result: GrantResult = {
      accessToken,
      expiresAt: ctx.receivedAt + lifetimeSeconds(body) * 1000,
      apiDomain:
        typeof body.api_domain === 'string' && body.api_domain ? body.api_domain : ctx.fallbackApiDomain,
    };
    if (typeof body.scope === 'string' && body.scope) result.scope = body.scope;
    if (typeof body.refresh_token === 'string' && body.refresh_token)
      result.refreshToken = body.refresh_token;
    return result;
  }
  throw errorFromBody(status, body, text, ctx);
}

/**
 * Zoho's two shapes: `expires_in` in seconds, or the legacy `expires_in_sec` with `expires_in` in ms. A
 * lifetime over a day can only be milliseconds read as seconds (the classic bug), and one under a second
 * is no lifetime at all: both fall back to sane values rather than caching a token for weeks or never.
 */
function lifetimeSeconds(body: Record<string, unknown>): number {
  const seconds = toNumber(body.expires_in_sec) ?? toNumber(body.expires_in);
  if (seconds === undefined || seconds < 1) return DEFAULT_LIFETIME_S;
  return seconds > MAX_LIFETIME_S ? seconds / 1000 : seconds;
}

function toNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function parseJsonObject(status: number, text: string, ctx: ResponseContext): Record<string, unknown> {
  const where = describeAccountsUrl(ctx.accountsUrl);
  const serverFault = status >= 500;
  if (text.trim() === '') {
    throw new (serverFault ? NetworkError : UnexpectedResponseError)(
      `The accounts server ${where} answered HTTP ${status} with an empty body.`,
      'This is usually a passing fault at Zoho or a proxy in between; try again in a minute.',
      { status, reason: 'empty_body' },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const looksHtml = /^\s*</.test(text);
    throw new (serverFault ? NetworkError : UnexpectedResponseError)(
      `The accounts server ${where} answered HTTP ${status} with ${looksHtml ? 'an HTML page' : 'something that is not a JSON object'}: "${excerpt(text, ctx.secrets)}".`,
      looksHtml
        ? 'A proxy or an outage page answered instead of Zoho; check the accounts URL and try again later.'
        : 'Check that the accounts URL points at a Zoho accounts server.',
      { status, reason: 'malformed_body' },
    );
  }
  return parsed as Record<string, unknown>;
}

function errorFromBody(status: number, body: Record<string, unknown>, text: string, ctx: ResponseContext) {
  const where = describeAccountsUrl(ctx.accountsUrl);
  const error = typeof body.error === 'string' ? body.error : undefined;
  const details = { status, reason: reasonOf(error, ctx.secrets) };
  const description = typeof body.error_description === 'string' ? body.error_description : '';

  if (status >= 500) {
    return new NetworkError(
      `The accounts server ${where} failed with HTTP ${status}${error ? ` (${excerpt(error, ctx.secrets, 60)})` : ''}.`,
      'A passing fault at Zoho; try again in a minute.',
      details,
    );
  }
  if ((error && /^access denied$/i.test(error.trim())) || /too many requests/i.test(description)) {
    const retryAt = ctx.receivedAt + ctx.throttleRetryMs;
    return new TokenRateLimitedError(
      `Zoho is throttling token requests for this client (${where}: "too many requests").`,
      `A refresh token may mint only 10 access tokens per 10 minutes. Wait until ${new Date(retryAt).toISOString()}, and share one cached token between processes (ZBOOKS_TOKEN_STORE) instead of refreshing in each.`,
      { ...details, reason: 'access_denied', retryAt },
    );
  }
  switch (error) {
    case 'invalid_client':
      return new InvalidClientError(
        `The client id is unknown at ${where}.`,
        'A Self Client lives in the data centre where it was created: check ZOHO_DC / ZOHO_ACCOUNTS_URL (or use `zbooks auth login --dc auto`) and the client id.',
        details,
      );
    case 'invalid_client_secret':
      return new InvalidClientSecretError(
        `The client secret was refused by ${where}.`,
        "Copy the secret again from the Self Client's Client Secret tab in Zoho's API console.",
        details,
      );
    case 'invalid_code':
      return ctx.grantType === 'authorization_code'
        ? new InvalidGrantCodeError(
            `The grant code was refused by ${where}.`,
            'It has expired (a code lasts the 3–10 minutes chosen when it was made), was already used, or was made in another data centre. Generate a new code in the API console and exchange it at once.',
            details,
          )
        : new RefreshTokenInvalidError(
            `The refresh token was refused by ${where}.`,
            'It was revoked or evicted (Zoho keeps 20 refresh tokens per client; older ones are deleted). Run `zbooks auth login` again with a new grant code.',
            details,
          );
    case 'missing_org_info':
      return new AuthError(
        'The client_credentials grant needs the organization (soid).',
        'Give the organization id; zbooks sends it as soid=ZohoBooks.<organization id>.',
        details,
      );
    case undefined:
      return new UnexpectedResponseError(
        `The accounts server ${where} answered HTTP ${status} without an access token: "${excerpt(text, ctx.secrets)}".`,
        'Check that the accounts URL points at a Zoho accounts server.',
        { status, reason: 'no_access_token' },
      );
    default:
      return new AuthError(
        `The accounts server ${where} refused the request: ${excerpt(error, ctx.secrets, 60)}.`,
        'Check the client id, secret, scopes and data centre of the Self Client in the API console.',
        details,
      );
  }
}

/**
 * Zoho's `error` as a machine code (`invalid_code`), when it looks like one: a server can put anything
 * there, a secret it echoes included, and `reason` is not redacted text but an identifier.
 */
function reasonOf(error: string | undefined, secrets: ResponseContext['secrets']): string | undefined {
  if (error === undefined) return undefined;
  return /^[\w .-]{1,60}$/.test(error) && redact(error, secrets) === error ? error : 'unrecognised_error';
}
