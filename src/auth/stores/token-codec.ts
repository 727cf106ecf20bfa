import { missingKeyError, TokenCipher } from './encryption.js';
import { asStoredToken } from './stored-token-shape.js';
import type { StoredToken } from './token-store.js';

/** A cached entry as a store keeps it: the token itself, or a string sealed by a TokenCipher. */
export type EncodedToken = StoredToken | string;

/**
 * Turns tokens into what file and Redis stores keep, and back. With a cipher, only sealed entries are
 * trusted: a plaintext entry (from before encryption was switched on, or planted by someone who can write the
 * store) reads as absent, and is replaced at the next refresh.
 */
export class TokenCodec {
  readonly #cipher: TokenCipher | undefined;
  readonly #where: string;

  /** `where` names the store in errors, e.g. "file /home/me/.config/zbooks/token-cache.json". */
  constructor(cipher: TokenCipher | undefined, where: string) {
    this.#cipher = cipher;
    this.#where = where;
  }

  async encode(key: string, token: StoredToken): Promise<EncodedToken> {
    const plain: StoredToken = {
      accessToken: token.accessToken,
      expiresAt: token.expiresAt,
      apiDomain: token.apiDomain,
      ...(token.scope ? { scope: token.scope } : {}),
      ...(token.refusedScopes?.length ? { refusedScopes: token.refusedScopes } : {}),
      obtainedAt: token.obtainedAt,
    };
    return this.#cipher ? this.#cipher.seal(JSON.stringify(plain), key) : plain;
  }

  /** The id of the key entries are sealed with here, '' without one (see TokenCipher.keyId). */
  keyId(): Promise<string> {
    return this.#cipher ? this.#cipher.keyId() : Promise.resolve('');
  }

  /** The token, or undefined for an entry that is not one of ours; a StoreError for one we cannot open. */
  async decode(key: string, raw: unknown): Promise<StoredToken | undefined> {
    if (typeof raw === 'string' && TokenCipher.isSealed(raw)) {
      if (!this.#cipher) throw missingKeyError(this.#where);
      return asStoredToken(parseJson(await this.#cipher.open(raw, key, this.#where)));
    }
    if (this.#cipher) return undefined;
    return asStoredToken(typeof raw === 'string' ? parseJson(raw) : raw);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
