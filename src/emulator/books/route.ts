import type { IncomingMessage } from 'node:http';
import type { EmulatorCore } from '../core.js';
import type { AccessTokenRecord, ClientRecord } from '../state.js';
import type { RequiredScope } from './scopes.js';

/** What a Books handler sees once the shared auth and scope check passed. */
export interface BooksContext {
  core: EmulatorCore;
  dc: string;
  req: IncomingMessage;
  url: URL;
  /** Path parameters by the names used in the route pattern, e.g. { invoice_id: '…' }. */
  params: Record<string, string>;
  token: AccessTokenRecord;
  client: ClientRecord;
}

export interface BooksReply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One operation: a method and an OpenAPI-style path under /books/v3, e.g. '/invoices/{invoice_id}'. */
export interface BooksRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  scope: RequiredScope;
  handle(ctx: BooksContext): BooksReply | Promise<BooksReply>;
}
