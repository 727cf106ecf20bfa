import { join, resolve } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { describeRedisUrl } from '../../core/redis-connection.js';
import { STORE_KEY_ENV } from './encryption.js';
import { FileTokenStore } from './file-store.js';
import { MemoryTokenStore } from './memory-store.js';
import { RedisTokenStore } from './redis-store.js';
import type { TokenStore } from './token-store.js';

export const TOKEN_STORE_ENV = 'ZBOOKS_TOKEN_STORE';
/** The file `file` (without a path) means, inside the config dir. */
const DEFAULT_CACHE_FILE = 'token-cache.json';

export type TokenStoreSpec =
  | { kind: 'memory' }
  | { kind: 'file'; path: string | undefined }
  | { kind: 'redis'; url: string };

export interface OpenTokenStoreOptions {
  /** Where `file` (without a path) keeps its cache: `<configDir>/token-cache.json`. */
  configDir?: string;
  /** Told about a damaged cache file. */
  logger?: Logger;
  /** Encrypts cached tokens at rest in file and Redis stores (the value of ZBOOKS_STORE_KEY). */
  encryptionKey?: string;
  /** The stores' clock: expiries and lock waits. Default the system clock. */
  clock?: Clock;
  /** The jitter of the stores' lock waits. Default Math.random. */
  random?: () => number;
}

const ACCEPTED = 'memory, file, file:<path>, or redis://host:port/db (rediss:// for TLS)';

/**
 * Reads a store spec: `memory`, `file`, `file:<path>`, `redis://host:port/db`. A bad spec is a ConfigError
 * naming the accepted forms; the spec itself is not echoed, since a Redis URL may carry a password.
 */
export function parseTokenStoreSpec(spec: string): TokenStoreSpec {
  const text = spec.trim();
  if (text === 'memory') return { kind: 'memory' };
  if (text === 'file') return { kind: 'file', path: undefined };
  if (text.startsWith('file:')) {
    const path = text.slice('file:'.length);
    if (!path) throw badSpec('file: needs a path after the colon');
    return { kind: 'file', path: resolve(path) };
  }
  if (/^rediss?:\/\//.test(text)) {
    describeRedisUrl(text);
    return { kind: 'redis', url: text };
  }
  const scheme = /^[a-z][a-z0-9+.-]{0,15}(?=:)/i.exec(text)?.[0];
  throw badSpec(scheme ? `"${scheme}:" is not a kind of store` : 'not one of the accepted forms');
}

/** Opens the store a spec names (see parseTokenStoreSpec); nothing connects until the first call. */
export function openTokenStore(spec: string, options: OpenTokenStoreOptions = {}): TokenStore {
  const parsed = parseTokenStoreSpec(spec);
  const encryptionKey = options.encryptionKey || undefined;
  const clock = {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
  };
  switch (parsed.kind) {
    case 'memory':
      return new MemoryTokenStore();
    case 'file': {
      if (!parsed.path && !options.configDir) {
        throw new ConfigError(
          `${TOKEN_STORE_ENV}=file needs a config directory to put the cache in.`,
          'Use file:<path>, or pass configDir.',
        );
      }
      return new FileTokenStore({
        path: parsed.path ?? join(options.configDir!, DEFAULT_CACHE_FILE),
        // zbooks's own config dir is tightened to 0700; a directory a user named is only created that way.
        privateDir: !parsed.path,
        ...(options.logger ? { logger: options.logger } : {}),
        ...(encryptionKey ? { encryptionKey } : {}),
        ...clock,
      });
    }
    case 'redis':
      return new RedisTokenStore({ url: parsed.url, ...(encryptionKey ? { encryptionKey } : {}), ...clock });
  }
}

/**
 * The store an environment asks for: ZBOOKS_TOKEN_STORE (or `fallback` when unset) and ZBOOKS_STORE_KEY.
 * Libraries default to `memory`; the CLI passes `file`.
 */
export function tokenStoreFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: OpenTokenStoreOptions & { fallback?: string } = {},
): TokenStore {
  const { fallback = 'memory', ...rest } = options;
  const spec = env[TOKEN_STORE_ENV]?.trim() || fallback;
  const encryptionKey = env[STORE_KEY_ENV] || rest.encryptionKey;
  return openTokenStore(spec, { ...rest, ...(encryptionKey ? { encryptionKey } : {}) });
}

function badSpec(problem: string): ConfigError {
  return new ConfigError(`${TOKEN_STORE_ENV} is not a token store spec (${problem}).`, `Use ${ACCEPTED}.`);
}
