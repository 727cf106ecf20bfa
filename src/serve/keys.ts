import { createHash, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextIfExists, writeFileAtomic } from '../auth/stores/atomic-file.js';
import { ConfigError } from '../core/errors.js';

/** What one key may do. Absent lists mean "any". */
export interface KeyPolicy {
  readOnly: boolean;
  /** May call GET /v1/token (a raw token carries the refresh token's whole scope). */
  token: boolean;
  modules?: string[];
  operations?: string[];
  organizations?: string[];
  profiles?: string[];
}

export interface KeyEntry extends KeyPolicy {
  name: string;
  /** `sha256:<hex>` of the key: keys are 256 random bits, so a fast hash is enough and costs ~1 µs a call. */
  hash: string;
  createdAt: string;
}

interface KeyFile {
  version: 1;
  keys: KeyEntry[];
}

const KEYS_FILE = 'serve-keys.json';
const KEY_PREFIX = 'zbk_';
/** A running gateway looks at the file at most this often (a stat), so adds and revokes apply without restart. */
const RECHECK_MS = 200;

export const keysPath = (configDir: string) => join(configDir, KEYS_FILE);

export function hashKey(key: string): string {
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** Reads the key file (0600, written only by writeFileAtomic); an absent file is no keys. */
export async function readKeyFile(path: string): Promise<KeyEntry[]> {
  const text = await readTextIfExists(path);
  if (text === undefined) return [];
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(text) as KeyFile;
  } catch {
    throw new ConfigError(
      `The key file ${path} is not valid JSON.`,
      'Restore it or remove it and add keys again.',
    );
  }
  if (parsed?.version !== 1 || !Array.isArray(parsed.keys)) {
    throw new ConfigError(`The key file ${path} is not one zbooks wrote.`, 'Remove it and add keys again.');
  }
  return parsed.keys.filter((k) => typeof k?.name === 'string' && typeof k.hash === 'string');
}

async function writeKeyFile(path: string, keys: KeyEntry[]): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify({ version: 1, keys } satisfies KeyFile, null, 2)}\n`);
}

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Adds a key named `name` with `policy`; answers the key itself, which is shown once and never stored. */
export async function addKey(path: string, name: string, policy: KeyPolicy, now: Date): Promise<string> {
  if (!KEY_NAME.test(name)) {
    throw new ConfigError(
      `"${name.slice(0, 64)}" cannot be a key name.`,
      'Use letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters.',
    );
  }
  const keys = await readKeyFile(path);
  if (keys.some((k) => k.name === name)) {
    throw new ConfigError(
      `A key named "${name}" exists already.`,
      `Revoke it first: zbooks serve keys revoke ${name}`,
    );
  }
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  keys.push({ name, hash: hashKey(key), createdAt: now.toISOString(), ...policy });
  await writeKeyFile(path, keys);
  return key;
}

/** Removes the key named `name`; false when there was none. */
export async function revokeKey(path: string, name: string): Promise<boolean> {
  const keys = await readKeyFile(path);
  const kept = keys.filter((k) => k.name !== name);
  if (kept.length === keys.length) return false;
  await writeKeyFile(path, kept);
  return true;
}

/**
 * The keys a running gateway accepts, re-read when the file changes (checked by a stat at most every
 * RECHECK_MS, so the cost per call is nil and a revoke applies within a fraction of a second).
 */
export class KeyRing {
  readonly #path: string;
  #byHash = new Map<string, KeyEntry>();
  #signature = '';
  #checkedAt = 0;
  #checking: Promise<void> | undefined;
  #onError: (message: string) => void;

  constructor(options: { path: string; onError: (message: string) => void }) {
    this.#path = options.path;
    this.#onError = options.onError;
  }

  /** Loads the file now (at start-up: a broken file stops the start). */
  async load(): Promise<void> {
    await this.#reload(true);
  }

  get size(): number {
    return this.#byHash.size;
  }

  /** Re-reads the file if it changed (looked at no more often than every RECHECK_MS). */
  async refresh(): Promise<void> {
    if (Date.now() - this.#checkedAt < RECHECK_MS) return;
    this.#checking ??= this.#reload(false).finally(() => {
      this.#checking = undefined;
    });
    await this.#checking;
  }

  /** The entry of a presented key, or undefined (call refresh() first). */
  find(key: string): KeyEntry | undefined {
    return this.#byHash.get(hashKey(key));
  }

  async #reload(strict: boolean): Promise<void> {
    this.#checkedAt = Date.now();
    let signature = 'absent';
    try {
      const info = await stat(this.#path);
      signature = `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (signature === this.#signature) return;
    try {
      const keys = await readKeyFile(this.#path);
      this.#byHash = new Map(keys.map((k) => [k.hash, k]));
      this.#signature = signature;
    } catch (error) {
      if (strict) throw error;
      // A half-edited file keeps the keys in force rather than locking everyone out; said once per change.
      this.#signature = signature;
      this.#onError(
        `the key file could not be read (${(error as Error).message}); the previous keys stay in force`,
      );
    }
  }
}
