import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { type Clock, systemClock } from '../../core/clock.js';
import { StoreError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { ensureDir, readTextIfExists, writeFileAtomic } from './atomic-file.js';
import { TokenCipher } from './encryption.js';
import { withFileLock } from './file-lock.js';
import { type EncodedToken, TokenCodec } from './token-codec.js';
import type { StoredToken, TokenStore } from './token-store.js';

export interface FileTokenStoreOptions {
  /** The JSON cache file; its directory is created 0700 when missing. */
  path: string;
  /** Told once when the file is damaged (and treated as empty). */
  logger?: Logger;
  /** Encrypt cached tokens at rest (ZBOOKS_STORE_KEY); every process sharing the file needs the same value. */
  encryptionKey?: string;
  /** How long to wait for another process's lock before a StoreError. Default 20 s (a slow refresh may take 15). */
  lockWaitMs?: number;
  /** A lock not touched by its holder for this long is abandoned (a dead pid on this host is, at once). Default 10 s. */
  staleLockMs?: number;
  /** Also tighten an existing directory to 0700: only for a directory zbooks owns, like its config dir. */
  privateDir?: boolean;
  /** Decides which entries have expired and can be dropped on the next write. */
  clock?: Clock;
}

interface CacheFile {
  version: 1;
  entries: Record<string, EncodedToken>;
}

/**
 * Tokens shared by the processes of one machine (cron jobs, CLIs, workers) through one JSON file, 0600 in a
 * 0700 directory. Readers need no lock: every write replaces the whole file atomically. Writers take a short
 * write lock for their read-modify-write; refreshers hold a per-credential lock (withLock) for the refresh.
 */
export class FileTokenStore implements TokenStore {
  readonly description: string;
  readonly path: string;
  readonly #codec: TokenCodec;
  readonly #log: Logger | undefined;
  readonly #lock: { waitMs: number; staleMs: number; description: string };
  readonly #privateDir: boolean;
  readonly #clock: Clock;
  #warnedDamaged = false;

  constructor(options: FileTokenStoreOptions) {
    this.path = resolve(options.path);
    this.description = `file ${this.path}`;
    this.#codec = new TokenCodec(
      options.encryptionKey ? new TokenCipher(options.encryptionKey) : undefined,
      this.description,
    );
    this.#log = options.logger;
    this.#lock = {
      waitMs: options.lockWaitMs ?? 20_000,
      staleMs: options.staleLockMs ?? 10_000,
      description: this.description,
    };
    this.#privateDir = options.privateDir ?? false;
    this.#clock = options.clock ?? systemClock;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const file = await this.#guard('read', () => this.#read());
    return Object.hasOwn(file.entries, key) ? this.#codec.decode(key, file.entries[key]) : undefined;
  }

  async set(key: string, value: StoredToken): Promise<void> {
    const encoded = await this.#codec.encode(key, value);
    await this.#update(async (entries) => {
      await this.#dropExpired(entries);
      entries[key] = encoded;
      return true;
    });
  }

  async delete(key: string, ifAccessToken?: string): Promise<void> {
    await this.#update(async (entries) => {
      if (!Object.hasOwn(entries, key)) return false;
      if (ifAccessToken !== undefined) {
        const current = await this.#codec.decode(key, entries[key]).catch(() => undefined);
        if (current?.accessToken !== ifAccessToken) return false;
      }
      delete entries[key];
      return true;
    });
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    await this.#guard('lock', () => ensureDir(dirname(this.path), this.#privateDir));
    // One lock file per credential (named by a hash: keys hold colons), so unrelated profiles never wait.
    const lockPath = `${this.path}.${createHash('sha256').update(key).digest('hex').slice(0, 16)}.lock`;
    let inside = false;
    try {
      return await withFileLock(lockPath, this.#lock, () => {
        inside = true;
        return fn();
      });
    } catch (error) {
      // Errors from fn are the caller's own; only the lock's failures become StoreErrors.
      if (inside || error instanceof StoreError) throw error;
      throw fsError('lock', this.path, error);
    }
  }

  /** Read-modify-write under the write lock, so two writers never lose each other's entries. */
  async #update(change: (entries: Record<string, EncodedToken>) => Promise<boolean>): Promise<void> {
    await this.#guard('write', async () => {
      await ensureDir(dirname(this.path), this.#privateDir);
      await withFileLock(`${this.path}.write.lock`, this.#lock, async () => {
        const file = await this.#read();
        if (await change(file.entries))
          await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
      });
    });
  }

  async #read(): Promise<CacheFile> {
    const text = await readTextIfExists(this.path);
    if (text === undefined) return emptyFile();
    const parsed = parseCacheFile(text);
    if (parsed) {
      this.#warnedDamaged = false;
      return parsed;
    }
    // A damaged cache costs one refresh, not a failure: say so once, then it is rewritten on the next save.
    if (!this.#warnedDamaged) {
      this.#warnedDamaged = true;
      this.#log?.warn(
        `zbooks: the token cache ${this.path} is damaged (not the JSON zbooks writes); treating it as empty, it is rewritten at the next refresh.`,
      );
    }
    return emptyFile();
  }

  async #dropExpired(entries: Record<string, EncodedToken>): Promise<void> {
    const now = this.#clock.now();
    for (const [key, value] of Object.entries(entries)) {
      // Entries this process cannot read (another key) are left alone: they are not ours to judge.
      const token = await this.#codec.decode(key, value).catch(() => undefined);
      if (token && token.expiresAt <= now) delete entries[key];
    }
  }

  async #guard<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw error instanceof StoreError ? error : fsError(what, this.path, error);
    }
  }
}

function emptyFile(): CacheFile {
  return { version: 1, entries: {} };
}

function parseCacheFile(text: string): CacheFile | undefined {
  try {
    const value = JSON.parse(text) as Partial<CacheFile>;
    const entries = value?.entries;
    if (value?.version === 1 && typeof entries === 'object' && entries !== null && !Array.isArray(entries)) {
      return { version: 1, entries };
    }
  } catch {
    // Damaged: the caller warns.
  }
  return undefined;
}

/** Names the file and the OS error code only: never the content, which may hold a token. */
function fsError(what: string, path: string, error: unknown): StoreError {
  const code = (error as NodeJS.ErrnoException)?.code ?? 'unknown error';
  return new StoreError(
    `Cannot ${what} the token cache ${path} (${code}).`,
    'Check that its directory exists and is writable by this user, or choose another place with ZBOOKS_TOKEN_STORE=file:<path>.',
    { code: 'store_file', cause: error },
  );
}
