import { ConfigError } from '../core/errors.js';
import type { QueryValue } from '../http/types.js';
import { type Operation, takesQuery } from './operation-shape.js';

/** Per call, after the operation's own arguments. */
export interface CallOptions {
  /** This call only: another organization than the client's. */
  organizationId?: string;
  /**
   * Accept a possible duplicate: resend this POST/PUT/DELETE if its answer is lost. Off by default because
   * Zoho has no idempotency keys.
   */
  retryUnsafe?: boolean;
  signal?: AbortSignal;
  /** Extra headers, e.g. X-Unique-Identifier-Key / -Value and X-Upsert for upserts. */
  headers?: Record<string, string>;
}

/** Every key of CallOptions (tsc insists on each): anything else in the options slot is a mistake. */
const CALL_OPTION_KEYS: Readonly<Record<keyof CallOptions, true>> = {
  organizationId: true,
  retryUnsafe: true,
  signal: true,
  headers: true,
};

export interface BoundArguments {
  path: string;
  /** The organization named in the path (`/organizations/{organization_id}`), if any. */
  pathOrganizationId: string | undefined;
  body: unknown;
  query: Record<string, QueryValue>;
  options: CallOptions;
}

/**
 * Positional arguments of a generated method: path parameters in path order, then the body when the
 * operation takes one, then the query when it takes one (see takesQuery), then per-call options. Checked
 * before anything is sent.
 */
export function bindArguments(op: Operation, args: readonly unknown[]): BoundArguments {
  const n = op.pathParams.length;
  const hasQuery = takesQuery(op);
  // Counted, not built per call: the names are spelled out only in the error.
  const most = n + (op.body === 'none' ? 0 : 1) + (hasQuery ? 1 : 0) + 1;
  const given = givenCount(args);
  if (given > most) {
    const names = parameterNames(op);
    throw new ConfigError(
      `${signature(op)} takes ${most} argument${most === 1 ? '' : 's'} at most, not ${given}.`,
      `Arguments: ${names.join(', ')}.${hasQuery ? '' : ' It takes no query: its options come right after the path parameters.'}`,
    );
  }
  let next = n;
  const body = op.body === 'none' ? undefined : args[next++];
  const query = hasQuery ? args[next++] : undefined;
  const values = op.pathParams.map((name, i) => idValue(op, name, args[i]));
  if (op.body !== 'none' && op.bodyRequired && (body === undefined || body === null)) {
    throw new ConfigError(`${signature(op)} needs a body.`, bodyHint(op));
  }
  if (body !== undefined && body !== null && typeof body !== 'object') {
    throw new ConfigError(`${signature(op)}: the body must be an object.`, bodyHint(op));
  }
  const q = checkQuery(op, query);
  const options = checkOptions(op, args[next]);
  let path = op.path;
  op.pathParams.forEach((name, i) => {
    path = path.replace(`{${name}}`, encodeURIComponent(values[i]!));
  });
  const orgIndex = op.pathParams.indexOf('organization_id');
  return {
    path,
    pathOrganizationId: orgIndex >= 0 ? values[orgIndex] : undefined,
    body,
    query: q,
    options,
  };
}

/** The method's parameters as an error shows them: `invoiceId, body, query?, options?`. */
function parameterNames(op: Operation): string[] {
  return [
    ...op.pathParams.map((name) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())),
    ...(op.body === 'none' ? [] : [op.bodyRequired ? 'body' : 'body?']),
    ...(takesQuery(op) ? [op.query.some((p) => p.required) ? 'query' : 'query?'] : []),
    'options?',
  ];
}

/** How many arguments were given, trailing undefined ones not counted. */
function givenCount(args: readonly unknown[]): number {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end -= 1;
  return end;
}

/** A query object passed where the options go (an operation without a query) must not vanish silently. */
function checkOptions(op: Operation, options: unknown): CallOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigError(`${signature(op)}: the options must be an object.`, optionsHint(op));
  }
  const unknown = Object.keys(options).filter((key) => !Object.hasOwn(CALL_OPTION_KEYS, key));
  if (unknown.length > 0) {
    throw new ConfigError(
      `${signature(op)}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a call option' : 'are not call options'}.`,
      optionsHint(op),
    );
  }
  return options as CallOptions;
}

/** Ids are strings (15–19 digits overflow a JS number); a safe integer is accepted and converted. */
function idValue(op: Operation, name: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'bigint' && value >= 0n) return value.toString();
  if (typeof value === 'number') {
    throw new ConfigError(
      `${signature(op)}: ${name} must be passed as a string (this number is not an exact id).`,
      'Zoho ids have up to 19 digits, more than a JavaScript number holds exactly: keep them as strings.',
    );
  }
  throw new ConfigError(
    `${signature(op)}: ${name} is missing or not an id.`,
    `Pass ${name} (a string of digits) as argument ${op.pathParams.indexOf(name) + 1}.`,
  );
}

function checkQuery(op: Operation, query: unknown): Record<string, QueryValue> {
  if (query !== undefined && query !== null && (typeof query !== 'object' || Array.isArray(query))) {
    throw new ConfigError(`${signature(op)}: the query must be an object.`, queryHint(op));
  }
  const q = { ...(query as Record<string, QueryValue> | undefined) };
  const missing = op.query.filter((p) => p.required && (q[p.name] === undefined || q[p.name] === null));
  if (missing.length > 0) {
    throw new ConfigError(
      `${signature(op)} needs the query parameter${missing.length > 1 ? 's' : ''} ${missing.map((p) => p.name).join(', ')}.`,
      queryHint(op),
    );
  }
  return q;
}

function signature(op: Operation) {
  return `${op.module}.${op.name}() (${op.httpMethod} ${op.path})`;
}
function bodyHint(op: Operation) {
  return `Arguments: ${parameterNames(op).join(', ')}; the body is ${op.requestSchema ?? 'an object'}.`;
}
function optionsHint(op: Operation) {
  return `Call options are ${Object.keys(CALL_OPTION_KEYS).join(', ')}.${
    takesQuery(op)
      ? ` Query parameters go in the query argument (${parameterNames(op).join(', ')}).`
      : ` ${op.id} takes no query parameters; books.request() sends any.`
  }`;
}
function queryHint(op: Operation) {
  return `Query parameters of ${op.id}: ${op.query.map((p) => `${p.name}${p.required ? '' : '?'}`).join(', ') || '(none)'}.`;
}
