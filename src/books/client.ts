import { ConfigError, ZbooksError } from '../core/errors.js';
import { knownGrantedScopes, scopeCovers } from '../core/scopes.js';
import type { BinaryBody } from '../http/decode.js';
import { scopeErrorBeforeSending } from '../http/error-factory.js';
import { HttpClient } from '../http/http-client.js';
import type { RateLimitStatus } from '../http/rate-limiter.js';
import type { ResponseHeaders } from '../http/response-headers.js';
import type { HttpMethod, HttpRequest, QueryValue } from '../http/types.js';
import { type BoundArguments, bindArguments, type CallOptions } from './arguments.js';
import { serializeBody } from './body.js';
import type { ArgsOf, BooksModules, OperationById, RawQuery, ReturnOf } from './method-types.js';
import { OperationIndex } from './operation-index.js';
import type { Operation } from './operation-shape.js';
import { resolveOptions, type ZohoBooksOptions } from './options.js';
import { type Organization, OrganizationResolver } from './organization-resolver.js';
import { ListCall, type Page } from './pagination.js';
import { toPage, toRawPage, unwrap } from './results.js';

export interface RequestOptions extends CallOptions {
  query?: RawQuery;
  /** Sent as JSON; a FormData goes as multipart. */
  body?: unknown;
}

/** GET /organizations is the one call made without an organization (REFERENCE §5). */
const needsOrganization = (method: string, path: string) => !(method === 'GET' && path === '/organizations');

/**
 * The Books client: thin methods over one request path (stripe-node's model). Every operation of the table
 * is reachable as `books.<module>.<name>(…)`, by id with `call()`, or raw with `request()`; all of them
 * go through the same pipeline (auth → rate limit → retry → transport) and the same error factory.
 */
export class BooksClient<T extends readonly Operation[], Types> {
  readonly operations: T;
  readonly #http: HttpClient;
  readonly #orgs: OrganizationResolver;
  readonly #perPage: number;
  readonly #byId: ReadonlyMap<string, Operation>;
  readonly #owned: { close(): Promise<void> }[];
  readonly #apiVersion: string;
  readonly #index: OperationIndex;
  readonly #grantedUpFront: string[] | undefined;

  constructor(options: ZohoBooksOptions, operations: T) {
    const resolved = resolveOptions(options);
    this.#http = new HttpClient(resolved.http);
    this.#apiVersion = resolved.apiVersion;
    this.#grantedUpFront = knownGrantedScopes(resolved.http.grantedScope);
    this.#index = new OperationIndex(operations);
    this.#perPage = resolved.perPage;
    this.#owned = resolved.owned;
    this.#orgs = new OrganizationResolver(resolved.organizationId, () => this.listOrganizations());
    this.operations = operations;
    this.#byId = new Map(operations.map((op) => [op.id, op]));
    for (const [module, methods] of groupByModule(operations)) {
      if (module in this) {
        throw new ZbooksError(
          `The module name "${module}" clashes with a client member.`,
          'A bug in zbooks.',
        );
      }
      const target: Record<string, (...args: unknown[]) => unknown> = {};
      for (const op of methods) target[op.name] = (...args) => this.#invoke(op, args);
      Object.defineProperty(this, module, { value: Object.freeze(target), enumerable: true });
    }
  }

  /** Calls an operation by its id: `books.call('mark_invoice_sent', invoiceId)`. */
  call<I extends T[number]['id']>(
    operationId: I,
    ...args: ArgsOf<OperationById<T, I>, Types>
  ): ReturnOf<OperationById<T, I>, Types> {
    const op = this.#byId.get(operationId);
    if (!op) {
      throw new ConfigError(
        `Unknown operation "${operationId}".`,
        'Operation ids are listed in books.operations.',
      );
    }
    return this.#invoke(op, args) as ReturnOf<OperationById<T, I>, Types>;
  }

  /**
   * The escape hatch: any method and path under /books/<version> (`/invoices`, or with the prefix), through
   * the same pipeline. `organization_id` is added (except for GET /organizations). Resolves with the whole
   * envelope. A path that is one of the table's operations gets that operation's scope checks.
   */
  async request<R = Record<string, unknown>>(
    method: HttpMethod,
    path: string,
    options: RequestOptions = {},
  ): Promise<R> {
    return (await this.exchange(method, path, options)).body as R;
  }

  /** As request(), with the HTTP status and headers of the answer. */
  async exchange(
    method: HttpMethod,
    path: string,
    options: RequestOptions = {},
  ): Promise<{ status: number; headers: ResponseHeaders; body: Record<string, unknown> | BinaryBody }> {
    const relative = relativePath(path, this.#apiVersion);
    const { query, body, organizationId, ...call } = options;
    const op = this.#index.find(method, relative);
    const known = op ? { scope: op.scope, operationId: op.id } : {};
    this.#refuseUngranted({ method, path: relative, ...known });
    const org = needsOrganization(method, relative)
      ? (organizationId ?? (await this.#orgs.resolve()))
      : undefined;
    return this.#http.exchange({
      method,
      path: relative,
      query: withOrganization(query ?? {}, org),
      body: serializeBody(body instanceof FormData ? 'multipart' : 'json', body),
      organizationId: org,
      ...known,
      ...requestFlags(call),
    });
  }

  /**
   * Every page of any list path through the one pagination loop (what `zbooks api --paginate` uses): each page
   * carries the whole envelope with its HTTP status and headers, and its records are the envelope's array.
   * Starts at `query.page` (default 1).
   */
  paginate(method: HttpMethod, path: string, options: RequestOptions = {}): ListCall<unknown> {
    const first = Number(options.query?.page ?? 1);
    return new ListCall(
      async (page) =>
        toRawPage(await this.exchange(method, path, { ...options, query: { ...options.query, page } }), page),
      Number.isInteger(first) && first > 1 ? first : 1,
      `${method} ${path}`,
    );
  }

  /** The organizations this login reaches (GET /organizations), ids as strings. */
  async listOrganizations(): Promise<Organization[]> {
    const envelope = (await this.#http.send({
      method: 'GET',
      path: '/organizations',
      scope: 'ZohoBooks.settings.READ',
      operationId: 'list_organizations',
    })) as { organizations?: unknown };
    const list = Array.isArray(envelope.organizations) ? envelope.organizations : [];
    return list.map((o: Organization) => ({ ...o, organization_id: String(o.organization_id) }));
  }

  /** The organization calls go to, found once (see OrganizationResolver). */
  organizationId(): Promise<string> {
    return this.#orgs.resolve();
  }

  /** Limits of an organization (default: the client's): window use, concurrency, Zoho's daily budget. */
  rateLimit(organizationId?: string): RateLimitStatus {
    return this.#http.rateLimiter.status(organizationId ?? this.#orgs.known);
  }

  /** Closes what the client opened (a Redis connection, the token store it built). */
  async close(): Promise<void> {
    this.#http.close();
    await Promise.all(this.#owned.map((o) => o.close()));
  }

  #invoke(op: Operation, args: readonly unknown[]): unknown {
    let bound: BoundArguments;
    try {
      bound = bindArguments(op, args);
    } catch (error) {
      // A bad argument rejects like any other failure instead of throwing from an async-looking call.
      if (op.paginated) return new ListCall(() => Promise.reject(error), 1, describe(op));
      return Promise.reject(error);
    }
    if (op.paginated) {
      const first = Number(bound.query.page ?? 1);
      return new ListCall(
        (page) => this.#fetchPage(op, bound, page),
        Number.isInteger(first) && first > 1 ? first : 1,
        describe(op),
      );
    }
    return this.#callOperation(op, bound).then((envelope) => unwrap(op, envelope));
  }

  async #fetchPage(op: Operation, bound: BoundArguments, page: number): Promise<Page<unknown>> {
    const perPage = bound.query.per_page ?? this.#perPage;
    return toPage(op, await this.#callOperation(op, bound, { page, per_page: perPage }), page);
  }

  /**
   * Not an async function: with the organization known (nearly always), a call goes to the pipeline without a
   * frame or a wait of its own. Failures before sending still reject, never throw.
   */
  #callOperation(
    op: Operation,
    bound: BoundArguments,
    extraQuery?: Record<string, QueryValue>,
  ): Promise<Record<string, unknown> | BinaryBody> {
    try {
      this.#refuseUngranted({ method: op.httpMethod, path: bound.path, scope: op.scope, operationId: op.id });
      if (!needsOrganization(op.httpMethod, op.path)) return this.#send(op, bound, extraQuery, undefined);
      const org = bound.pathOrganizationId ?? bound.options.organizationId ?? this.#orgs.known;
      if (org !== undefined) return this.#send(op, bound, extraQuery, org);
      return this.#orgs.resolve().then((found) => this.#send(op, bound, extraQuery, found));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The request built once, in one object: the pipeline's layers add to it, nothing here is copied twice. */
  #send(
    op: Operation,
    bound: BoundArguments,
    extraQuery: Record<string, QueryValue> | undefined,
    org: string | undefined,
  ): Promise<Record<string, unknown> | BinaryBody> {
    const query =
      org === undefined
        ? extraQuery
          ? { ...bound.query, ...extraQuery }
          : bound.query
        : { ...bound.query, ...extraQuery, organization_id: org };
    const request: { -readonly [K in keyof HttpRequest]: HttpRequest[K] } = {
      method: op.httpMethod,
      path: bound.path,
      query,
      body: serializeBody(op.body, bound.body),
      organizationId: org,
      scope: op.scope,
      operationId: op.id,
    };
    const { retryUnsafe, signal, headers } = bound.options;
    if (retryUnsafe) request.retryUnsafe = true;
    if (signal) request.signal = signal;
    if (headers) request.headers = headers;
    return this.#http.send(request);
  }

  /**
   * With the granted scopes known up front (grantedScope), a call they do not cover fails here, before even
   * the organization is looked up: no token and no Books request is spent on it.
   */
  #refuseUngranted(request: { method: string; path: string; scope?: string; operationId?: string }): void {
    const granted = this.#grantedUpFront;
    if (granted && request.scope && !scopeCovers(granted, request.scope)) {
      throw scopeErrorBeforeSending(request, { granted: granted.join(', ') });
    }
  }
}

export type BooksClientFor<T extends readonly Operation[], Types> = BooksClient<T, Types> &
  BooksModules<T, Types>;

const describe = (op: Operation) => `${op.httpMethod} ${op.path}`;

function groupByModule(operations: readonly Operation[]): Map<string, Operation[]> {
  const modules = new Map<string, Operation[]>();
  for (const op of operations) {
    const list = modules.get(op.module) ?? [];
    list.push(op);
    modules.set(op.module, list);
  }
  return modules;
}

function requestFlags(options: CallOptions): Partial<HttpRequest> {
  return {
    ...(options.retryUnsafe ? { retryUnsafe: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  };
}

function withOrganization(query: Record<string, QueryValue>, org: string | undefined) {
  return org === undefined ? query : { ...query, organization_id: org };
}

function relativePath(path: string, version: string): string {
  if (typeof path !== 'string' || !path.startsWith('/') || /[?#]/.test(path) || path.includes('://')) {
    throw new ConfigError(
      `books.request() takes a path under /books/${version}, such as "/invoices", without a query string.`,
      'Put parameters in { query }; the host comes from the token (or the apiDomain option).',
    );
  }
  const prefix = /^\/books\/(v\d+)(?=\/|$)/i.exec(path);
  if (!prefix) return path;
  if (prefix[1]!.toLowerCase() !== version) {
    throw new ConfigError(
      `The path ${path.slice(0, prefix[0].length)}/… names Books ${prefix[1]}, but this client uses ${version}.`,
      `Give the path without the prefix ("${path.slice(prefix[0].length) || '/'}"), or set the apiVersion option (ZBOOKS_API_VERSION) to ${prefix[1]!.toLowerCase()}.`,
    );
  }
  return path.slice(prefix[0].length) || '/';
}
