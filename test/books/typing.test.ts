import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { ZohoBooksClient } from '../../src/books/client.js';
import type { ListCall, Page } from '../../src/books/pagination.js';
import type { Operation } from '../../src/books/table.js';
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

type Books = ZohoBooksClient<typeof TABLE, Types>;
let w: World<typeof TABLE>;
afterEach(async () => {
  await w?.close();
});

describe('methods typed from the table', () => {
  it('types arguments and results from the table and the schema types', async () => {
    w = await world({ operations: TABLE });
    const books = w.books as unknown as Books;

    const created = await books.contacts.create({ contact_name: 'Typed Ltd' });
    expectTypeOf(created).toEqualTypeOf<Types['Contact']>();
    const id = created.contact_id!;

    const list = books.contacts.list({ filter_by: 'Status.Active' });
    expectTypeOf(list).toEqualTypeOf<ListCall<Types['Contact']>>();
    const page = await list;
    expectTypeOf(page).toEqualTypeOf<Page<Types['Contact']>>();
    expect(page.items.map((c) => c.contact_id)).toContain(id);

    const done = await books.contacts.markAsInactive(id);
    expectTypeOf(done.code).toEqualTypeOf<number>();
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
    }
  });
});
