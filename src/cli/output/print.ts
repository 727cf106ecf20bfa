import { once } from 'node:events';
import { ConfigError } from '../../core/errors.js';
import type { CliOutput } from '../context.js';
import { createEncoder, type Encoder, pick } from '../formats/index.js';
import { didYouMean } from '../suggest.js';
import { renderRecord, renderTable } from './terminal-table.js';

type Format = 'json' | 'ndjson' | 'csv' | 'table';
const FORMATS: readonly Format[] = ['json', 'ndjson', 'csv', 'table'];

/** `--format`, or a table for a person at a terminal and JSON for a pipe. */
export function chooseFormat(flag: string | undefined, out: CliOutput): Format {
  if (flag === undefined) return out.isTTY ? 'table' : 'json';
  if ((FORMATS as readonly string[]).includes(flag)) return flag as Format;
  throw new ConfigError(`Unknown format "${flag}".`, `Use one of: ${FORMATS.join(', ')}.`);
}

/** Writes with backpressure, so streaming thousands of records keeps memory flat. */
export async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * `--fields` names checked against a record received: a typo is an error with the likely field, not a column
 * that stays empty. A dotted path is checked by its first key (the rest may be absent in some records).
 */
export function checkFields(fields: readonly string[] | undefined, record: Record<string, unknown>): void {
  if (!fields) return;
  const keys = Object.keys(record);
  for (const field of fields) {
    if (Object.hasOwn(record, field) || Object.hasOwn(record, field.split('.')[0]!)) continue;
    throw new ConfigError(
      `--fields: the records have no field "${field}".${didYouMean(field, keys)}`,
      `Their fields: ${keys.join(', ')}.`,
    );
  }
}

interface PrintOptions {
  format: Format;
  fields: string[] | undefined;
  out: CliOutput;
  /** csv cells exactly as received, without the guard against spreadsheet formulas. */
  rawCells?: boolean;
  /** The Books module the records come from: a table shows that module's columns. */
  module?: string;
}

/**
 * Prints records as they come (pages of a list) through the shared encoders (json, ndjson, csv), or as a
 * table at the end (it needs every width). Values are printed as received: ids stay strings.
 */
export class RecordPrinter {
  readonly #options: PrintOptions;
  readonly #encoder: Encoder | undefined;
  readonly #collected: Record<string, unknown>[] = [];
  #checked = false;

  constructor(options: PrintOptions) {
    this.#options = options;
    this.#encoder =
      options.format === 'table'
        ? undefined
        : createEncoder(options.format, options.fields, { rawCells: options.rawCells ?? false });
  }

  async record(record: Record<string, unknown>): Promise<void> {
    if (!this.#checked) {
      checkFields(this.#options.fields, record);
      this.#checked = true;
    }
    if (this.#encoder) await write(this.#options.out, this.#encoder.line(record));
    else this.#collected.push(record);
  }

  async end(): Promise<void> {
    const { out, fields, module } = this.#options;
    await write(
      out,
      this.#encoder
        ? this.#encoder.footer()
        : `${renderTable(this.#collected, { fields, width: out.columns ?? 120, module })}\n`,
    );
  }
}

/** One result: a list, a record (a table shows it as field/value lines), or a plain envelope. */
export async function printValue(value: unknown, options: PrintOptions): Promise<void> {
  const { format, fields, out } = options;
  if (Array.isArray(value)) {
    const printer = new RecordPrinter(options);
    for (const item of value) await printer.record(item as Record<string, unknown>);
    await printer.end();
    return;
  }
  if (value && typeof value === 'object') checkFields(fields, value as Record<string, unknown>);
  if (value && typeof value === 'object' && format === 'table') {
    await write(out, `${renderRecord(value as Record<string, unknown>, fields)}\n`);
  } else if (value && typeof value === 'object' && format !== 'json') {
    const encoder = createEncoder(format as 'ndjson' | 'csv', fields, {
      rawCells: options.rawCells ?? false,
    });
    await write(out, `${encoder.line(value as Record<string, unknown>)}${encoder.footer()}`);
  } else {
    const shown =
      value && typeof value === 'object' && fields ? pick(value as Record<string, unknown>, fields) : value;
    await write(out, `${JSON.stringify(shown, null, 2)}\n`);
  }
}
