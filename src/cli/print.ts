import { once } from 'node:events';
import { ConfigError } from '../core/errors.js';
import { createEncoder, type Encoder, pick } from './formats/index.js';
import { renderRecord, renderTable } from './table.js';

export type Format = 'json' | 'ndjson' | 'csv' | 'table';
const FORMATS: readonly Format[] = ['json', 'ndjson', 'csv', 'table'];

/** `--format`, or a table for a person at a terminal and JSON for a pipe. */
export function chooseFormat(flag: string | undefined, out: NodeJS.WriteStream = process.stdout): Format {
  if (flag === undefined) return out.isTTY ? 'table' : 'json';
  if ((FORMATS as readonly string[]).includes(flag)) return flag as Format;
  throw new ConfigError(`Unknown format "${flag}".`, `Use one of: ${FORMATS.join(', ')}.`);
}

/** Writes with backpressure, so streaming thousands of records keeps memory flat. */
export async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Prints records as they come (pages of a list) through the shared encoders (json, ndjson, csv), or as a
 * table at the end (it needs every width). Values are printed as received: ids stay strings.
 */
export class RecordPrinter {
  readonly #fields: string[] | undefined;
  readonly #out: NodeJS.WritableStream;
  readonly #encoder: Encoder | undefined;
  readonly #collected: Record<string, unknown>[] = [];

  /** `rawCells`: csv cells exactly as received, without the guard against spreadsheet formulas. */
  constructor(
    format: Format,
    fields: string[] | undefined,
    out: NodeJS.WritableStream = process.stdout,
    rawCells = false,
  ) {
    this.#fields = fields;
    this.#out = out;
    this.#encoder = format === 'table' ? undefined : createEncoder(format, fields, { rawCells });
  }

  async record(record: Record<string, unknown>): Promise<void> {
    if (this.#encoder) await write(this.#out, this.#encoder.line(record));
    else this.#collected.push(record);
  }

  async end(): Promise<void> {
    const columns = (this.#out as NodeJS.WriteStream).columns ?? 120;
    await write(
      this.#out,
      this.#encoder ? this.#encoder.footer() : `${renderTable(this.#collected, this.#fields, columns)}\n`,
    );
  }
}

/** One result: a list, a record (a table shows it as field/value lines), or a plain envelope. */
export async function printValue(
  value: unknown,
  format: Format,
  fields: string[] | undefined,
  rawCells = false,
): Promise<void> {
  if (Array.isArray(value)) {
    const printer = new RecordPrinter(format, fields, process.stdout, rawCells);
    for (const item of value) await printer.record(item as Record<string, unknown>);
    await printer.end();
  } else if (value && typeof value === 'object' && format === 'table') {
    await write(process.stdout, `${renderRecord(value as Record<string, unknown>, fields)}\n`);
  } else if (value && typeof value === 'object' && format !== 'json') {
    const encoder = createEncoder(format as 'ndjson' | 'csv', fields, { rawCells });
    await write(process.stdout, `${encoder.line(value as Record<string, unknown>)}${encoder.footer()}`);
  } else {
    const shown =
      value && typeof value === 'object' && fields ? pick(value as Record<string, unknown>, fields) : value;
    await write(process.stdout, `${JSON.stringify(shown, null, 2)}\n`);
  }
}
