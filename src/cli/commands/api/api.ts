import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../../core/errors.js';
import type { ResponseHeaders } from '../../../http/response-headers.js';
import type { HttpMethod, QueryValue } from '../../../http/types.js';
import { openBooks } from '../../books-client.js';
import type { RunContext } from '../../context.js';
import { readLines } from '../../io.js';
import { write } from '../../output/print.js';

export interface ApiOptions {
  method?: string;
  rawField?: string[];
  field?: string[];
  input?: string;
  header?: string[];
  include?: boolean;
  silent?: boolean;
  paginate?: boolean;
  slurp?: boolean;
  org?: string;
  profile?: string;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'];

/**
 * `zbooks api [-X METHOD] PATH`, in the manner of `gh api`: any Books path through the whole pipeline (token,
 * rate limit, safe retries), organization_id filled in, the answer printed as JSON.
 */
export async function run(rawPath: string, options: ApiOptions, ctx: RunContext): Promise<number> {
  const stdin = ctx.io.stdin;
  const { path, query: pathQuery } = splitPath(rawPath);
  const fields = {
    ...(await parseFieldPairs(options.rawField ?? [], false, stdin)),
    ...(await parseFieldPairs(options.field ?? [], true, stdin)),
  };
  const hasFields = Object.keys(fields).length > 0;
  // As gh: fields or a body make it a POST unless -X says otherwise.
  const wantsBody = hasFields || options.input !== undefined;
  const method = (options.method?.toUpperCase() ?? (wantsBody ? 'POST' : 'GET')) as HttpMethod;
  if (!METHODS.includes(method))
    throw new ConfigError(`Unknown method "${options.method}".`, `Use one of ${METHODS.join(', ')}.`);
  if (options.slurp && !options.paginate)
    throw new ConfigError('--slurp goes with --paginate.', 'Add --paginate.');
  if (options.input !== undefined && (method === 'GET' || method === 'HEAD')) {
    throw new ConfigError(
      `A ${method} request has no body: --input cannot go with -X ${method}.`,
      'Drop -X to send it as a POST, or give -X PUT or -X PATCH.',
    );
  }

  // As gh does: fields are the JSON body of a write, the query of a read (or of a write whose body is --input).
  const bodyFromInput = options.input === undefined ? undefined : await readJsonInput(options.input, stdin);
  const fieldsInQuery =
    method === 'GET' || method === 'HEAD' || method === 'DELETE' || bodyFromInput !== undefined;
  const query = { ...pathQuery, ...(fieldsInQuery ? fields : {}) } as Record<string, QueryValue>;
  const body = bodyFromInput ?? (fieldsInQuery || !hasFields ? undefined : fields);
  const headers = parseHeaders(options.header ?? []);

  const settings = await ctx.settings({ profile: options.profile });
  const books = await openBooks(ctx, settings);
  const call = {
    query,
    ...(body !== undefined ? { body } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(options.org ? { organizationId: options.org } : {}),
  };

  if (!options.paginate) {
    const answer = await books.exchange(method, path, call);
    if (options.include) await write(ctx.io.stdout, statusBlock(answer.status, answer.headers));
    if (!options.silent) await write(ctx.io.stdout, `${JSON.stringify(answer.body, null, 2)}\n`);
    return 0;
  }
  // The library's pagination loop, the same as `--all` and `export`: it ends, and refuses to repeat a page.
  const records: unknown[] = [];
  const printSlurped = () =>
    options.slurp && !options.silent
      ? write(ctx.io.stdout, `${JSON.stringify(records, null, 2)}\n`)
      : undefined;
  try {
    for await (const page of books.paginate(method, path, call).pages()) {
      if (options.include)
        await write(ctx.io.stdout, statusBlock(page.status ?? 0, page.headers ?? new Headers()));
      if (options.slurp) records.push(...page.items);
      else if (!options.silent) await write(ctx.io.stdout, `${JSON.stringify(page.response, null, 2)}\n`);
    }
  } catch (error) {
    // What was received stays, even when a later page failed (the exit code says it is incomplete).
    if (records.length > 0) await printSlurped();
    throw error;
  }
  await printSlurped();
  return 0;
}

/** `/invoices?status=paid` → path and query; `invoices` and `/books/v3/invoices` are accepted too. */
function splitPath(raw: string): { path: string; query: Record<string, string> } {
  const [pathPart = '', search = ''] = raw.trim().split('?', 2);
  if (/^[a-z]+:\/\//i.test(pathPart)) {
    throw new ConfigError(
      'zbooks api takes a path, not a URL.',
      'For example: zbooks api /invoices (the host comes from your login).',
    );
  }
  // A /books/<version> prefix is left for the client, which checks it against ZBOOKS_API_VERSION.
  const path = `/${pathPart.replace(/^\/+/, '')}`;
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

/** -f key=value (always a string) and -F key=value (typed: numbers, true/false/null, @file, @- for stdin). */
async function parseFieldPairs(
  pairs: string[],
  typed: boolean,
  stdin: NodeJS.ReadableStream,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new ConfigError(`"${pair}" is not key=value.`, 'Example: -f status=paid, -F per_page=50.');
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1);
    out[key] = typed ? await typedValue(value, stdin) : value;
  }
  return out;
}

async function typedValue(value: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  // Only numbers that survive the round trip: ids of 16+ digits stay strings.
  if (/^-?\d+(\.\d+)?$/.test(value) && String(Number(value)) === value) return Number(value);
  if (value.startsWith('@')) return (await readSource(value.slice(1), stdin)).replace(/\n$/, '');
  return value;
}

async function readSource(source: string, stdin: NodeJS.ReadableStream): Promise<string> {
  try {
    return source === '-' ? (await readLines(stdin)).join('\n') : await readFile(source, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Cannot read ${source} (${(error as NodeJS.ErrnoException).code}).`,
      'Give a readable file, or - for stdin.',
    );
  }
}

async function readJsonInput(source: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  const text = await readSource(source, stdin);
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(
      `--input ${source === '-' ? '-' : source} is not JSON.`,
      'Give a JSON document, e.g. {"customer_id": "…"}.',
    );
  }
}

function parseHeaders(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at <= 0)
      throw new ConfigError(
        `"${line}" is not a header.`,
        'Example: -H "X-Unique-Identifier-Key: cf_order_no".',
      );
    const name = line.slice(0, at).trim();
    if (/^authorization$/i.test(name)) {
      throw new ConfigError(
        'zbooks api sets Authorization itself.',
        'Drop the -H Authorization header: the token comes from your login.',
      );
    }
    out[name] = line.slice(at + 1).trim();
  }
  return out;
}

function statusBlock(status: number, headers: ResponseHeaders): string {
  const lines = [`HTTP ${status}`];
  headers.forEach((value, name) => {
    lines.push(`${name}: ${value}`);
  });
  return `${lines.join('\n')}\n\n`;
}
