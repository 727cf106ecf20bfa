import type { EmulatorConfig } from '../config.js';

/** Zoho's throttle answer, word for word (REFERENCE §2). */
export const ACCESS_DENIED = Object.freeze({
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied',
  status: 'failure',
});

/** A successful token answer, in Zoho's field order (REFERENCE §2). */
interface TokenBody {
  access_token: string;
  refresh_token?: string;
  scope?: string;
  api_domain: string;
  token_type: 'Bearer';
  /** Present only in the legacy shape, where it makes `expires_in` a count of milliseconds. */
  expires_in_sec?: number;
  expires_in: number;
}

/** An OAuth error (with HTTP 200) or the throttle's "Access Denied" (which also has a description). */
interface TokenErrorBody {
  error: string;
  error_description?: string;
  status?: string;
}

export interface TokenAnswer {
  status: number;
  body: TokenBody | TokenErrorBody;
}

/** Zoho's OAuth errors come with HTTP 200: clients that trust `response.ok` cache `undefined`. */
export function oauthError(error: string): TokenAnswer {
  return { status: 200, body: { error } };
}

interface TokenFields {
  accessToken: string;
  refreshToken?: string;
  scope?: string;
  apiDomain: string;
}

export function tokenBody(config: EmulatorConfig, fields: TokenFields): TokenBody {
  const ttl = config.tokenTtlSeconds;
  // The legacy shape: when expires_in_sec is present, expires_in is in MILLISECONDS.
  const legacy = config.expiryShape === 'legacy';
  return {
    access_token: fields.accessToken,
    ...(fields.refreshToken !== undefined ? { refresh_token: fields.refreshToken } : {}),
    ...(fields.scope !== undefined ? { scope: fields.scope } : {}),
    api_domain: fields.apiDomain,
    token_type: 'Bearer',
    ...(legacy ? { expires_in_sec: ttl } : {}),
    expires_in: legacy ? ttl * 1000 : ttl,
  };
}
