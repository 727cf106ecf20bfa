import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { CallOptions } from '../../src/books/arguments.js';
import type { BooksClientFor } from '../../src/books/client.js';
import type {
  ChartOfAccountsApi,
  FixedAssetsApi,
  InvoicesApi,
  ListInvoicesQuery,
  OperationMethods,
  RecurringBillsApi,
  VendorCreditsApi,
} from '../../src/books/generated/api.js';
import type { OPERATIONS } from '../../src/books/generated/operations.js';
import type {
  ChartOfAccount,
  Comment,
  FixedAsset,
  Invoice,
  RecurringBill,
  SchemaTypes,
  VendorCredit,
} from '../../src/books/generated/types.js';
import type { Acknowledgement, ArgsOf, ReturnOf } from '../../src/books/method-types.js';
import type { Operation } from '../../src/books/operation-shape.js';
import type { ListCall, Page } from '../../src/books/pagination.js';
import type { ZohoBooks } from '../../src/books/zoho-books.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Books } from '../../src/index.js';
import { type World, world } from './world.js';

/**
 * A small table in the generated format, `as const`: the mapped types turn it into precise methods.
 * (Compile-time checks: `tsc` fails on a wrong type or an unused @ts-expect-error.)
 */
const TABLE = [
  {
    id: 'list_contacts',
    module: 'contacts',
    name: 'list',
    httpMethod: 'GET',
    path: '/contacts',
    pathParams: [],
    query: [
      { name: 'contact_name_contains', type: 'string', required: false },
      { name: 'filter_by', type: 'string', required: false, enum: ['Status.Active', 'Status.Inactive'] },
    ],
    body: 'none',
    bodyRequired: false,
    responseKey: 'contacts',
    responseKind: 'list',
    paginated: true,
    scope: 'ZohoBooks.contacts.READ',
    responseSchema: 'Contact',
    requestSchema: null,
  },
  {
    id: 'create_contact',
    module: 'contacts',
    name: 'create',
    httpMethod: 'POST',
    path: '/contacts',
    pathParams: [],
    query: [],
    body: 'json',
    bodyRequired: true,
    responseKey: 'contact',
    responseKind: 'record',
    paginated: false,
    scope: 'ZohoBooks.contacts.CREATE',
    responseSchema: 'Contact',
    requestSchema: 'CreateContactRequest',
  },
  {
    id: 'mark_contact_inactive',
    module: 'contacts',
    name: 'markAsInactive',
    httpMethod: 'POST',
    path: '/contacts/{contact_id}/inactive',
    pathParams: ['contact_id'],
    query: [],
    body: 'none',
    bodyRequired: false,
    responseKey: null,
    responseKind: null,
    paginated: false,
    scope: 'ZohoBooks.contacts.CREATE',
    responseSchema: null,
    requestSchema: null,
  },
  {
    id: 'get_contact',
    module: 'contacts',
    name: 'get',
    httpMethod: 'GET',
    path: '/contacts/{contact_id}',
    pathParams: ['contact_id'],
    query: [],
    body: 'none',
    bodyRequired: false,
    responseKey: 'contact',
    responseKind: 'record',
    paginated: false,
    scope: 'ZohoBooks.contacts.READ',
    responseSchema: 'Contact',
    requestSchema: null,
  },
] as const satisfies readonly Operation[];

interface Types {
  Contact: { readonly contact_id?: string; readonly contact_name?: string; readonly status?: string };
  CreateContactRequest: { contact_name: string; company_name?: string };
}

type TableBooks = BooksClientFor<typeof TABLE, Types>;
let w: World<typeof TABLE>;
afterEach(async () => {
  await w?.close();
});

describe('methods typed from the table', () => {
  it('types arguments and results from the table and the schema types', async () => {
    w = await world({ operations: TABLE });
    const books = w.books as unknown as TableBooks;

    const created = await books.contacts.create({ contact_name: 'Typed Ltd' });
    expectTypeOf(created).toEqualTypeOf<Types['Contact']>();
    const id = created.contact_id!;

    const list = books.contacts.list({ filter_by: 'Status.Active' });
    expectTypeOf(list).toEqualTypeOf<ListCall<Types['Contact']>>();
    const page = await list;
    expectTypeOf(page).toEqualTypeOf<Page<Types['Contact']>>();
    expect(page.items.map((c) => c.contact_id)).toContain(id);

    const done = await books.contacts.markAsInactive(id);
    expectTypeOf(done).toEqualTypeOf<Acknowledgement>();
    expectTypeOf(books.contacts.markAsInactive).parameters.toEqualTypeOf<
      [contact_id: string, options?: CallOptions]
    >();
    expect((await books.call('get_contact', id)).status).toBe('inactive');

    if (Math.random() > 2) {
      // Never run: each line must fail to compile.
      // @ts-expect-error the body is required
      await books.contacts.create();
      // @ts-expect-error a field the request type does not have
      await books.contacts.create({ contact_nam: 'typo' });
      // @ts-expect-error a value outside the enum
      books.contacts.list({ filter_by: 'Status.Everything' });
      // @ts-expect-error an unknown query parameter
      books.contacts.list({ colour: 'red' });
      // @ts-expect-error the path parameter is missing
      await books.contacts.get();
      // @ts-expect-error ids are strings
      await books.contacts.get(123);
      // @ts-expect-error no such method
      await books.contacts.archive(id);
      // @ts-expect-error no such operation
      await books.call('get_contacts', id);
      // @ts-expect-error an operation without query parameters takes its options right after the path
      await books.contacts.markAsInactive(id, {}, { organizationId: '1' });
      // @ts-expect-error a query key is not a call option
      await books.contacts.markAsInactive(id, { status: 'inactive' });
    }
  });
});

describe('an operation without a query takes its options right after the path (and body)', () => {
  const twoOrganizations = async () => {
    w = await world({ operations: TABLE, organizations: [{ name: 'North Ltd' }, { name: 'South GmbH' }] });
    const [north, south] = w.seed.organizations.map((o) => o.organization_id) as [string, string];
    const books = w.client({ organizationId: north }) as unknown as TableBooks;
    const { contact_id } = await books.contacts.create({ contact_name: 'Options Ltd' });
    return { books, north, south, id: contact_id! };
  };
  const lastOrganizationSent = () => new URL(w.sent.at(-1)!.url).searchParams.get('organization_id');

  it('markAsInactive(id, { organizationId }) sends to that organization', async () => {
    const { books, south, id } = await twoOrganizations();
    await books.contacts.markAsInactive(id, { organizationId: south }).catch(() => undefined);
    expect(lastOrganizationSent()).toBe(south);
    expect(new URL(w.sent.at(-1)!.url).searchParams.has('organizationId')).toBe(false);
  });

  it('a stray query slot or a query key in the options is refused before anything is sent', async () => {
    const { books, south, id } = await twoOrganizations();
    const loose = books.contacts.markAsInactive as (...args: unknown[]) => Promise<unknown>;
    const before = w.sent.length;

    const extra = await loose(id, {}, { organizationId: south }).catch((e: unknown) => e);
    expect(extra).toBeInstanceOf(ConfigError);
    expect((extra as ConfigError).message).toMatch(/takes 2 arguments at most, not 3/);
    expect((extra as ConfigError).hint).toMatch(/contactId, options\?.*options come right after/);

    const query = await loose(id, { status: 'inactive' }).catch((e: unknown) => e);
    expect(query).toBeInstanceOf(ConfigError);
    expect((query as ConfigError).message).toMatch(/status is not a call option/);
    expect((query as ConfigError).hint).toMatch(/organizationId, retryUnsafe, signal, headers/);

    expect(w.sent.length).toBe(before);
    // Trailing undefined arguments are harmless.
    await loose(id, undefined, undefined);
    expect(w.sent.length).toBe(before + 1);
  });
});

/**
 * What an editor shows for the real client: the generated interfaces of generated/api.ts, with named path
 * parameters, a query type per operation, and one record type per resource.
 */
describe('the generated surface of ZohoBooks', () => {
  it('types each module by an explicit interface', () => {
    expectTypeOf<ZohoBooks['invoices']>().toEqualTypeOf<InvoicesApi>();
    expectTypeOf<InvoicesApi['markAsSent']>().toEqualTypeOf<
      (invoiceId: string, options?: CallOptions) => Promise<Acknowledgement>
    >();
    expectTypeOf<InvoicesApi['list']>().parameters.toEqualTypeOf<
      [query?: ListInvoicesQuery, options?: CallOptions]
    >();
    expectTypeOf<ReturnType<InvoicesApi['list']>>().toEqualTypeOf<ListCall<Invoice>>();
    expectTypeOf<ReturnType<InvoicesApi['get']>>().toEqualTypeOf<Promise<Invoice>>();
    // A list that does not page resolves to the array under its key.
    expectTypeOf<ReturnType<InvoicesApi['listComments']>>().toEqualTypeOf<Promise<Comment[]>>();
    expectTypeOf<ListInvoicesQuery['per_page']>().toEqualTypeOf<number | undefined>();
    // The package's one namespace of types names the same things.
    expectTypeOf<Books.InvoicesApi>().toEqualTypeOf<InvoicesApi>();
    expectTypeOf<Books.Invoice>().toEqualTypeOf<Invoice>();
  });

  it('gives list() and get() of a resource the same record type, with typed fields', () => {
    expectTypeOf<ReturnType<RecurringBillsApi['list']>>().toEqualTypeOf<ListCall<RecurringBill>>();
    expectTypeOf<ReturnType<RecurringBillsApi['get']>>().toEqualTypeOf<Promise<RecurringBill>>();
    expectTypeOf<ReturnType<ChartOfAccountsApi['list']>>().toEqualTypeOf<ListCall<ChartOfAccount>>();
    expectTypeOf<ReturnType<ChartOfAccountsApi['get']>>().toEqualTypeOf<Promise<ChartOfAccount>>();
    expectTypeOf<ReturnType<FixedAssetsApi['list']>>().toEqualTypeOf<ListCall<FixedAsset>>();
    expectTypeOf<ReturnType<FixedAssetsApi['get']>>().toEqualTypeOf<Promise<FixedAsset>>();
    expectTypeOf<ReturnType<VendorCreditsApi['list']>>().toEqualTypeOf<ListCall<VendorCredit>>();
    expectTypeOf<ReturnType<VendorCreditsApi['get']>>().toEqualTypeOf<Promise<VendorCredit>>();
    // `string | unknown` is `unknown`: these were, and are strings now.
    expectTypeOf<Invoice['date']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ChartOfAccount['current_balance']>().toEqualTypeOf<number | undefined>();
  });

  it('types call() by operation id with the same arguments and result as the method', async () => {
    expectTypeOf<keyof OperationMethods>().toEqualTypeOf<TableOperation['id']>();
    if (Math.random() > 2) {
      // Never run: types only.
      const books = undefined as unknown as ZohoBooks;
      expectTypeOf(await books.call('get_invoice', '1')).toEqualTypeOf<Invoice>();
      expectTypeOf(books.call('list_invoices', { status: 'unpaid' })).toEqualTypeOf<ListCall<Invoice>>();
      expectTypeOf(
        await books.call('mark_invoice_sent', '1', { retryUnsafe: true }),
      ).toEqualTypeOf<Acknowledgement>();
      // @ts-expect-error mark_invoice_sent takes no query
      await books.call('mark_invoice_sent', '1', {}, {});
      // @ts-expect-error no such operation
      await books.call('mark_invoice_sold', '1');
    }
  });

  it('agrees with the mapped types over the table, on one operation of each shape', () => {
    // Every operation is checked against the table and the binding rule in generated-table.test.ts; the
    // exhaustive type-level comparison costs the type check ~150,000 types, so the shapes are sampled.
    expectTypeOf<Agrees<'mark_invoice_sent'>>().toEqualTypeOf<[true, true]>(); // no body, no query
    expectTypeOf<Agrees<'list_invoices'>>().toEqualTypeOf<[true, true]>(); // pages, optional query
    expectTypeOf<Agrees<'list_records_of_custom_module'>>().toEqualTypeOf<[true, true]>(); // pages, no query
    expectTypeOf<Agrees<'create_invoice'>>().toEqualTypeOf<[true, true]>(); // body and a query
    expectTypeOf<Agrees<'update_invoice'>>().toEqualTypeOf<[true, true]>(); // path, body, query
    expectTypeOf<Agrees<'update_invoice_using_custom_field'>>().toEqualTypeOf<[true, true]>(); // body only
    expectTypeOf<Agrees<'email_invoices'>>().toEqualTypeOf<[true, true]>(); // optional body, required query
    expectTypeOf<Agrees<'list_invoice_comments'>>().toEqualTypeOf<[true, true]>(); // a list that does not page
    expectTypeOf<Agrees<'add_bill_attachment'>>().toEqualTypeOf<[true, true]>(); // multipart
  });
});

type TableOperation = (typeof OPERATIONS)[number];
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Whether the generated method of an operation has the parameters and result the mapped types derive. */
type Agrees<I extends TableOperation['id']> = [
  Same<Parameters<OperationMethods[I]>, ArgsOf<Extract<TableOperation, { id: I }>, SchemaTypes>>,
  Same<ReturnType<OperationMethods[I]>, ReturnOf<Extract<TableOperation, { id: I }>, SchemaTypes>>,
];
