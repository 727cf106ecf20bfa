import { BooksClient, type ZohoBooksClient } from './client.js';
import { OPERATIONS } from './generated/operations.js';
import type { SchemaTypes } from './generated/types.js';
import type { ZohoBooksOptions } from './options.js';

/** The schema names of the table mapped to the generated interfaces (records and request bodies). */
export type BooksSchemaTypes = SchemaTypes;

export type BooksOperations = typeof OPERATIONS;

/** The Books client over the whole generated table: `books.invoices.list()`, `books.call('get_invoice', id)`. */
export type ZohoBooks = ZohoBooksClient<BooksOperations, BooksSchemaTypes>;

class ZohoBooksImpl extends BooksClient<BooksOperations, BooksSchemaTypes> {
  constructor(options: ZohoBooksOptions) {
    super(options, OPERATIONS);
  }
}

/** `new ZohoBooks({ auth, organizationId? })`; the module properties are typed by the table. */
export const ZohoBooks = ZohoBooksImpl as unknown as new (options: ZohoBooksOptions) => ZohoBooks;
