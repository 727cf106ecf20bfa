import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt } from 'node:crypto';
import { ConfigError, StoreError } from '../../core/errors.js';

/** Marks a sealed value, so a plaintext entry is never mistaken for one (and the format can change later). */
const PREFIX = 'zbenc1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SECRET_LENGTH = 16;
/**
 * A fixed salt: every process of a fleet must derive the same key from the same ZBOOKS_STORE_KEY without
 * sharing anything else. scrypt's cost still makes guessing a weak passphrase slow.
 */
const SALT = 'zbooks token store v1';
const SCRYPT = { N: 2 ** 14, r: 8, p: 1 };

export const STORE_KEY_ENV = 'ZBOOKS_STORE_KEY';

/**
 * AES-256-GCM for cached tokens at rest (file and Redis stores). The entry's cache key is authenticated with
 * it, so a sealed token copied under another key, edited, or sealed with another secret is refused, never
 * returned as garbage.
 */
export class TokenCipher {
  readonly #key: Promise<Buffer>;
  #keyId: Promise<string> | undefined;

  constructor(secret: string) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        `${STORE_KEY_ENV} is too short to encrypt cached tokens (at least ${MIN_SECRET_LENGTH} characters).`,
        `Generate one with \`openssl rand -base64 32\` and give every process that shares the store the same value.`,
      );
    }
    this.#key = new Promise((resolve, reject) =>
      scrypt(secret, SALT, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
    );
    // Derivation errors surface on first use; never as an unhandled rejection.
    this.#key.catch(() => {});
  }

  /**
   * A short public name of the key (an HMAC of a fixed label under it): equal for processes sharing a
   * ZBOOKS_STORE_KEY, different otherwise, and saying nothing about the key itself. Redis keeps it beside each
   * entry so that a process with another key can be refused the overwrite inside Redis, atomically.
   */
  keyId(): Promise<string> {
    this.#keyId ??= this.#key.then((key) =>
      createHmac('sha256', key).update('zbooks store key id v1').digest('hex').slice(0, 16),
    );
    return this.#keyId;
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  async seal(plaintext: string, context: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.')}`;
  }

  /** The plaintext, or a StoreError when the value was sealed with another key, for another entry, or altered. */
  async open(sealed: string, context: string, where: string): Promise<string> {
    const [iv, tag, data] = sealed
      .slice(PREFIX.length)
      .split('.')
      .map((part) => Buffer.from(part, 'base64url'));
    try {
      if (!iv || !tag || !data || iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
        throw new Error('shape');
      const decipher = createDecipheriv('aes-256-gcm', await this.#key, iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      throw wrongKeyError(where);
    }
  }
}

export function wrongKeyError(where: string): StoreError {
  return new StoreError(
    `The cached token in ${where} cannot be decrypted with this ${STORE_KEY_ENV} (another key sealed it, or it was altered).`,
    `Give every process sharing the store the same ${STORE_KEY_ENV}, or delete the cached entry to start over.`,
    { reason: 'store_key_mismatch' },
  );
}

export function missingKeyError(where: string): StoreError {
  return new StoreError(
    `The cached token in ${where} is encrypted, and ${STORE_KEY_ENV} is not set in this process.`,
    `Set ${STORE_KEY_ENV} to the value the other processes sharing the store use.`,
    { reason: 'store_key_missing' },
  );
}
