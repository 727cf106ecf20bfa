import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { books, booksUser, NO_LIMITS, orgClient } from './books-helpers.js';
import { token as tokenCall } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ books: NO_LIMITS });
});
afterEach(async () => {
  await emu.close();
});

describe('organizations', () => {
  it('needs organization_id on every call but GET /organizations', async () => {
    const { token } = await booksUser(emu);
    expect((await books(emu, token, 'GET', '/organizations')).status).toBe(200);
    const r = await books(emu, token, 'GET', '/invoices');
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: 2, message: 'Invalid value passed for organization_id' });
  });

  it('answers 6041 for an organization of another user, and keeps each user to their own records', async () => {
    const a = await booksUser(emu, { organizations: [{ name: 'A1' }, { name: 'A2' }] });
    const b = await booksUser(emu, { organizations: [{ name: 'B' }] });
    const other = b.orgs[0]!;
    const r = await books(emu, a.token, 'GET', '/contacts', { query: { organization_id: other } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      code: 6041,
      message: `This user is not associated with the CompanyID/CompanyName:${other}.`,
    });
    const inA1 = orgClient(emu, a.token, a.orgs[0]!);
    const inA2 = orgClient(emu, a.token, a.orgs[1]!);
    expect((await inA1('POST', '/contacts', { body: { contact_name: 'Only in A1' } })).status).toBe(201);
    expect(((await inA1('GET', '/contacts')).body.contacts as unknown[]).length).toBe(1);
    expect(((await inA2('GET', '/contacts')).body.contacts as unknown[]).length).toBe(0);
  });

  it('limits a client_credentials token to its soid organization', async () => {
    const s = emu.seed({ organizations: [{ name: 'One' }, { name: 'Two' }] });
    const [one, two] = s.organizations.map((o) => o.organization_id) as [string, string];
    const { body } = await tokenCall(emu, {
      grant_type: 'client_credentials',
      client_id: s.client_id,
      client_secret: s.client_secret,
      scope: 'ZohoBooks.fullaccess.all',
      soid: `ZohoBooks.${two}`,
    });
    const token = body.access_token as string;
    expect((await books(emu, token, 'GET', '/contacts', { query: { organization_id: two } })).status).toBe(
      200,
    );
    expect((await books(emu, token, 'GET', '/contacts', { query: { organization_id: one } })).body.code).toBe(
      6041,
    );
  });

  it('gets, updates and creates organizations of the user', async () => {
    const { token, orgs } = await booksUser(emu);
    const org = orgs[0]!;
    const got = await books(emu, token, 'GET', `/organizations/${org}`, { query: { organization_id: org } });
    expect(got.body.organization).toMatchObject({ organization_id: org });
    const put = await books(emu, token, 'PUT', `/organizations/${org}`, {
      query: { organization_id: org },
      body: { name: 'Renamed' },
    });
    expect(put.body.organization).toMatchObject({ name: 'Renamed' });
    const created = await books(emu, token, 'POST', '/organizations', {
      body: { name: 'Second', currency_code: 'EUR' },
    });
    expect(created.status).toBe(201);
    const list = (await books(emu, token, 'GET', '/organizations')).body.organizations as { name: string }[];
    expect(list.map((o) => o.name)).toEqual(['Renamed', 'Second']);
  });
});

describe('scopes per operation', () => {
  it('answers 401 code 57 when the token lacks the operation’s scope', async () => {
    const { token, orgs } = await booksUser(emu, { scope: 'ZohoBooks.invoices.READ' });
    const call = orgClient(emu, token, orgs[0]!);
    expect((await call('GET', '/invoices')).status).toBe(200);
    const denied = await call('POST', '/invoices', { body: {} });
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual({ code: 57, message: 'You are not authorized to perform this operation' });
    expect((await call('GET', '/contacts')).body.code).toBe(57);
  });

  it('grants custom modules (scope ALL) only to an ALL scope', async () => {
    const read = await booksUser(emu, { scope: 'ZohoBooks.custommodules.READ' });
    const all = await booksUser(emu, { scope: 'ZohoBooks.custommodules.ALL' });
    const path = '/cm_debtor';
    expect((await orgClient(emu, read.token, read.orgs[0]!)('GET', path)).status).toBe(401);
    expect((await orgClient(emu, all.token, all.orgs[0]!)('GET', path)).status).toBe(200);
  });
});

describe('routing and bodies', () => {
  it('answers 404 code 5 for unknown paths and 405 for a known path with another method', async () => {
    const { token, orgs } = await booksUser(emu);
    const call = orgClient(emu, token, orgs[0]!);
    expect((await call('GET', '/nothing')).body).toEqual({ code: 5, message: 'Invalid URL Passed' });
    expect((await call('GET', '/invoices/1/nothing')).status).toBe(404);
    const wrong = await call('PATCH', '/invoices');
    expect(wrong.status).toBe(405);
    expect(wrong.body.code).not.toBe(0);
  });

  it('takes JSON, form-encoded JSONString and multipart JSONString bodies alike', async () => {
    const { token, orgs } = await booksUser(emu);
    const call = orgClient(emu, token, orgs[0]!);
    expect((await call('POST', '/contacts', { body: { contact_name: 'Json' } })).status).toBe(201);
    const form = await call('POST', '/contacts', {
      form: { JSONString: JSON.stringify({ contact_name: 'Form' }) },
    });
    expect(form.status).toBe(201);
    expect(form.body.contact).toMatchObject({ contact_name: 'Form' });
    const multipart = new FormData();
    multipart.append('JSONString', JSON.stringify({ contact_name: 'Multi' }));
    expect((await call('POST', '/contacts', { multipart })).status).toBe(201);
  });

  it('answers malformed bodies with code 2 and never falls over', async () => {
    const { token, orgs } = await booksUser(emu);
    const call = orgClient(emu, token, orgs[0]!);
    for (const raw of ['{"contact_name":', '[1,2]', 'null', '"text"']) {
      const r = await call('POST', '/contacts', { raw });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(2);
    }
    const form = await call('POST', '/contacts', { form: { JSONString: '{oops' } });
    expect(form.body).toEqual({ code: 2, message: 'Invalid value passed for JSONString' });
    expect((await call('GET', '/contacts')).status).toBe(200);
  });

  it('accepts a file as multipart on attachment operations', async () => {
    const { token, orgs } = await booksUser(emu);
    const sample = emu.sampleRequest(orgs[0]!, 'add_invoice_attachment');
    const file = new FormData();
    file.append('attachment', new Blob(['%PDF-1.4']), 'bill.pdf');
    const r = await books(emu, token, 'POST', sample.path.replace('/books/v3', ''), {
      query: sample.query,
      multipart: file,
    });
    expect(r.status).toBeLessThan(300);
    expect(r.body.code).toBe(0);
  });
});
