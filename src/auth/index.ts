export { processWarningLogger, silentLogger, WARNING_TYPE } from '../core/logger.js';
export { AccountsClient, type AccountsClientOptions, type FetchLike } from './accounts-client.js';
export { tokenCacheKey } from './cache-key.js';
export { STORE_KEY_ENV } from './stores/encryption.js';
export { FileTokenStore, type FileTokenStoreOptions } from './stores/file-store.js';
export { MemoryTokenStore } from './stores/memory-store.js';
export {
  type OpenTokenStoreOptions,
  openTokenStore,
  parseTokenStoreSpec,
  TOKEN_STORE_ENV,
  type TokenStoreSpec,
  tokenStoreFromEnv,
} from './stores/open-store.js';
export { RedisTokenStore, type RedisTokenStoreOptions } from './stores/redis-store.js';
export type { SharedThrottle, StoredToken, TokenStore } from './stores/token-store.js';
export {
  type GetTokenOptions,
  type Logger,
  TokenProvider,
  type TokenProviderOptions,
} from './token-provider.js';
export type { AccessToken, GrantResult } from './token-response.js';
