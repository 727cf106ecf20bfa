import { afterEach, describe, expect, it } from 'vitest';
import { OrganizationChoiceError } from '../../src/books/errors.js';
import { OPERATIONS } from '../../src/books/generated/operations.js';
import { ConfigError } from '../../src/core/errors.js';
import { NotFoundError, OutcomeUnknownError, WrongOrganizationError } from '../../src/http/errors.js';
import { textOfError, type World, world } from './world.js';

type Ops = typeof OPERATIONS;
let w: World<Ops>;
afterEach(async () => {
  await w?.close();
});

const booksWorld = (options: Parameters<typeof world<Ops>>[0] = {}) =>
  world<Ops>({ operations: OPERATIONS, ...options });
const org = () => w.seed.organizations[0]!.organization_id;

/** The loose runtime view of a generated module (the typed view is checked in typing.test.ts). */
// biome-ignore lint/suspicious/noExplicitAny: records of any module are read field by field below
type Loose = Record<string, Record<string, (...args: unknown[]) => any>>;
const modules = () => w.books as unknown as Loose;

async function newInvoice(options: Record<string, unknown> = {}) {
  const books = modules();
  const contact = await books.contacts!.create!({ contact_name: `Customer ${Math.random()}` });
  return books.invoices!.create!(
    { customer_id: contact.contact_id, line_items: [{ name: 'Widget', rate: 10, quantity: 2 }] },
    undefined,
    options,
  );
}

describe('organizations: never the first one silently', () => {
  it('uses the only organization after one GET /organizations, shared by concurrent first calls', async () => {
    w = await booksWorld();
    await Promise.all([w.books.request('GET', '/contacts'), w.books.request('GET', '/contacts')]);
    await w.books.request('GET', '/contacts');
    const urls = w.sent.map((s) => new URL(s.url));
    expect(urls.filter((u) => u.pathname.endsWith('/organizations'))).toHaveLength(1);
    const contacts = urls.filter((u) => u.pathname.endsWith('/contacts'));
    expect(contacts.map((u) => u.searchParams.get('organization_id'))).toEqual([org(), org(), org()]);
    expect(await w.books.organizationId()).toBe(org());
  });

  it('with several and none chosen: an error listing each id and name and how to choose', async () => {
    w = await booksWorld({ organizations: [{ name: 'North Ltd' }, { name: 'South GmbH' }] });
    const error = (await w.books
      .request('GET', '/contacts')
      .catch((e: unknown) => e)) as OrganizationChoiceError;
    expect(error).toBeInstanceOf(OrganizationChoiceError);
    expect(error.kind).toBe('config');
    for (const o of w.seed.organizations) expect(error.message).toContain(`${o.organization_id} (${o.name})`);
    expect(error.hint).toMatch(/organizationId.*ZOHO_ORGANIZATION_ID.*zbooks orgs use/s);
    expect(error.organizations).toHaveLength(2);
    expect(w.sent.every((s) => new URL(s.url).pathname.endsWith('/organizations'))).toBe(true);
  });

  it('the organizationId option, then ZOHO_ORGANIZATION_ID, choose without asking Zoho', async () => {
    w = await booksWorld({ organizations: [{ name: 'North Ltd' }, { name: 'South GmbH' }] });
    const [north, south] = w.seed.organizations.map((o) => o.organization_id);
    const byOption = w.client({ organizationId: south, env: { ZOHO_ORGANIZATION_ID: north } });
    const byEnv = w.client({ env: { ZOHO_ORGANIZATION_ID: north } });
    await byOption.request('GET', '/contacts');
    await byEnv.request('GET', '/contacts');
    expect(w.sent.map((s) => new URL(s.url).searchParams.get('organization_id'))).toEqual([south, north]);
    expect(() => w.client({ organizationId: 'acme' })).toThrow(ConfigError);
  });

  it('an organization of another user is refused by Zoho (code 6041) with a hint', async () => {
    w = await booksWorld();
    const other = w.emu.seed({ organizations: [{ name: 'Elsewhere' }] }).organizations[0]!.organization_id;
    const error = await w.books.request('GET', '/contacts', { organizationId: other }).catch((e) => e);
    expect(error).toBeInstanceOf(WrongOrganizationError);
    expect(error).toMatchObject({ code: 6041, status: 400, kind: 'config' });
  });
});

describe('generated methods', () => {
  it('path parameters are positional, then the body, then the query; results are unwrapped', async () => {
    w = await booksWorld();
    const invoice = await newInvoice();
    expect(invoice.invoice_id).toMatch(/^\d{15,19}$/);
    expect(invoice).toMatchObject({ status: 'draft', sub_total: 20 });
    const sent = await modules().invoices!.markAsSent!(invoice.invoice_id);
    expect(sent).toMatchObject({ code: 0 });
    const fetched = await modules().invoices!.get!(invoice.invoice_id);
    expect(fetched).toMatchObject({ invoice_id: invoice.invoice_id, status: 'sent' });
    const byId = await w.books.call('get_invoice', invoice.invoice_id);
    expect(byId).toMatchObject({ invoice_id: invoice.invoice_id });
    await modules().invoices!.delete!(invoice.invoice_id);
    const gone = await modules().invoices!.get!(invoice.invoice_id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone).toMatchObject({ status: 404, code: 1002 });
  });

  it('a missing path parameter, body or unsafe numeric id is refused before anything is sent', async () => {
    w = await booksWorld({ books: { organizationId: '1' } });
    const books = modules();
    await expect(books.invoices!.get!()).rejects.toThrow(/invoice_id is missing/);
    await expect(books.invoices!.create!()).rejects.toThrow(/needs a body/);
    await expect(books.invoices!.get!(2 ** 60)).rejects.toThrow(/as a string/);
    expect(() => books.invoices!.list!({ page: 1 }, 'x')).not.toThrow();
    expect(w.sent).toHaveLength(0);
  });

  it('every module and method of the table is reachable', async () => {
    w = await booksWorld();
    const books = w.books as unknown as Loose;
    for (const op of OPERATIONS) expect(typeof books[op.module]?.[op.name]).toBe('function');
  });
});

describe('pagination', () => {
  it('awaiting a list gives the first page; for await walks every item across pages', async () => {
    w = await booksWorld({ books: { perPage: 50 } });
    const ids = w.emu.seedRecords(org(), 'invoices', 120);
    const list = modules().invoices!.list!();
    const first = await list;
    expect(first.items).toHaveLength(50);
    expect(first.page_context).toMatchObject({ page: 1, per_page: 50, has_more_page: true });
    expect(first.hasMore).toBe(true);
    const seen: string[] = [];
    for await (const invoice of list) seen.push(invoice.invoice_id);
    expect(seen.sort()).toEqual([...ids].sort());
    // Page 1 was fetched once, though it was awaited and then iterated.
    const pages = w.sent.map((s) => new URL(s.url).searchParams.get('page')).filter(Boolean);
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('toArray refuses to run without a limit, and stops at it', async () => {
    w = await booksWorld({ books: { perPage: 10 } });
    w.emu.seedRecords(org(), 'invoices', 35);
    const list = modules().invoices!.list!();
    await expect(list.toArray()).rejects.toBeInstanceOf(ConfigError);
    await expect(list.toArray({})).rejects.toThrow(/needs \{ limit \}/);
    expect(w.sent.filter((s) => s.url.includes('/invoices'))).toHaveLength(0);
    const some = await modules().invoices!.list!().toArray({ limit: 15 });
    expect(some).toHaveLength(15);
    expect(w.sent.filter((s) => s.url.includes('/invoices'))).toHaveLength(2);
    const all = await modules().invoices!.list!({ per_page: 200 }).toArray({ limit: 1000 });
    expect(all).toHaveLength(35);
  });

  it('starts from the page asked for and passes filters through', async () => {
    w = await booksWorld();
    w.emu.seedRecords(org(), 'invoices', 30);
    const page = await modules().invoices!.list!({ page: 2, per_page: 20, sort_column: 'created_time' });
    expect(page.page).toBe(2);
    expect(page.items).toHaveLength(10);
    expect(page.hasMore).toBe(false);
  });
});

describe('unsafe requests and lost answers', () => {
  it('a connection dropped after a POST was applied: exactly one record, and "outcome unknown"', async () => {
    w = await booksWorld();
    const contact = await modules().contacts!.create!({ contact_name: 'Lost & Found Ltd' });
    w.emu.injectFault({ target: 'books', kind: 'drop_after', method: 'POST', path: '/invoices' });
    const error = await modules().invoices!.create!({
      customer_id: contact.contact_id,
      reference_number: 'PO-77',
      line_items: [{ name: 'A', rate: 1, quantity: 1 }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).message).toMatch(/POST \/invoices/);
    expect(textOfError(error)).not.toContain('PO-77'); // no body values
    for (const secret of w.secrets()) expect(textOfError(error)).not.toContain(secret);
    const records = w.emu.records(org(), 'invoices');
    expect(records).toHaveLength(1);
    // Reconciling as the hint says finds it.
    const found = await modules().invoices!.list!({ reference_number: 'PO-77' });
    expect(found.items).toHaveLength(1);
  });
});
