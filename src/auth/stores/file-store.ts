import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { type Clock, systemClock } from '../../core/clock.js';
import { StoreError } from '../../core/errors.js';
import { type Logger, processWarningLogger } from '../../core/logger.js';
import { writeFileAtomic } from './atomic-file.js';
import { TokenCipher } from './encryption.js';
import { type FileLockOptions, withFileLock } from './file-lock.js';
import { FileRefusedError } from './file-refused.js';
import { ensurePrivateDir, perUserPath } from './private-dir.js';
import { MAX_PRIVATE_FILE_BYTES, readPrivateText } from './safe-read.js';
import { type EncodedToken, TokenCodec } from './token-codec.js';
import { type SharedThrottle, type StoredToken, THROTTLE_MEMORY_MS, type TokenStore } from './token-store.js';

export interface FileTokenStoreOptions {
  /**
   * The JSON cache file. Its directory must belong to this user and be closed to others' writes (it is created
   * 0700 when missing); in a sticky directory anyone can write, such as /tmp, the file goes into a directory of
   * this user's own inside it: `<dir>/zbooks-<uid>/<name>`.
   */
  path: string;
  /** Told once when the file is damaged (and treated as empty). Default: process warnings. */
  logger?: Logger;
  /** Encrypt cached tokens at rest (ZBOOKS_STORE_KEY); every process sharing the file needs the same value. */
  encryptionKey?: string;
  /**
   * How long to wait for another process's refresh lock before a StoreError (lock_timeout). Default 20 s (a
   * slow refresh may take 15); never less than staleLockMs + 1 s. Writing the file then waits at most 5 s more
   * for the file's own short write lock.
   */
  lockWaitMs?: number;
  /**
   * A lock whose holder has not been seen alive for this long is abandoned, whatever its timestamp says (a
   * dead pid on this host is, at once). Default 10 s.
   */
  staleLockMs?: number;
  /** Also tighten an existing directory to 0700: only for a directory zbooks owns, like its config dir. */
  privateDir?: boolean;
  /**
   * Decides which entries have expired and can be dropped on the next write, and times the lock waits (their
   * deadline and pauses). Default the system clock.
   */
  clock?: Clock;
  /** The jitter of the lock waits' polls. Default Math.random. */
  random?: () => number;
}

/** A sealed token, with its expiry in the clear so that anyone may drop it once it is worthless. */
interface SealedEntry {
  sealed: string;
  expiresAt: number;
}

type FileEntry = EncodedToken | SealedEntry;

interface CacheFile {
  version: 1;
  entries: Record<string, FileEntry>;
  throttles?: Record<string, SharedThrottle>;
}

/** The file's short read-modify-write lock: held for milliseconds by a live writer. */
const WRITE_LOCK = { waitMs: 5_000, staleMs: 3_000 };

/**
 * Tokens shared by the processes of one machine (cron jobs, CLIs, workers) through one JSON file, 0600 in a
 * directory only this user can write. Readers need no lock: every write replaces the whole file atomically.
 * Writers take a short write lock for their read-modify-write; refreshers hold a per-credential lock
 * (withLock) for the refresh. Every file is read and written through the private-file reader and writer.
 */
export class FileTokenStore implements TokenStore {
  readonly description: string;
  readonly path: string;
  readonly #codec: TokenCodec;
  readonly #log: Logger;
  readonly #lock: FileLockOptions;
  readonly #writeLock: FileLockOptions;
  readonly #privateDir: boolean;
  readonly #perUserDir: boolean;
  readonly #clock: Clock;
  #warnedDamaged = false;

  constructor(options: FileTokenStoreOptions) {
    const placed = perUserPath(resolve(options.path));
    this.path = placed.path;
    this.#perUserDir = placed.perUserDir;
    this.description = `file ${this.path}`;
    this.#codec = new TokenCodec(
      options.encryptionKey ? new TokenCipher(options.encryptionKey) : undefined,
      this.description,
    );
    this.#log = options.logger ?? processWarningLogger;
    this.#clock = options.clock ?? systemClock;
    const waiter = { clock: this.#clock, random: options.random ?? Math.random };
    this.#lock = {
      waitMs: options.lockWaitMs ?? 20_000,
      staleMs: options.staleLockMs ?? 10_000,
      description: this.description,
      ...waiter,
    };
    this.#writeLock = {
      waitMs: WRITE_LOCK.waitMs,
      staleMs: Math.min(this.#lock.staleMs, WRITE_LOCK.staleMs),
      description: this.description,
      ...waiter,
    };
    this.#privateDir = options.privateDir ?? false;
  }

  /**
   * Creates and checks the cache's directory now: for callers that must know the store is usable before they
   * obtain a secret (`zbooks auth login` before it exchanges a grant code).
   */
  async prepare(): Promise<void> {
    await this.#guard('prepare', 'the token cache directory', () => this.#checkDir(true));
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const file = await this.#guard('read', 'the token cache', () => this.#readIfDir());
    return Object.hasOwn(file.entries, key) ? this.#codec.decode(key, unwrap(file.entries[key])) : undefined;
  }

  async set(key: string, value: StoredToken): Promise<void> {
    const encoded = await this.#codec.encode(key, value);
    await this.#update(async (file) => {
      await this.#dropExpired(file);
      const existing = Object.hasOwn(file.entries, key) ? file.entries[key] : undefined;
      // Throws (store_key_mismatch / store_key_missing) for an entry sealed with a key this process lacks:
      // entries are written only by processes that could have read them.
      if (existing !== undefined) await this.#codec.decode(key, unwrap(existing));
      file.entries[key] =
        typeof encoded === 'string' ? { sealed: encoded, expiresAt: value.expiresAt } : encoded;
      return true;
    });
  }

  async delete(key: string, ifAccessToken?: string): Promise<void> {
    await this.#update(async (file) => {
      if (!Object.hasOwn(file.entries, key)) return false;
      if (ifAccessToken !== undefined) {
        const current = await this.#codec.decode(key, unwrap(file.entries[key])).catch(() => undefined);
        if (current?.accessToken !== ifAccessToken) return false;
      }
      delete file.entries[key];
      return true;
    });
  }

  async getThrottle(key: string): Promise<SharedThrottle | undefined> {
    const file = await this.#guard('read', 'the token cache', () => this.#readIfDir());
    const throttles = file.throttles;
    return throttles && Object.hasOwn(throttles, key) ? asThrottle(throttles[key]) : undefined;
  }

  async setThrottle(key: string, value: SharedThrottle | undefined): Promise<void> {
    await this.#update(async (file) => {
      const throttles = file.throttles ?? {};
      if (!value && !Object.hasOwn(throttles, key)) return false;
      if (value) throttles[key] = { until: value.until, strikes: value.strikes };
      else delete throttles[key];
      file.throttles = throttles;
      return true;
    });
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    await this.#guard('lock', 'the token cache directory', () => this.#checkDir(true));
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
      throw fsError('lock', 'the token lock', this.path, error);
    }
  }

  /** Read-modify-write under the write lock, so two writers never lose each other's entries. */
  async #update(change: (file: CacheFile) => Promise<boolean>): Promise<void> {
    await this.#guard('write', 'the token cache', async () => {
      await this.#checkDir(true);
      await withFileLock(`${this.path}.write.lock`, this.#writeLock, async () => {
        const file = await this.#read();
        if (!(await change(file))) return;
        this.#dropOldThrottles(file);
        const text = `${JSON.stringify(file, null, 2)}\n`;
        if (Buffer.byteLength(text) > MAX_PRIVATE_FILE_BYTES) {
          throw new StoreError(
            `The token cache ${this.path} would grow past 1 MiB; not writing it.`,
            'Something is filling it with entries: delete the file (it holds only access tokens, minted again as needed).',
            { reason: 'store_file_too_large' },
          );
        }
        await writeFileAtomic(this.path, text);
      });
    });
  }

  async #checkDir(create: boolean): Promise<boolean> {
    return ensurePrivateDir(dirname(this.path), {
      create,
      tighten: this.#privateDir,
      noSymlink: this.#perUserDir,
      elsewhere: 'ZBOOKS_TOKEN_STORE=file:<path>',
    });
  }

  /** Nothing to read from a directory that does not exist yet; one that exists must pass the checks first. */
  async #readIfDir(): Promise<CacheFile> {
    return (await this.#checkDir(false)) ? this.#read() : emptyFile();
  }

  async #read(): Promise<CacheFile> {
    const text = await readPrivateText(this.path);
    if (text === undefined) return emptyFile();
    const parsed = parseCacheFile(text);
    if (parsed) {
      this.#warnedDamaged = false;
      return parsed;
    }
    // A damaged cache costs one refresh, not a failure: say so once, then it is rewritten on the next save.
    if (!this.#warnedDamaged) {
      this.#warnedDamaged = true;
      this.#log.warn(
        `zbooks: the token cache ${this.path} is damaged (not the JSON zbooks writes); treating it as empty, it is rewritten at the next refresh.`,
      );
    }
    return emptyFile();
  }

  async #dropExpired(file: CacheFile): Promise<void> {
    const now = this.#clock.now();
    for (const [key, value] of Object.entries(file.entries)) {
      if (isSealedEntry(value)) {
        // Its expiry is in the clear: an expired token is worthless, whoever sealed it.
        if (value.expiresAt <= now) delete file.entries[key];
        continue;
      }
      // Other entries this process cannot read (another key) are left alone: they are not ours to judge.
      const token = await this.#codec.decode(key, value).catch(() => undefined);
      if (token && token.expiresAt <= now) delete file.entries[key];
    }
  }

  #dropOldThrottles(file: CacheFile): void {
    if (!file.throttles) return;
    const now = this.#clock.now();
    for (const [key, value] of Object.entries(file.throttles)) {
      if (!asThrottle(value) || value.until + THROTTLE_MEMORY_MS <= now) delete file.throttles[key];
    }
    if (Object.keys(file.throttles).length === 0) delete file.throttles;
  }

  async #guard<T>(what: string, subject: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw error instanceof StoreError ? error : fsError(what, subject, this.path, error);
    }
  }
}

function emptyFile(): CacheFile {
  return { version: 1, entries: {} };
}

function isSealedEntry(value: unknown): value is SealedEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<SealedEntry>;
  return typeof v.sealed === 'string' && typeof v.expiresAt === 'number';
}

/** What the codec decodes: the sealed string of a sealed entry, the entry itself otherwise. */
function unwrap(value: FileEntry | undefined): unknown {
  return isSealedEntry(value) ? value.sealed : value;
}

function asThrottle(value: unknown): SharedThrottle | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<SharedThrottle>;
  return Number.isFinite(v.until) && Number.isSafeInteger(v.strikes)
    ? { until: v.until as number, strikes: v.strikes as number }
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseCacheFile(text: string): CacheFile | undefined {
  try {
    const value = JSON.parse(text) as Partial<CacheFile>;
    if (value?.version === 1 && isRecord(value.entries)) {
      const file: CacheFile = { version: 1, entries: value.entries as CacheFile['entries'] };
      if (isRecord(value.throttles)) file.throttles = value.throttles as CacheFile['throttles'];
      return file;
    }
  } catch {
    // Damaged: the caller warns.
  }
  return undefined;
}

/** Names the file and the OS error code only: never the content, which may hold a token. */
function fsError(what: string, subject: string, path: string, error: unknown): StoreError {
  if (error instanceof FileRefusedError) {
    return error.toStoreError(error.path === path ? subject : `${subject} ${path}`);
  }
  const code = (error as NodeJS.ErrnoException)?.code ?? 'unknown error';
  return new StoreError(
    `Cannot ${what} the token cache ${path} (${code}).`,
    'Check that its directory exists and is writable by this user, or choose another place with ZBOOKS_TOKEN_STORE=file:<path>.',
    { reason: 'store_file', cause: error },
  );
}
