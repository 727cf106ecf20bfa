import { sha256Hex } from './sha256.js';

/**
 * The store key of one credential: readable parts that are not secret (accounts host, client id) and a hash
 * of the part that is, so no store, file or Redis key ever holds the refresh token itself. The hash is
 * SHA-256 computed without node:crypto (see sha256.ts): `zbooks auth token` reads the key on every call.
 */
export function tokenCacheKey(accountsUrl: string, clientId: string, secretPart: string): string {
  const digest = sha256Hex(`${accountsUrl}\n${clientId}\n${secretPart}`);
  return `zbooks:v1:${new URL(accountsUrl).host}:${clientId}:${digest.slice(0, 24)}`;
}
