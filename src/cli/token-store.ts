import { STORE_KEY_ENV } from '../auth/stores/encryption.js';
import { FileTokenStore } from '../auth/stores/file-store.js';
import { openTokenStore } from '../auth/stores/open-store.js';
import type { TokenStore } from '../auth/stores/token-store.js';
import { ConfigError, StoreError } from '../core/errors.js';
import { type Logger, stderrLogger } from '../core/logger.js';
import type { ResolvedSettings } from './settings.js';

interface CliTokenStoreOptions {
  /** Where ZBOOKS_STORE_KEY is read: the run's environment. */
  env: NodeJS.ProcessEnv;
  /** Told about a damaged cache file. Default: stderr. */
  logger?: Logger;
}

/**
 * The store the CLI uses for a run: ZBOOKS_TOKEN_STORE (flag, env or profile, as resolved), or by default the
 * file cache in the config dir, so that scripts calling `zbooks auth token` over and over share one token
 * instead of minting one each (Zoho allows 10 per 10 minutes).
 */
export async function openCliTokenStore(
  settings: ResolvedSettings,
  options: CliTokenStoreOptions,
): Promise<TokenStore> {
  const key = options.env[STORE_KEY_ENV];
  return openTokenStore(settings.values.tokenStore ?? 'file', {
    configDir: settings.configDir,
    logger: options.logger ?? stderrLogger({ debug: false }),
    ...(key ? { encryptionKey: key } : {}),
  });
}

/**
 * Checks, before a login exchanges its grant code, that the store can keep tokens safely: a file store's
 * directory must belong to this user and be closed to others' writes. Refused as a configuration error, so the
 * code is still unused when the person fixes the directory and runs the login again.
 */
export async function prepareCliTokenStore(store: TokenStore): Promise<void> {
  if (!(store instanceof FileTokenStore)) return;
  try {
    await store.prepare();
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    throw new ConfigError(error.message, error.hint, { reason: error.reason ?? 'store_file' });
  }
}
