import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { booksUser, type Json, NO_LIMITS, orgClient, sendSample } from './books-helpers.js';
import { consoleCall } from './helpers.js';

let emu: Emulator;
let token: string;
let org: string;
beforeAll(async () => {
  emu = await startEmulator({ books: NO_LIMITS });
  const user = await booksUser(emu);
  token = user.token;
  org = user.orgs[0]!;
});
afterAll(async () => {
  await emu.close();
});

describe('inspection and seeding', () => {
  it('lists a collection’s records programmatically and through the console', async () => {
    await orgClient(emu, token, org)('POST', '/settings/taxes', {
      body: { tax_name: 'VAT', tax_percentage: 21 },
    });
    expect(emu.records(org, 'settings/taxes').map((t) => t.tax_name)).toEqual(['VAT']);
    expect(emu.records(org, 'taxes')).toHaveLength(1);
    const viaConsole = await consoleCall(emu.apiDomain, 'GET', `/books/${org}/settings/taxes`);
    expect((viaConsole.body.records as Json[]).map((t) => t.tax_name)).toEqual(['VAT']);
    expect((await consoleCall(emu.apiDomain, 'GET', `/books/${org}/nothing`)).status).toBe(404);
    expect((await consoleCall(emu.apiDomain, 'GET', '/books/1/contacts')).status).toBe(404);
  });

  it('seeds 100,000 valid invoices in a few seconds, and pages through them', async () => {
    const t0 = performance.now();
    const ids = emu.seedRecords(org, 'invoices', 100_000);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(new Set(ids).size).toBe(100_000);
    const call = orgClient(emu, token, org);
    const last = await call('GET', '/invoices', { query: { page: 500, per_page: 200 } });
    const page = last.body.invoices as Json[];
    expect(page).toHaveLength(200);
    expect(page.at(-1)).toMatchObject({ invoice_id: ids[0], invoice_number: 'INV-000001', total: 240 });
    expect((last.body.page_context as Json).has_more_page).toBe(false);
    const one = (await call('GET', `/invoices/${ids[99_999]}`)).body.invoice as Json;
    expect(one).toMatchObject({ invoice_number: 'INV-100000', status: 'draft', balance: 240 });
  }, 30_000);

  it('seeds through the console and refuses nonsense counts', async () => {
    const r = await consoleCall(emu.apiDomain, 'POST', `/books/${org}/contacts`, { count: 3 });
    expect(r.status).toBe(201);
    expect(r.body.created).toBe(3);
    expect((await consoleCall(emu.apiDomain, 'POST', `/books/${org}/contacts`, { count: -1 })).status).toBe(
      400,
    );
  });

  it('describes a sample request for any operation, through the console too', async () => {
    const r = await consoleCall(emu.apiDomain, 'GET', `/books/${org}/_sample/mark_invoice_sent`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ method: 'POST', query: { organization_id: org } });
    expect(r.body.path).toMatch(/^\/books\/v3\/invoices\/\d{15,19}\/status\/sent$/);
    const sent = await sendSample(emu, token, r.body as never);
    expect(sent.body).toMatchObject({ code: 0 });
    expect((await consoleCall(emu.apiDomain, 'GET', `/books/${org}/_sample/nope`)).status).toBe(404);
  });
});
