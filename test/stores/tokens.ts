import { randomBytes } from 'node:crypto';
import type { StoredToken } from '../../src/auth/stores/token-store.js';

/** A Zoho-shaped access token string (1000.<hex>.<hex>). */
export const zohoToken = () => `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;

/** A cached token valid for an hour from `now`. */
export function storedToken(now = Date.now(), overrides: Partial<StoredToken> = {}): StoredToken {
  return {
    accessToken: zohoToken(),
    expiresAt: now + 3_600_000,
    apiDomain: 'https://www.zohoapis.com',
    scope: 'ZohoBooks.fullaccess.all',
    obtainedAt: now,
    ...overrides,
  };
}

export const KEY = 'zbooks:v1:accounts.zoho.com:1000.ABC:0123456789abcdef01234567';

/** A logger that remembers what it was told. */
export function recordingLogger() {
  const warnings: string[] = [];
  return { warnings, warn: (message: string) => void warnings.push(message) };
}
