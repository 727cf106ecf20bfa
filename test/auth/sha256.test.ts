import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenCacheKey } from '../../src/auth/cache-key.js';
import { sha256Hex } from '../../src/auth/sha256.js';

const nodeSha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the cache key hash without node:crypto', () => {
  it('is SHA-256: the standard vectors, and node:crypto on any string (lone surrogates, every block edge)', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let length = 0; length < 200; length++)
      expect(sha256Hex('é'.repeat(length))).toBe(nodeSha256('é'.repeat(length)));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(nodeSha256(text));
      }),
      { numRuns: 500 },
    );
  });

  it('keys are those the library wrote with node:crypto: tokens already cached are still found', () => {
    const accountsUrl = 'https://accounts.zoho.eu';
    const clientId = '1000.ABCDEF';
    const refreshToken = '1000.0123456789abcdef.fedcba9876543210';
    const before = nodeSha256(`${accountsUrl}\n${clientId}\n${refreshToken}`).slice(0, 24);
    expect(tokenCacheKey(accountsUrl, clientId, refreshToken)).toBe(
      `zbooks:v1:accounts.zoho.eu:${clientId}:${before}`,
    );
  });
});
