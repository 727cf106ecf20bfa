import { describe, expect, it } from 'vitest';
import { parseTokenResponse, type ResponseContext } from '../../src/auth/token-response.js';
import { UnexpectedResponseError } from '../../src/core/errors.js';

const ctx: ResponseContext = {
  grantType: 'refresh_token',
  accountsUrl: 'https://accounts.zoho.com',
  clientId: '1000.X',
  receivedAt: 1_000_000,
  fallbackApiDomain: 'https://www.zohoapis.com',
  throttleRetryMs: 60_000,
  secrets: [],
};
const lifetime = (body: object) =>
  (parseTokenResponse(200, JSON.stringify(body), ctx).expiresAt - ctx.receivedAt) / 1000;

describe('token lifetimes (regressions found by fuzzing)', () => {
  it('a lifetime under a second is no lifetime: the documented hour is used', () => {
    expect(lifetime({ access_token: 'a', expires_in: 5e-324 })).toBe(3600);
    expect(lifetime({ access_token: 'a', expires_in: 0 })).toBe(3600);
  });

  it('milliseconds without expires_in_sec are not read as 41 days', () => {
    expect(lifetime({ access_token: 'a', expires_in: 3_600_000 })).toBe(3600);
    expect(lifetime({ access_token: 'a', expires_in_sec: 3600, expires_in: 3_600_000 })).toBe(3600);
    expect(lifetime({ access_token: 'a', expires_in: '3600' })).toBe(3600);
  });

  it('an access token of white space is no token', () => {
    expect(() => parseTokenResponse(200, '{"access_token":" "}', ctx)).toThrow(UnexpectedResponseError);
  });
});
