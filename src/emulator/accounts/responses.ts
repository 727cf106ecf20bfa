import type { EmulatorConfig } from '../config.js';

/** Zoho's throttle answer, word for word (REFERENCE §2). */
export const ACCESS_DENIED = Object.freeze({
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied',
  status: 'failure',
});

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Zoho's OAuth errors come with HTTP 200: clients that trust `response.ok` cache `undefined`. */
export const oauthError = (error: string): TokenAnswer => ({ status: 200, body: { error } });

export interface TokenFields {
  accessToken: string;
  refreshToken?: string;
  scope?: string;
  apiDomain: string;
}

export const tokenBody = (config: EmulatorConfig, fields: TokenFields): Record<string, unknown> => {
  const body: Record<string, unknown> = { access_token: fields.accessToken };
  if (fields.refreshToken !== undefined) body.refresh_token = fields.refreshToken;
  if (fields.scope !== undefined) body.scope = fields.scope;
  body.api_domain = fields.apiDomain;
  body.token_type = 'Bearer';
  const ttl = config.tokenTtlSeconds;
  if (config.expiryShape === 'legacy') {
    // The legacy shape: when expires_in_sec is present, expires_in is in MILLISECONDS.
    body.expires_in_sec = ttl;
    body.expires_in = ttl * 1000;
  } else {
    body.expires_in = ttl;
  }
  return body;
};
