import { createHash } from 'node:crypto';

/**
 * The store key of one credential: readable parts that are not secret (accounts host, client id) and a hash
 * of the part that is, so no store, file or Redis key ever holds the refresh token itself.
 */
export function tokenCacheKey(accountsUrl: string, clientId: string, secretPart: string): string {
  const digest = createHash('sha256').update(`${accountsUrl}\n${clientId}\n${secretPart}`).digest('hex');
  return `zbooks:v1:${new URL(accountsUrl).host}:${clientId}:${digest.slice(0, 24)}`;
}
