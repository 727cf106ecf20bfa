import { readFile, writeFile } from 'node:fs/promises';
import type { Operation, OperationParam } from '../../../books/generated/operations.js';
import { takesQuery } from '../../../books/operation-shape.js';
import type { ListCall } from '../../../books/pagination.js';
import { ConfigError } from '../../../core/errors.js';
import { openBooks } from '../../books-client.js';
import type { RunContext } from '../../context.js';
import { parseFields } from '../../formats/index.js';
import { readLines } from '../../io.js';
import { flagOf, PAGING_PARAMS } from '../../modules.js';
import { chooseFormat, printValue, RecordPrinter } from '../../output/print.js';

/** The flags of one operation: its query parameters (camel-cased by commander) and the common ones. */
export type OperationOptions = Record<string, string | boolean | undefined>;
type Options = OperationOptions;

/** Runs one generated operation from the command line and prints its result. */
export async function run(
  op: Operation,
  pathValues: string[],
  options: Options,
  ctx: RunContext,
): Promise<number> {
  const format = chooseFormat(stringOf(options.format), ctx.io.stdout);
  const fields = parseFields(stringOf(options.fields));
  const query = queryFrom(op, options);
  const body = op.body === 'none' ? undefined : await bodyFrom(op, options, ctx.io.stdin);
  const settings = await ctx.settings({ profile: stringOf(options.profile) });
  const books = await openBooks(ctx, settings);
  const callOptions = {
    ...(options.org ? { organizationId: String(options.org) } : {}),
    ...(options.retryUnsafe ? { retryUnsafe: true } : {}),
  };
  const args = [
    ...pathValues,
    ...(op.body === 'none' ? [] : [body]),
    ...(takesQuery(op) ? [query] : []),
    callOptions,
  ];
  const result = (books.call as (id: string, ...rest: unknown[]) => unknown)(op.id, ...args);

  if (op.paginated) {
    await printList(ctx, op, result as ListCall<Record<string, unknown>>, options, format, fields);
    return 0;
  }
  const value = await (result as Promise<unknown>);
  if (isBinary(value)) {
    if (!options.out)
      throw new ConfigError(
        `This answer is a file (${value.content_type}).`,
        'Give --out <file> to save it.',
      );
    await writeFile(String(options.out), value.bytes, { mode: 0o600 });
    ctx.err(`saved ${value.bytes.length} bytes to ${options.out}\n`);
    return 0;
  }
  await printValue(value, { format, fields, rawCells: options.rawCsv === true, out: ctx.io.stdout });
  return 0;
}

async function printList(
  ctx: RunContext,
  op: Operation,
  list: ListCall<Record<string, unknown>>,
  options: Options,
  format: ReturnType<typeof chooseFormat>,
  fields: string[] | undefined,
) {
  const limit = options.limit === undefined ? undefined : positiveInt(String(options.limit), '--limit');
  const printer = new RecordPrinter({
    format,
    fields,
    out: ctx.io.stdout,
    rawCells: options.rawCsv === true,
    module: op.module,
  });
  if (options.all || limit !== undefined) {
    let n = 0;
    try {
      for await (const record of list) {
        if (limit !== undefined && n >= limit) break;
        await printer.record(record);
        n++;
      }
    } catch (error) {
      // Records received before a failure (a page that repeats, a network error) are printed, and printed once;
      // the exit code says the list is incomplete.
      if (n > 0) await printer.end();
      throw error;
    }
    await printer.end();
    return;
  }
  const page = await list;
  for (const record of page.items) await printer.record(record);
  await printer.end();
  if (page.hasMore) ctx.err(`(more records: --page ${page.page + 1}, or --all for every page)\n`);
}

/** Query flags, typed by the table: integers, numbers and booleans are checked here, not by Zoho. */
function queryFrom(op: Operation, options: Options): Record<string, string | number | boolean> {
  const query: Record<string, string | number | boolean> = {};
  for (const param of op.query) {
    if (PAGING_PARAMS.has(param.name)) continue;
    const raw = options[camel(flagOf(param.name))];
    if (raw === undefined) continue;
    query[param.name] = typed(param, String(raw));
  }
  if (options.page !== undefined) query.page = positiveInt(String(options.page), '--page');
  if (options.perPage !== undefined) {
    const perPage = positiveInt(String(options.perPage), '--per-page');
    if (perPage > 200)
      throw new ConfigError('--per-page is at most 200 (Zoho’s maximum).', 'Use --all to walk every page.');
    query.per_page = perPage;
  }
  return query;
}

function typed(param: OperationParam, raw: string): string | number | boolean {
  const flag = `--${flagOf(param.name)}`;
  if (param.enum && !param.enum.includes(raw)) {
    throw new ConfigError(`${flag} must be one of ${param.enum.join(', ')}, not "${raw}".`, `See --help.`);
  }
  switch (param.type) {
    case 'integer':
      if (!/^-?\d+$/.test(raw))
        throw new ConfigError(`${flag} takes a whole number, not "${raw}".`, 'Example: 10.');
      // Long integers (ids) stay strings: they would lose digits as numbers.
      return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
    case 'number':
      if (!Number.isFinite(Number(raw)))
        throw new ConfigError(`${flag} takes a number, not "${raw}".`, 'Example: 12.5.');
      return Number(raw);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false')
        throw new ConfigError(`${flag} takes true or false, not "${raw}".`, 'Example: true.');
      return raw === 'true';
    default:
      return raw;
  }
}

async function bodyFrom(op: Operation, options: Options, stdin: NodeJS.ReadableStream): Promise<unknown> {
  const source = stringOf(options.body);
  if (source === undefined) {
    if (op.bodyRequired)
      throw new ConfigError(
        `This operation needs a JSON body.`,
        'Give --body <file>, or --body - to read it from stdin.',
      );
    return undefined;
  }
  let text: string;
  try {
    text = source === '-' ? (await readLines(stdin)).join('\n') : await readFile(source, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Cannot read the body from ${source} (${(error as NodeJS.ErrnoException).code}).`,
      'Give the path of a JSON file, or - for stdin.',
    );
  }
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body;
  } catch {
    // below
  }
  throw new ConfigError(
    `The body from ${source === '-' ? 'stdin' : source} is not a JSON object.`,
    'Zoho takes one JSON object, e.g. {"customer_id": "…"}.',
  );
}

function positiveInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError(`${flag} takes a whole number from 1, not "${raw}".`, `Example: ${flag} 2.`);
  return n;
}

/** A string flag's value (commander gives `true` for a flag without its value only when declared so). */
const stringOf = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

const camel = (flag: string) => flag.replace(/-([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());

function isBinary(value: unknown): value is { content_type: string; bytes: Uint8Array } {
  return (
    !!value &&
    typeof value === 'object' &&
    'bytes' in value &&
    (value as { bytes: unknown }).bytes instanceof Uint8Array
  );
}
