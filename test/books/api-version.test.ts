import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/books/generated/operations.js';
import type { ZohoBooks } from '../../src/books/zoho-books.js';
import { ConfigError } from '../../src/core/errors.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { type HostileGateway, startHostileGateway } from '../helpers/hostile-gateway.js';
import { type World, world } from './world.js';

/**
 * Zoho documents /books/v4 beside /books/v3 with the same resource paths (REFERENCE §5): the version is a
 * client option and ZBOOKS_API_VERSION, v3 by default, and every path goes under it. The emulator serves v3
 * only, so a gateway in front of it answers the v4 calls and records where each one went.
 */
let w: World<typeof OPERATIONS>;
let gateway: HostileGateway;
beforeEach(async () => {
  w = await world({ operations: OPERATIONS });
  gateway = await startHostileGateway(w.emu.apiDomain);
});
afterEach(async () => {
  await gateway.close();
  await w.close();
});

const ok = (path: string, body: Record<string, unknown>) =>
  gateway.script({
    path,
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 0, message: 'success', ...body }),
  });
const paths = () => gateway.received.map((r) => r.path.split('?')[0]);

describe('the Books API version', () => {
  it('is v3 by default, for generated methods and raw requests alike', async () => {
    const org = w.seed.organizations[0]!.organization_id;
    const books = w.client({ apiDomain: gateway.url, organizationId: org, env: {} });
    await books.request('GET', '/contacts');
    await books.request('GET', '/books/v3/contacts');
    expect(paths()).toEqual(['/books/v3/contacts', '/books/v3/contacts']);
  });

  it('v4 (option or ZBOOKS_API_VERSION) puts every path under /books/v4', async () => {
    ok('/books/v4/invoices', { invoices: [], page_context: { page: 1, has_more_page: false } });
    ok('/books/v4/organizations', { organizations: [] });
    ok('/books/v4/contacts', { contacts: [] });
    const books = w.client({ apiDomain: gateway.url, organizationId: '1', apiVersion: 'v4' });
    await (books as unknown as ZohoBooks).invoices.list();
    await books.listOrganizations();
    const fromEnv = w.client({
      apiDomain: gateway.url,
      organizationId: '1',
      env: { ZBOOKS_API_VERSION: '4' },
    });
    await fromEnv.request('GET', '/books/v4/contacts');
    expect(paths()).toEqual(['/books/v4/invoices', '/books/v4/organizations', '/books/v4/contacts']);
  });

  it('refuses a path naming another version than the client’s, and a version that is none', async () => {
    const books = w.client({ apiDomain: gateway.url, organizationId: '1', env: {} });
    const other = await books.request('GET', '/books/v4/contacts').catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ConfigError);
    expect((other as ConfigError).hint).toMatch(/ZBOOKS_API_VERSION/);
    expect(() => w.client({ env: { ZBOOKS_API_VERSION: 'v3.1' } })).toThrow(/ZBOOKS_API_VERSION/);
    expect(gateway.received).toHaveLength(0);
  });

  it('the CLI reads ZBOOKS_API_VERSION for `zbooks api` and generated commands', async () => {
    const config = await tempDir();
    try {
      ok('/books/v4/contacts', { contacts: [] });
      ok('/books/v4/invoices', { invoices: [], page_context: { page: 1, has_more_page: false } });
      const env = {
        ZBOOKS_CONFIG_DIR: config.path,
        ZBOOKS_TOKEN_STORE: 'memory',
        ZBOOKS_API_VERSION: 'v4',
        ZOHO_ACCOUNTS_URL: w.seed.accounts_url,
        ZOHO_API_DOMAIN: gateway.url,
        ZOHO_ORGANIZATION_ID: w.seed.organizations[0]!.organization_id,
        ZOHO_CLIENT_ID: w.seed.client_id,
        ZOHO_CLIENT_SECRET: w.seed.client_secret,
        ZOHO_REFRESH_TOKEN: w.refreshToken,
      };
      expect((await zbooks(['api', '/books/v4/contacts'], { env })).code).toBe(0);
      expect((await zbooks(['invoices', 'list'], { env })).code).toBe(0);
      expect(paths()).toEqual(['/books/v4/contacts', '/books/v4/invoices']);
    } finally {
      await config.remove();
    }
  });
});
