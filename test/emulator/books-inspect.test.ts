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

  it('seeds 10,000 valid invoices at once, and pages through them', async () => {
    const ids = emu.seedRecords(org, 'invoices', 10_000);
    // Seeding held this process's event loop, the emulator's too, for seconds on a loaded machine: let the server
    // close the keep-alive sockets that went idle meanwhile (timers), and fetch see it (poll), before the next
    // request, or that request goes out on a socket being closed and meets ECONNRESET.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
    expect(new Set(ids).size).toBe(10_000);
    const call = orgClient(emu, token, org);
    const last = await call('GET', '/invoices', { query: { page: 50, per_page: 200 } });
    const page = last.body.invoices as Json[];
    expect(page).toHaveLength(200);
    expect(page.at(-1)).toMatchObject({ invoice_id: ids[0], invoice_number: 'INV-000001', total: 240 });
    expect((last.body.page_context as Json).has_more_page).toBe(false);
    const one = (await call('GET', `/invoices/${ids[9_999]}`)).body.invoice as Json;
    expect(one).toMatchObject({ invoice_number: 'INV-010000', status: 'draft', balance: 240 });
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
