import { normalizeBaseUrl } from '../core/data-centres.js';
import type { CountedTokens } from './tokens.js';

/** One profile the gateway serves: its credential's tokens, organization and API host. */
export interface Upstream {
  /** The profile name callers pick with X-Zbooks-Profile. */
  name: string;
  tokens: CountedTokens;
  /** Added to calls that omit organization_id. */
  organizationId?: string | undefined;
  /** Calls go here instead of the token's api_domain (the emulator, a data-centre override). */
  apiDomain?: string | undefined;
}

export interface Target {
  https: boolean;
  hostname: string;
  port: number;
  /** The base path of the API host (normally empty). */
  basePath: string;
}

/**
 * Parsed API hosts, remembered per string so a call does not parse a URL; the same rule as the library (no
 * plain http beyond loopback) applies to a token's domain.
 */
export class Targets {
  readonly #cache = new Map<string, Target>();

  of(domain: string): Target {
    let target = this.#cache.get(domain);
    if (!target) {
      const url = new URL(normalizeBaseUrl(domain, 'The API domain'));
      const https = url.protocol === 'https:';
      target = {
        https,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port ? Number(url.port) : https ? 443 : 80,
        basePath: url.pathname.replace(/\/$/, ''),
      };
      if (this.#cache.size > 16) this.#cache.clear();
      this.#cache.set(domain, target);
    }
    return target;
  }
}
