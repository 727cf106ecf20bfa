import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { getOrganizations, setup, token } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const CODE_14 =
  'The request could not be authenticated as the authentication value you entered is invalid. Enter a valid authentication value and try again.';
const CODE_57 = 'You are not authorized to perform this operation';
const orgs = (header?: string) => getOrganizations(emu.apiDomain, header);

describe('GET /books/v3/organizations', () => {
  it('lists the user’s organizations with string ids', async () => {
    const { accessToken } = await setup(emu, {
      organizations: [{ name: 'Acme' }, { name: 'Beta', currency_code: 'gbp' }],
    });
    const { status, contentType, body } = await orgs(`Zoho-oauthtoken ${accessToken}`);
    expect(status).toBe(200);
    expect(contentType).toBe('application/json;charset=UTF-8');
    expect(body).toMatchObject({ code: 0, message: 'success' });
    const list = body.organizations as Record<string, unknown>[];
    expect(list.map((o) => o.name)).toEqual(['Acme', 'Beta']);
    expect(list.map((o) => o.is_default_org)).toEqual([true, false]);
    expect(list[1]!.currency_code).toBe('GBP');
    for (const o of list) {
      expect(o.organization_id).toMatch(/^\d{9,11}$/);
      expect(o).toHaveProperty('contact_name');
      expect(o).toHaveProperty('email');
      expect(o).toHaveProperty('time_zone');
    }
  });

  it('shows one user only their own organizations', async () => {
    const a = await setup(emu);
    const b = await setup(emu, { organizations: [{ name: 'Other' }] });
    const list = (await orgs(`Zoho-oauthtoken ${a.accessToken}`)).body.organizations as {
      organization_id: string;
    }[];
    expect(list.map((o) => o.organization_id)).toEqual([a.s.organizations[0]!.organization_id]);
    expect(list[0]!.organization_id).not.toBe(b.s.organizations[0]!.organization_id);
  });

  it('accepts the scheme in any case', async () => {
    const { accessToken } = await setup(emu);
    expect((await orgs(`zoho-OAUTHTOKEN ${accessToken}`)).status).toBe(200);
  });

  it('shows a client_credentials token only its soid organization', async () => {
    const s = emu.seed({ organizations: [{ name: 'One' }, { name: 'Two' }] });
    const two = s.organizations[1]!.organization_id;
    const { body } = await token(emu, {
      grant_type: 'client_credentials',
      client_id: s.client_id,
      client_secret: s.client_secret,
      scope: 'ZohoBooks.settings.READ',
      soid: `ZohoBooks.${two}`,
    });
    const list = (await orgs(`Zoho-oauthtoken ${body.access_token}`)).body.organizations as {
      organization_id: string;
    }[];
    expect(list.map((o) => o.organization_id)).toEqual([two]);
  });
});

describe('Books authentication: code 14 (bad header) vs code 57 (token not honoured)', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['Bearer', 'Bearer TOKEN'],
    ['scheme alone', 'Zoho-oauthtoken'],
    ['garbled', 'Zoho-oauthtoken !!not a token!!'],
    ['no scheme', 'TOKEN'],
  ])('answers 401 code 14 when the header is %s', async (_label, header) => {
    const { accessToken } = await setup(emu);
    const value = header?.replace('TOKEN', accessToken);
    const r = await orgs(value);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ code: 14, message: CODE_14 });
    expect(r.contentType).toBe('application/json;charset=UTF-8');
  });

  it('answers 401 code 57 for a well-formed unknown token', async () => {
    const r = await orgs(`Zoho-oauthtoken 1000.${'a'.repeat(32)}.${'b'.repeat(32)}`);
    expect(r).toMatchObject({ status: 401, body: { code: 57, message: CODE_57 } });
  });

  it('answers 401 code 57 once the token expired on the emulator clock', async () => {
    const { accessToken } = await setup(emu);
    emu.advance(3599_000);
    expect((await orgs(`Zoho-oauthtoken ${accessToken}`)).status).toBe(200);
    emu.advance(1_000);
    expect((await orgs(`Zoho-oauthtoken ${accessToken}`)).body).toEqual({ code: 57, message: CODE_57 });
  });

  it.each([
    ['ZohoBooks.settings.READ', 200],
    ['ZohoBooks.settings.ALL', 200],
    ['zohobooks.SETTINGS.read', 200],
    ['ZohoBooks.invoices.ALL,ZohoBooks.settings.READ', 200],
    ['ZohoBooks.fullaccess.all', 200],
    ['ZohoBooks.settings.CREATE', 401],
    ['ZohoBooks.invoices.ALL', 401],
    ['ZohoCRM.settings.ALL', 401],
  ])('with scope %s answers %i', async (scope, status) => {
    const { accessToken } = await setup(emu, { scope });
    const r = await orgs(`Zoho-oauthtoken ${accessToken}`);
    expect(r.status).toBe(status);
    if (status === 401) expect(r.body.code).toBe(57);
  });

  it('counts Books requests and 401s', async () => {
    const { accessToken } = await setup(emu);
    await orgs(`Zoho-oauthtoken ${accessToken}`);
    await orgs();
    await orgs('Zoho-oauthtoken 1000.1.2');
    const st = emu.stats();
    expect(st.books_requests).toBe(3);
    expect(st.books_unauthorized).toBe(2);
  });
});

describe('Books routing', () => {
  it('answers 404 code 5 for an unknown path under /books/v3', async () => {
    const { accessToken } = await setup(emu);
    for (const path of ['/books/v3/nothing', '/books/v3', '/books/v2/organizations']) {
      const res = await fetch(`${emu.apiDomain}${path}`, {
        headers: { authorization: `Zoho-oauthtoken ${accessToken}` },
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(await res.json()).toEqual({ code: 5, message: 'Invalid URL Passed' });
    }
  });

  it('answers 405 for a known path with another method', async () => {
    const res = await fetch(`${emu.apiDomain}/books/v3/organizations`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(((await res.json()) as { code: number }).code).not.toBe(0);
  });
});
