import { MemoryTokenStore } from '../auth/stores/memory-store.js';
import type { TokenStore } from '../auth/stores/token-store.js';
import type { ResolvedSettings } from './settings.js';

/** The store the CLI uses for a run: ZBOOKS_TOKEN_STORE, or the default. */
export async function openCliTokenStore(_settings: ResolvedSettings): Promise<TokenStore> {
  return new MemoryTokenStore();
}
