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
  readonly id: string;
  readonly module: string;
  readonly name: string;
  readonly httpMethod: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Relative to /books/v3, e.g. '/invoices/{invoice_id}/status/sent'. */
  readonly path: string;
  readonly pathParams: readonly string[];
  /** Without organization_id, which the client adds. */
  readonly query: readonly OperationParam[];
  readonly body: 'none' | 'json' | 'multipart';
  readonly bodyRequired: boolean;
  /** The envelope key holding the result ('invoices', 'invoice'), or null when there is none. */
  readonly responseKey: string | null;
  readonly paginated: boolean;
  readonly scope: string;
  readonly responseSchema: string | null;
  readonly requestSchema: string | null;
}
