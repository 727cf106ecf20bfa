export { AccountsClient, type AccountsClientOptions, type FetchLike } from './accounts-client.js';
export { tokenCacheKey } from './cache-key.js';
export { MemoryTokenStore } from './stores/memory-store.js';
export type { StoredToken, TokenStore } from './stores/token-store.js';
export {
  type GetTokenOptions,
  type Logger,
  TokenProvider,
  type TokenProviderOptions,
} from './token-provider.js';
export type { AccessToken, GrantResult } from './token-response.js';
