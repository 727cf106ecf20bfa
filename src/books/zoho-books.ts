import { BooksClient } from './client.js';
import type { BooksApi, OperationMethods } from './generated/api.js';
import { OPERATIONS, type OperationTable } from './generated/operations.js';
import type { SchemaTypes } from './generated/types.js';
import type { ZohoBooksOptions } from './options.js';

/**
 * The Books client: every module of the API as a property (`books.invoices.list()`), typed by the
 * generated interfaces of generated/api.ts (`InvoicesApi`…); any operation by id (`books.call('get_invoice',
 * id)`); any path (`books.request('GET', '/settings/taxes')`).
 */
export interface ZohoBooks extends BooksApi, Omit<BooksClient<OperationTable, SchemaTypes>, 'call'> {
  /** Calls an operation by its id, with the arguments of its method: `books.call('get_invoice', invoiceId)`. */
  call<I extends keyof OperationMethods>(
    operationId: I,
    ...args: Parameters<OperationMethods[I]>
  ): ReturnType<OperationMethods[I]>;
}

/**
 * The runtime is BooksClient over the generated table: it builds `books.<module>.<name>` from the table.
 * Its type is the interface above, whose explicit signatures an editor can show (BooksClient's own `call`
 * is typed by mapped types over the table, which print as the whole table).
 */
class GeneratedBooksClient extends BooksClient<OperationTable, SchemaTypes> {
  constructor(options: ZohoBooksOptions) {
    super(options, OPERATIONS);
  }
}

/** `new ZohoBooks({ auth, organizationId? })`. */
export const ZohoBooks = GeneratedBooksClient as unknown as new (options: ZohoBooksOptions) => ZohoBooks;
