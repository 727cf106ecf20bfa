import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/core/errors.js';
import { InvalidUrlError, MalformedResponseError, ScopeError, ServerError } from '../../src/http/errors.js';
import { parseBody, quoteIds } from '../../src/http/json.js';
import { textOfError, type World, world } from '../books/world.js';

let w: World<[]>;
let server: Server | undefined;
afterEach(async () => {
  await w?.close();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

const once = { retry: { maxAttempts: 1 } };

describe('one error factory: (HTTP status, Zoho body) → typed error with code, status and hint', () => {
  it('a non-zero code inside an HTTP 200 is an error, of the class its code has with any status', async () => {
    w = await world({ books: once });
    w.emu.injectFault({ target: 'books', kind: 'status', status: 200 });
    const error = (await w.books.listOrganizations().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 200, code: 1000, kind: 'network' });
    expect(error.message).toBe(
      'Zoho Books failed on GET /organizations (HTTP 200, code 1000): Internal error',
    );
    expect(error.hint).not.toBe('');
  });

  it('404 code 5 (invalid URL) is an InvalidUrlError, 405 an ApiError saying so', async () => {
    w = await world();
    const org = w.seed.organizations[0]!.organization_id;
    const missing = await w.books.request('GET', '/no-such-thing', { organizationId: org }).catch((e) => e);
    expect(missing).toBeInstanceOf(InvalidUrlError);
    expect(missing).toMatchObject({ status: 404, code: 5 });
    const wrongMethod = await w.books.request('DELETE', '/organizations').catch((e) => e);
    expect(wrongMethod).toBeInstanceOf(ApiError);
    expect(wrongMethod).toMatchObject({ status: 405 });
    expect((wrongMethod as ApiError).hint).toMatch(/does not accept this method/);
  });

  it.each([
    ['html', ServerError, /HTML page/],
    ['empty', MalformedResponseError, /empty body/],
    ['truncated', MalformedResponseError, /truncated or non-JSON body/],
  ] as const)('a %s answer is a typed error', async (kind, type, text) => {
    w = await world({ books: once });
    w.emu.injectFault({ target: 'books', kind });
    const error = await w.books.listOrganizations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(text);
    for (const secret of w.secrets()) expect(textOfError(error)).not.toContain(secret);
  });

  it('keeps secrets out of every error (messages, hints, causes)', async () => {
    w = await world({
      books: { retry: { maxAttempts: 1, maxRateLimitRetries: 0 } },
      scope: 'ZohoBooks.settings.READ',
    });
    const errors: unknown[] = [];
    for (const kind of ['html', 'empty', 'truncated', 'drop', 'status', 'throttle'] as const) {
      w.emu.injectFault({ target: 'books', kind });
      errors.push(await w.books.listOrganizations().catch((e: unknown) => e));
    }
    // A scope error after a refresh and a replay: the raw path has no known scope to check beforehand.
    const org = w.seed.organizations[0]!.organization_id;
    errors.push(await w.books.request('GET', '/invoices', { organizationId: org }).catch((e: unknown) => e));
    expect(errors.at(-1)).toBeInstanceOf(ScopeError);
    expect(w.secrets().length).toBeGreaterThanOrEqual(3);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      for (const secret of w.secrets()) expect(textOfError(error)).not.toContain(secret);
    }
  });
});

describe('ids of 15–19 digits stay exact', () => {
  it('quotes long integers outside strings and leaves everything else alone', () => {
    const text =
      '{"a":9007199254740993,"b":-1234567890123456789,"c":"id 12345678901234567890","d":1234567890123456.5,"e":[4600000000000000001,1],"f":123456789012345}';
    expect(JSON.parse(quoteIds(text))).toEqual({
      a: '9007199254740993',
      b: '-1234567890123456789',
      c: 'id 12345678901234567890',
      d: 1234567890123456.5,
      e: ['4600000000000000001', 1],
      f: 123456789012345,
    });
    expect(parseBody('{"s":"a \\" 1234567890123456789 \\\\"}')).toEqual({
      kind: 'json',
      value: { s: 'a " 1234567890123456789 \\' },
    });
  });

  it('a 19-digit id sent unquoted by the server arrives as the same string', async () => {
    w = await world();
    const id = '4600000000123456789';
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json;charset=UTF-8');
      res.end(
        `{"code":0,"message":"success","invoice":{"invoice_id":${id},"total":12.5,"customer_id":"${id}"}}`,
      );
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const books = w.client({ apiDomain: `http://127.0.0.1:${port}`, organizationId: '1' });
    const body = await books.request<{ invoice: Record<string, unknown> }>('GET', `/invoices/${id}`);
    expect(body.invoice).toEqual({ invoice_id: id, total: 12.5, customer_id: id });
  });
});
