import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiAuthError, ApiError } from '../../src/core/errors.js';
import {
  InvalidRequestError,
  MalformedResponseError,
  OutcomeUnknownError,
  ServerError,
} from '../../src/http/errors.js';
import { textOfError, type World, world } from '../books/world.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { type HostileGateway, startHostileGateway } from '../helpers/hostile-gateway.js';

/**
 * Answers no Zoho documentation lists, from a gateway in front of the emulator: 401s without a Zoho code,
 * writes refused before their body was read, 5xx pages. The emulator behind it stays Zoho.
 */
let w: World<[]>;
let gateway: HostileGateway;
let org: string;

beforeEach(async () => {
  w = await world();
  gateway = await startHostileGateway(w.emu.apiDomain);
  org = w.seed.organizations[0]!.organization_id;
});
afterEach(async () => {
  await gateway.close();
  await w.close();
});

const HTML_401 = '<html><head><title>401 Authorization Required</title></head><body>nginx</body></html>';
const tokenRequests = () => w.emu.stats().token_requests;
const books = () => w.client({ apiDomain: gateway.url, organizationId: org });

describe('a 401 is an auth refusal whatever its body', () => {
  it.each([
    ['an HTML page', { 'content-type': 'text/html' }, HTML_401],
    ['an empty body', {}, ''],
  ])('with %s: one refresh, one replay, then an ApiAuthError', async (_, headers, body) => {
    await w.provider.getToken(); // an older token: it may have expired or been evicted
    const before = tokenRequests();
    gateway.script({ path: '/books/v3/contacts', status: 401, headers, body, times: 2 });
    const error = await books()
      .request('GET', '/contacts')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiAuthError);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect((error as Error).message).toMatch(/refused the token for GET \/contacts/);
    expect(tokenRequests() - before).toBe(1);
    expect(gateway.received).toHaveLength(2);
    expect(gateway.received[0]!.headers.authorization).not.toBe(gateway.received[1]!.headers.authorization);
    for (const secret of w.secrets()) expect(textOfError(error)).not.toContain(secret);
  });

  it('a replay that is accepted ends the matter: the call succeeds', async () => {
    await w.provider.getToken();
    gateway.script({
      path: '/books/v3/contacts',
      status: 401,
      headers: { 'content-type': 'text/html' },
      body: HTML_401,
    });
    const body = await books().request('GET', '/contacts');
    expect(body).toMatchObject({ code: 0 });
    expect(gateway.received).toHaveLength(2);
  });

  it('a 401 on a token minted for this very call costs no second token', async () => {
    const before = tokenRequests();
    gateway.script({
      path: '/books/v3/contacts',
      status: 401,
      headers: { 'content-type': 'text/html' },
      body: HTML_401,
    });
    const error = await books()
      .request('GET', '/contacts')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiAuthError);
    expect(tokenRequests() - before).toBe(1);
    expect(gateway.received).toHaveLength(1);
  });

  it('exits 3 in the CLI', async () => {
    const config = await tempDir();
    try {
      gateway.script({
        path: '/books/v3/',
        status: 401,
        headers: { 'content-type': 'text/html' },
        body: HTML_401,
        times: 4,
      });
      const result = await zbooks(['contacts', 'list'], {
        env: {
          ZBOOKS_CONFIG_DIR: config.path,
          ZBOOKS_TOKEN_STORE: 'memory',
          ZOHO_ACCOUNTS_URL: w.seed.accounts_url,
          ZOHO_API_DOMAIN: gateway.url,
          ZOHO_ORGANIZATION_ID: org,
          ZOHO_CLIENT_ID: w.seed.client_id,
          ZOHO_CLIENT_SECRET: w.seed.client_secret,
          ZOHO_REFRESH_TOKEN: w.refreshToken,
        },
      });
      expect(result.stderr).toMatch(/refused the token for GET \/contacts with an HTML page .*\(HTTP 401\)/);
      expect(result.code).toBe(3);
    } finally {
      await config.remove();
    }
  });
});

describe('a write is "outcome unknown" only when the failure may have happened inside Zoho', () => {
  const big = { contact_name: 'Big', notes: 'x'.repeat(2_000_000) };

  it('a 413 page answered before the body was read is a refusal with its status and page summarised', async () => {
    gateway.script({
      path: '/books/v3/contacts',
      method: 'POST',
      status: 413,
      beforeBody: true,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><h1>413 Request Entity Too Large</h1></body></html>',
    });
    const error = await books()
      .request('POST', '/contacts', { body: big })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 413, kind: 'api' });
    expect((error as Error).message).toMatch(
      /refused POST \/contacts with an HTML page \("413 Request Entity Too Large"\) \(HTTP 413\)/,
    );
    expect((error as ApiError).hint).toMatch(/Nothing was applied/);
    expect(gateway.received).toHaveLength(1); // not resent
    expect(w.emu.records(org, 'contacts').some((c) => c.contact_name === 'Big')).toBe(false);
  });

  it('a 403 HTML page from a firewall is a refusal too', async () => {
    gateway.script({
      path: '/books/v3/contacts',
      method: 'POST',
      status: 403,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>Request blocked</body></html>',
    });
    const error = await books()
      .request('POST', '/contacts', { body: { contact_name: 'Blocked' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ status: 403 });
    expect((error as Error).message).toContain('Request blocked');
  });

  it('an empty 400 is an InvalidRequestError, not an outcome unknown', async () => {
    gateway.script({ path: '/books/v3/contacts', method: 'POST', status: 400 });
    const error = await books()
      .request('POST', '/contacts', { body: { contact_name: 'Empty' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(/with an empty body \(HTTP 400\)/);
  });

  it('a 502 page on a write stays an outcome unknown; on a read it is a ServerError', async () => {
    const page = { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' };
    gateway.script({ ...page, path: '/books/v3/contacts', method: 'POST' });
    const write = await books()
      .request('POST', '/contacts', { body: { contact_name: 'Maybe' } })
      .catch((e: unknown) => e);
    expect(write).toBeInstanceOf(OutcomeUnknownError);
    gateway.script({ ...page, path: '/books/v3/contacts', method: 'GET', times: 3 });
    const read = await w
      .client({ apiDomain: gateway.url, organizationId: org, retry: { maxAttempts: 1 } })
      .request('GET', '/contacts')
      .catch((e: unknown) => e);
    expect(read).toBeInstanceOf(ServerError);
  });

  it('a success whose body was cut off stays an outcome unknown for a write, malformed for a read', async () => {
    const cut = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"code":0,"contact":{"contact_',
    };
    gateway.script({ ...cut, path: '/books/v3/contacts', method: 'POST' });
    const write = await books()
      .request('POST', '/contacts', { body: { contact_name: 'Cut' } })
      .catch((e: unknown) => e);
    expect(write).toBeInstanceOf(OutcomeUnknownError);
    gateway.script({ ...cut, path: '/books/v3/contacts', method: 'GET' });
    const read = await w
      .client({ apiDomain: gateway.url, organizationId: org, retry: { maxAttempts: 1 } })
      .request('GET', '/contacts')
      .catch((e: unknown) => e);
    expect(read).toBeInstanceOf(MalformedResponseError);
  });
});
