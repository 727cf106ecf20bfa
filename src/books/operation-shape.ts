/**
 * The shape of the generated operations table (src/books/generated/operations.ts) as the client reads it.
 * The client is written against this shape only, so tests can hand it a small table of their own.
 */
export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

export interface OperationParam {
  readonly name: string;
  readonly type: ParamType;
  readonly required: boolean;
  readonly enum?: readonly string[];
}

export interface Operation {
  /** Zoho's operationId, unique (synthesized where the spec lacks one or repeats one). */
  readonly id: string;
  /** Client namespace: the camelCase of the OpenAPI file name. */
  readonly module: string;
  /** Method name within the module, derived from the id. */
  readonly name: string;
  readonly httpMethod: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Relative to /books/v3, e.g. '/invoices/{invoice_id}/status/sent'. */
  readonly path: string;
  /** In path order. */
  readonly pathParams: readonly string[];
  /** Without organization_id, which the client adds. */
  readonly query: readonly OperationParam[];
  readonly body: 'none' | 'json' | 'multipart';
  readonly bodyRequired: boolean;
  /** The envelope key holding the result ('invoices', 'invoice'), or null when there is none. */
  readonly responseKey: string | null;
  /** Whether the value under responseKey is a list of records or one record (null without a key). */
  readonly responseKind: 'list' | 'record' | null;
  /** A list answering page_context and taking page/per_page. */
  readonly paginated: boolean;
  /** The OAuth scope the operation needs, e.g. ZohoBooks.invoices.CREATE. */
  readonly scope: string;
  /** Name of the record type (generated/types.ts) of the value under responseKey. */
  readonly responseSchema: string | null;
  /** Name of the request body type (generated/types.ts). */
  readonly requestSchema: string | null;
}

/**
 * Whether a method takes a query argument: only when the operation declares query parameters or pages.
 * The others go from their path parameters (and body) straight to the call options:
 * `markAsSent(invoiceId, options?)`. The argument binding, the generated signatures and the mapped types
 * all follow this one rule.
 */
export function takesQuery(op: Pick<Operation, 'query' | 'paginated'>): boolean {
  return op.query.length > 0 || op.paginated;
}
