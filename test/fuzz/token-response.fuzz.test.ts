import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTokenResponse, type ResponseContext } from '../../src/auth/token-response.js';
import { normalizeBaseUrl } from '../../src/core/data-centres.js';
import { isZbooksError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';

const RUNS = { numRuns: 1000 };
const SECRET = 'f00dfacef00dfacef00dfacef00dfacef00dface42';
const REFRESH = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';

const ctx = (grantType: ResponseContext['grantType']): ResponseContext => ({
  grantType,
  accountsUrl: 'https://accounts.zoho.eu',
  clientId: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
  receivedAt: 1_800_000_000_000,
  fallbackApiDomain: 'https://www.zohoapis.eu',
  throttleRetryMs: 60_000,
  secrets: [SECRET, REFRESH],
});

/** Bodies a token endpoint (or something in front of it) might send. */
const bodies = fc.oneof(
  fc.json(),
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '<html><body>502 Bad Gateway</body></html>',
    '{"access_token":',
    'null',
    '[]',
    '"x"',
  ),
  fc
    .record({
      access_token: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      expires_in: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
      expires_in_sec: fc.option(fc.oneof(fc.integer(), fc.string())),
      api_domain: fc.option(fc.oneof(fc.webUrl(), fc.integer())),
      scope: fc.option(fc.string()),
      error: fc.option(
        fc.oneof(
          fc.constantFrom('invalid_code', 'invalid_client', 'Access Denied', 'invalid_client_secret'),
          fc.string(),
        ),
      ),
    })
    .map((o) => JSON.stringify(o)),
  // Secrets echoed back by a misbehaving server must not reach an error message.
  fc.constantFrom(
    `{"error":"${SECRET}"}`,
    `<p>refresh_token=${REFRESH}</p>`,
    `{"error":"bad","client_secret":"${SECRET}"}`,
  ),
);

describe('fuzz: token endpoint answers', () => {
  it('always a well-formed token or a typed error without secrets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        bodies,
        fc.constantFrom('authorization_code', 'refresh_token', 'client_credentials') as fc.Arbitrary<
          ResponseContext['grantType']
        >,
        (status, text, grant) => {
          try {
            const token = parseTokenResponse(status, text, ctx(grant));
            expect(typeof token.accessToken).toBe('string');
            expect(token.accessToken.length).toBeGreaterThan(0);
            expect(Number.isFinite(token.expiresAt)).toBe(true);
            expect(token.expiresAt).toBeGreaterThan(ctx(grant).receivedAt);
            expect(typeof token.apiDomain).toBe('string');
          } catch (error) {
            expect(isZbooksError(error)).toBe(true);
            const e = error as Error & { hint: string };
            const shown = `${e.message} ${e.hint}`;
            expect(shown).not.toContain(SECRET);
            expect(shown).not.toContain(REFRESH);
            expect(shown).not.toMatch(/undefined|\[object Object\]/);
            expect(e.message.length).toBeLessThan(400);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('fuzz: configuration values', () => {
  it('a URL setting is either a clean https/loopback base URL or a configuration error', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()),
        (value) => {
          try {
            const url = new URL(normalizeBaseUrl(value, 'ZOHO_ACCOUNTS_URL'));
            expect(
              url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname),
            ).toBe(true);
            expect(url.search).toBe('');
          } catch (error) {
            expect(isZbooksError(error) && error.kind).toBe('config');
          }
        },
      ),
      RUNS,
    );
  });

  it('redaction removes every known secret from any text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 6 }), fc.string(), (before, secret, after) => {
        expect(redact(`${before}${secret}${after}`, [secret])).not.toContain(secret);
      }),
      RUNS,
    );
  });
});
