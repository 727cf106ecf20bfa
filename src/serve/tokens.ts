import type { TokenProvider } from '../auth/token-provider.js';
import type { AccessToken } from '../auth/token-response.js';

/**
 * One profile's token engine as the gateway uses it: the library's TokenProvider (memory, then the shared
 * store, then one refresher under the store's lock), counted for /metrics. A token is "minted" here when this
 * process's call obtained it from Zoho; every other answer is a cache hit.
 */
export class CountedTokens {
  readonly provider: TokenProvider;
  minted = 0;
  cacheHits = 0;
  #lastMinted = '';

  constructor(provider: TokenProvider) {
    this.provider = provider;
  }

  async get(): Promise<AccessToken> {
    const token = await this.provider.getToken();
    // Every waiter of one refresh is told justMinted: count the token once.
    if (token.justMinted && token.accessToken !== this.#lastMinted) {
      this.#lastMinted = token.accessToken;
      this.minted++;
    } else this.cacheHits++;
    return token;
  }

  invalidate(accessToken: string): Promise<void> {
    return this.provider.invalidate(accessToken);
  }
}
