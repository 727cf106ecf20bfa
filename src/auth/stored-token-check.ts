import { dcByAccountsUrl, normalizeBaseUrl } from '../core/data-centres.js';
import type { StoredToken } from './stores/token-store.js';

/** Zoho grants access tokens for one hour (REFERENCE §3): a stored token claiming longer is not believed. */
const MAX_TOKEN_LIFETIME_MS = 3_600_000;

/**
 * The API hosts a token from a shared store may send requests to: only those this configuration would use
 * by itself. Anyone who can write the store (a shared Redis, a file) could otherwise name their own server and
 * receive the token with every request. Accepted: the data centre's Zoho API host (and its other zohoapis
 * hosts, over https), an explicitly configured one (ZOHO_API_DOMAIN, the profile's), the accounts server's own
 * origin when it is not Zoho's (the emulator, a proxy: it is already trusted with the client secret), and any
 * host this process's own accounts server named in a token answer.
 */
export class ApiDomainPolicy {
  readonly #exact = new Set<string>();
  readonly #zohoApiSuffix: string | undefined;

  constructor(accountsUrl: string, configured: readonly (string | undefined)[] = []) {
    const dc = dcByAccountsUrl(accountsUrl);
    if (dc) {
      this.#exact.add(dc.apiDomain);
      this.#zohoApiSuffix = new URL(dc.apiDomain).hostname.replace(/^www\./, '');
    } else {
      this.learn(new URL(accountsUrl).origin);
    }
    for (const domain of configured) if (domain) this.learn(domain);
  }

  /** Trusts a host this process obtained from its own configuration or its own accounts server. */
  learn(domain: string): void {
    const normalized = normalize(domain);
    if (normalized) this.#exact.add(normalized);
  }

  accepts(domain: string): boolean {
    const normalized = normalize(domain);
    if (!normalized) return false;
    if (this.#exact.has(normalized)) return true;
    const suffix = this.#zohoApiSuffix;
    if (!suffix) return false;
    const url = new URL(normalized);
    return (
      url.protocol === 'https:' &&
      normalized === url.origin &&
      (url.hostname === suffix || url.hostname.endsWith(`.${suffix}`))
    );
  }
}

/** Origin plus path, without a trailing slash; undefined for anything zbooks would not send a secret to. */
function normalize(domain: string): string | undefined {
  try {
    return normalizeBaseUrl(domain, 'api_domain');
  } catch {
    return undefined;
  }
}

/**
 * What a store says about time, bounded by what Zoho grants: obtained no later than now, and valid at most
 * one hour from then. A planted entry cannot make a token live for a year, nor hide behind a future date.
 */
export function clampLifetime(token: StoredToken, now: number): StoredToken {
  const obtainedAt = Math.min(token.obtainedAt, now);
  const expiresAt = Math.min(token.expiresAt, obtainedAt + MAX_TOKEN_LIFETIME_MS);
  if (obtainedAt === token.obtainedAt && expiresAt === token.expiresAt) return token;
  return { ...token, obtainedAt, expiresAt };
}

/** For messages: the origin of a host someone else wrote, never more of it (it could carry anything). */
export function describeDomain(domain: string): string {
  try {
    return new URL(domain).origin.slice(0, 100);
  } catch {
    return 'a value that is not a URL';
  }
}
