import type { IncomingMessage } from 'node:http';
import type { EmulatorCore } from '../emulator-core.js';
import type { AccessTokenRecord, ClientRecord, OrganizationRecord } from '../state.js';
import type { BooksBody } from './request-body.js';
import type { OrgStore, Rec } from './state.js';
import type { Operation } from './surface-index.js';

/** What a Books handler sees once auth, scope, organization and rate limits passed. */
export interface BooksContext {
  core: EmulatorCore;
  dc: string;
  req: IncomingMessage;
  url: URL;
  /** Path parameters by the names of the operation's path, e.g. { invoice_id: '…' }. */
  params: Record<string, string>;
  /** Path parameter values in path order (names differ between operations of one resource). */
  paramValues: string[];
  token: AccessTokenRecord;
  client: ClientRecord;
  /** The operation the route serves, and any other operation sharing its method and path. */
  op: Operation;
  aliases: readonly Operation[];
  /** The organization of `organization_id`; absent only for the calls that need none. */
  org: OrganizationRecord | undefined;
  store: OrgStore | undefined;
  /** The records the path names, by path value (undefined for values that are not records). */
  records: readonly (Rec | undefined)[];
  /** The record the operation acts on (the deepest one the path names), checked to exist. */
  subject: Rec | undefined;
  body: BooksBody;
  now: number;
}

export interface BooksReply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A file instead of JSON (a PDF, an attachment): sent as is with its content type. */
  file?: { data: Buffer; contentType: string; name?: string };
}

export type BooksHandler = (ctx: BooksContext) => BooksReply | Promise<BooksReply>;

/** The organization a handler works in; the router guarantees it for every call that needs one. */
export function storeOf(ctx: BooksContext): OrgStore {
  if (!ctx.store) throw new Error(`operation ${ctx.op.id} ran without an organization`);
  return ctx.store;
}
