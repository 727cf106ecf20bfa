import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/auth/stores/file-store.js';
import { readProfiles } from '../../src/cli/profile-file.js';
import { isZbooksError } from '../../src/core/errors.js';
import { decodeResponse } from '../../src/http/decode.js';
import { parseBody } from '../../src/http/json.js';
import { type HttpRequest, HttpResponse } from '../../src/http/types.js';

const RUNS = { numRuns: 1000 };
const TOKEN = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';

const envelopes = fc.oneof(
  fc
    .record({
      code: fc.oneof(fc.constant(0), fc.integer({ min: -5, max: 10000 }), fc.string(), fc.constant(null)),
      message: fc.oneof(fc.string(), fc.constant(`token ${TOKEN} rejected`), fc.integer()),
      invoices: fc.option(
        fc.array(
          fc.record({
            invoice_id: fc.oneof(fc.string(), fc.bigInt({ min: 10n ** 15n, max: 10n ** 19n - 1n })),
            total: fc.double(),
          }),
        ),
      ),
      page_context: fc.option(
        fc.oneof(fc.record({ page: fc.integer(), has_more_page: fc.boolean() }), fc.array(fc.anything())),
      ),
    })
    .map((o) =>
      JSON.stringify(o, (_, v) => (typeof v === 'bigint' ? `@@${v}@@` : v)).replace(/"@@(\d+)@@"/g, '$1'),
    ),
  fc.json(),
  fc.string(),
  fc.constantFrom(
    '',
    '<html><body>Bad gateway</body></html>',
    '{"code":0,"invoices":[{"invoice_id":12',
    `{"code":57,"message":"${TOKEN}"}`,
  ),
);
const types = fc.constantFrom(
  'application/json;charset=UTF-8',
  'text/html',
  'application/pdf',
  '',
  'text/plain',
);

const request: HttpRequest = {
  method: 'GET',
  path: '/invoices',
  organizationId: '123',
  scope: 'ZohoBooks.invoices.READ',
  operationId: 'list_invoices',
};

describe('fuzz: Books answers', () => {
  it('any status, type and body: an envelope, a file, or a typed error that names no secret', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), types, envelopes, (status, type, text) => {
        const headers = new Headers(type ? { 'content-type': type } : {});
        const response = new HttpResponse(status, headers, new TextEncoder().encode(text), parseBody);
        try {
          // No secrets passed, as the pipeline calls it: token shapes must be redacted on their own.
          const value = decodeResponse(response, request, Date.now());
          expect(value && typeof value === 'object').toBe(true);
        } catch (error) {
          expect(isZbooksError(error)).toBe(true);
          const shown = `${String(error)} ${(error as { hint: string }).hint} ${inspect(error, { depth: 5 })}`;
          expect(shown).not.toContain(TOKEN);
          expect((error as Error).message).not.toMatch(/undefined|\[object Object\]/);
        }
      }),
      RUNS,
    );
  });

  it('ids of 16 to 19 digits sent as bare numbers arrive as exact strings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 15n, max: 10n ** 19n - 1n }), (id) => {
        const parsed = parseBody(`{"code":0,"invoice":{"invoice_id":${id},"total":12.5,"note":"${id}"}}`);
        expect(parsed.kind).toBe('json');
        const invoice = (parsed as unknown as { value: { invoice: Record<string, unknown> } }).value.invoice;
        expect(invoice.invoice_id).toBe(String(id));
        expect(invoice.total).toBe(12.5);
        expect(invoice.note).toBe(String(id));
      }),
      RUNS,
    );
  });
});

describe('fuzz: files zbooks reads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zbooks-fuzz-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const contents = fc.oneof(
    fc.json(),
    fc.string(),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.constantFrom('', '{"version":1,"profiles":', 'null', '[]'),
  );

  it('a damaged profile file is a configuration error, never a crash or a silent reset', async () => {
    await fc.assert(
      fc.asyncProperty(contents, async (text) => {
        await writeFile(join(dir, 'profiles.json'), text);
        try {
          const file = await readProfiles(dir);
          expect(typeof file.profiles).toBe('object');
        } catch (error) {
          expect(isZbooksError(error) && error.kind).toBe('config');
        }
      }),
      RUNS,
    );
  });

  it('a damaged token cache reads as empty (with a warning), never as a bogus token', async () => {
    const warnings: string[] = [];
    const path = join(dir, 'token-cache.json');
    const store = new FileTokenStore({ path, logger: { warn: (m) => warnings.push(m) } });
    await fc.assert(
      fc.asyncProperty(contents, async (text) => {
        await writeFile(path, text);
        const token = await store.get('zbooks:v1:accounts.zoho.com:1000.X:abc');
        if (token !== undefined) {
          expect(typeof token.accessToken).toBe('string');
          expect(Number.isFinite(token.expiresAt)).toBe(true);
        }
      }),
      RUNS,
    );
    for (const w of warnings) expect(w).not.toContain(TOKEN);
  });
});
