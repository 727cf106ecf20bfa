import { afterEach, describe, expect, it } from 'vitest';
import { PaginationError } from '../../src/books/errors.js';
import { OPERATIONS } from '../../src/books/generated/operations.js';
import { type World, world } from './world.js';

type Ops = typeof OPERATIONS;
let w: World<Ops>;
afterEach(async () => {
  await w?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: records are read field by field below
type Loose = Record<string, Record<string, (...args: unknown[]) => any>>;
const invoices = () => (w.books as unknown as Loose).invoices!;
const org = () => w.seed.organizations[0]!.organization_id;
const invoiceRequests = () => w.sent.filter((s) => new URL(s.url).pathname.endsWith('/invoices'));

/** 30 invoices in pages of 10, oldest first. */
async function tenPerPage() {
  w = await world<Ops>({ operations: OPERATIONS, books: { perPage: 10 } });
  return w.emu.seedRecords(org(), 'invoices', 30);
}

/** Every invoice id the walk yields, and the error that ended it (if any). */
async function walk(list: AsyncIterable<{ invoice_id: string }>) {
  const seen: string[] = [];
  try {
    for await (const invoice of list) seen.push(invoice.invoice_id);
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error };
  }
}

describe('pagination always ends (issue 9.3)', () => {
  it('a server that ignores `page` (page 1 again, saying page 1) stops the walk at page 2, nothing yielded twice', async () => {
    const ids = await tenPerPage();
    // As many answers as a run-away loop would make: without the guard the walk goes on until they run out.
    w.emu.injectFault({ target: 'books', kind: 'ignore_page', path: '/invoices', count: 50 });
    const { seen, error } = await walk(invoices().list!({ sort_column: 'created_time', sort_order: 'A' }));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).reason).toBe('wrong_page');
    expect((error as PaginationError).page).toBe(2);
    expect((error as PaginationError).received).toBe(10);
    expect((error as PaginationError).kind).toBe('api');
    expect((error as Error).message).toMatch(
      /GET \/invoices stopped: page 2 was asked for and the answer is page 1/,
    );
    expect(seen).toEqual(ids.slice(0, 10));
    expect(invoiceRequests()).toHaveLength(2);
  });

  it('a server that echoes `page` but answers page 1 again: the repeat is caught, for toArray too', async () => {
    const ids = await tenPerPage();
    w.emu.injectFault({ target: 'books', kind: 'repeat_page', path: '/invoices', count: 50 });
    const list = invoices().list!({ sort_column: 'created_time', sort_order: 'A' });
    const error = await list.toArray({ limit: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).reason).toBe('repeated_page');
    expect((error as Error).message).toMatch(/page 2: it repeats page 1/);
    const { seen } = await walk(invoices().list!({ sort_column: 'created_time', sort_order: 'A' }));
    expect(seen).toEqual(ids.slice(0, 10));
  });

  it('an empty page that claims more stops with an error, the records before it stay; an empty last page ends quietly', async () => {
    const ids = await tenPerPage();
    w.emu.injectFault({ target: 'books', kind: 'empty_page', path: '/invoices', count: 1 });
    const list = invoices().list!({ sort_column: 'created_time', sort_order: 'A' });
    const pages: number[] = [];
    let error: unknown;
    try {
      for await (const page of list.pages()) pages.push(page.items.length);
    } catch (e) {
      error = e;
    }
    expect(pages).toEqual([]);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).reason).toBe('empty_page_claims_more');
    expect(invoiceRequests()).toHaveLength(1);

    // Later in the walk: the pages before it were yielded, once.
    const again = invoices().list!({ sort_column: 'created_time', sort_order: 'A' });
    const first = await again;
    expect(first.items).toHaveLength(10);
    w.emu.injectFault({ target: 'books', kind: 'empty_page', path: '/invoices', count: 1 });
    const { seen, error: late } = await walk(again);
    expect(seen).toEqual(ids.slice(0, 10));
    expect((late as PaginationError).page).toBe(2);

    // An empty page that claims nothing more is simply the end.
    const none = await walk(invoices().list!({ status: 'void' }));
    expect(none).toEqual({ seen: [], error: undefined });
  });

  it('awaiting one page refuses an answer that says it is another page', async () => {
    await tenPerPage();
    w.emu.injectFault({ target: 'books', kind: 'ignore_page', path: '/invoices' });
    const error = await invoices().list!({ page: 3 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/page 3 was asked for and the answer is page 1/);
  });

  it('paginate() walks any path with the same guard, each page with its status and headers', async () => {
    const ids = await tenPerPage();
    const query = { sort_column: 'created_time', sort_order: 'A', per_page: 10 };
    const pages = [];
    for await (const page of w.books.paginate('GET', '/invoices', { query }).pages()) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10]);
    expect(pages.flatMap((p) => p.items.map((i) => (i as { invoice_id: string }).invoice_id))).toEqual(ids);
    expect(pages[0]!.status).toBe(200);
    expect(pages[0]!.headers?.get('content-type')).toMatch(/json/);

    w.emu.injectFault({ target: 'books', kind: 'ignore_page', path: '/invoices', count: 50 });
    const { seen, error } = await walk(
      w.books.paginate('GET', '/invoices', { query }) as AsyncIterable<{ invoice_id: string }>,
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect(seen).toEqual(ids.slice(0, 10));
  });
});
