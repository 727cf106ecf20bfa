import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { booksUser, type Json, NO_LIMITS, orgClient } from './books-helpers.js';

let emu: Emulator;
let call: ReturnType<typeof orgClient>;
let org: string;
const ids: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ books: NO_LIMITS, startTime: Date.parse('2024-06-10T09:00:00Z') });
  const user = await booksUser(emu);
  org = user.orgs[0]!;
  call = orgClient(emu, user.token, org);
  const names = ['Alpha Traders', 'Beta Supplies', 'Gamma Alpha', 'Delta Works', 'Epsilon'];
  for (const [i, name] of names.entries()) {
    const r = await call('POST', '/contacts', {
      body: {
        contact_name: name,
        contact_persons: [{ first_name: name, email: `c${i}@example.com` }],
        contact_type: i === 3 ? 'vendor' : 'customer',
      },
    });
    ids.push((r.body.contact as Json).contact_id as string);
    emu.advance(60_000);
  }
  await call('POST', `/contacts/${ids[4]}/inactive`);
});
afterAll(async () => {
  await emu.close();
});

const names = (r: { body: Json }, key = 'contacts') => (r.body[key] as Json[]).map((c) => c.contact_name);

describe('pagination', () => {
  it('pages with page/per_page and an object page_context, newest first by default', async () => {
    const first = await call('GET', '/contacts', { query: { per_page: 2 } });
    expect(names(first)).toEqual(['Epsilon', 'Delta Works']);
    expect(first.body.page_context).toEqual({
      page: 1,
      per_page: 2,
      has_more_page: true,
      report_name: 'Contacts',
      applied_filter: 'Status.All',
      sort_column: 'created_time',
      sort_order: 'D',
      search_criteria: [],
    });
    const last = await call('GET', '/contacts', { query: { per_page: 2, page: 3 } });
    expect(names(last)).toEqual(['Alpha Traders']);
    expect((last.body.page_context as Json).has_more_page).toBe(false);
    expect(((await call('GET', '/contacts')).body.page_context as Json).per_page).toBe(200);
  });

  it('refuses per_page above 200 and malformed paging with code 2', async () => {
    expect((await call('GET', '/contacts', { query: { per_page: 201 } })).body).toEqual({
      code: 2,
      message: 'Invalid value passed for per_page',
    });
    expect((await call('GET', '/contacts', { query: { page: 0 } })).status).toBe(400);
    expect((await call('GET', '/contacts', { query: { sort_order: 'X' } })).status).toBe(400);
    expect((await call('GET', '/contacts', { query: { sort_column: 'no_such_field' } })).status).toBe(400);
  });

  it('counts with response_option', async () => {
    const counted = await call('GET', '/contacts', { query: { response_option: 2, per_page: 2 } });
    expect(counted.body.contacts).toBeUndefined();
    expect(counted.body.page_context).toMatchObject({ total: 5, total_pages: 3 });
    const both = await call('GET', '/contacts', { query: { response_option: 1 } });
    expect(both.body.page_context).toMatchObject({ total: 5 });
    expect(names(both)).toHaveLength(5);
  });
});

describe('filters and sorting (REFERENCE §5 patterns)', () => {
  it.each([
    [{ contact_name_startswith: 'alpha' }, ['Alpha Traders']],
    [{ contact_name_contains: 'ALPHA' }, ['Gamma Alpha', 'Alpha Traders']],
    [{ contact_name: 'beta supplies' }, ['Beta Supplies']],
    [{ contact_type: 'vendor' }, ['Delta Works']],
    [{ filter_by: 'Status.Inactive' }, ['Epsilon']],
    [{ filter_by: 'Status.All', per_page: 1 }, ['Epsilon']],
    [{ search_text: 'c2@example' }, ['Gamma Alpha']],
    [
      { sort_column: 'contact_name', sort_order: 'A' },
      ['Alpha Traders', 'Beta Supplies', 'Delta Works', 'Epsilon', 'Gamma Alpha'],
    ],
    [{ last_modified_time: '2024-06-10T09:03:00+0000' }, ['Epsilon', 'Delta Works']],
  ])('%o', async (query, expected) => {
    const r = await call('GET', '/contacts', { query });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(names(r)).toEqual(expected);
  });

  it('filters dates with date_start/date_end/date_before/date_after', async () => {
    const customer = ids[0]!;
    for (const date of ['2024-01-05', '2024-02-10', '2024-03-15']) {
      await call('POST', '/invoices', {
        body: { customer_id: customer, date, line_items: [{ name: 'x', rate: 1 }] },
      });
    }
    const dates = async (query: Json) =>
      ((await call('GET', '/invoices', { query: query as Record<string, string> })).body.invoices as Json[])
        .map((i) => i.date)
        .sort();
    expect(await dates({ date_start: '2024-02-10' })).toEqual(['2024-02-10', '2024-03-15']);
    expect(await dates({ date_end: '2024-02-10' })).toEqual(['2024-01-05', '2024-02-10']);
    expect(await dates({ date_before: '2024-02-10' })).toEqual(['2024-01-05']);
    expect(await dates({ date_after: '2024-02-10', sort_column: 'date' })).toEqual(['2024-03-15']);
    expect(await dates({ total_greater_than: '0.5' })).toHaveLength(3);
    expect((await call('GET', '/invoices', { query: { date_start: '10/02/2024' } })).status).toBe(400);
    expect((await call('GET', '/invoices', { query: { filter_by: 'nonsense' } })).status).toBe(400);
  });

  it('scopes nested collections to their parent', async () => {
    const inv = (
      await call('POST', '/invoices', { body: { customer_id: ids[0], line_items: [{ name: 'x', rate: 1 }] } })
    ).body.invoice as Json;
    const other = (
      await call('POST', '/invoices', { body: { customer_id: ids[0], line_items: [{ name: 'y', rate: 1 }] } })
    ).body.invoice as Json;
    const added = await call('POST', `/invoices/${inv.invoice_id}/comments`, {
      body: { description: 'Called the client' },
    });
    // The spec answers this one 200 (creates of main records are 201).
    expect(added.status).toBe(200);
    expect(added.body.comment).toMatchObject({
      description: 'Called the client',
      invoice_id: inv.invoice_id,
    });
    // Books lists a document's history with its comments (comment_type "system"): people's comments are the rest.
    const comments = async (id: unknown) =>
      ((await call('GET', `/invoices/${id}/comments`)).body.comments as Json[]).filter(
        (c) => c.comment_type !== 'system',
      );
    expect((await comments(inv.invoice_id)).map((c) => c.description)).toEqual(['Called the client']);
    expect(await comments(other.invoice_id)).toEqual([]);
  });
});
