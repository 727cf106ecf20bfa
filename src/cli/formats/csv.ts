import type { Encoder } from './encoder.js';
import { valueAt } from './fields.js';

/** RFC 4180: a field holding a comma, a quote, CR or LF is quoted, with its quotes doubled. */
const NEEDS_QUOTES = /[",\r\n]/;

/** OWASP's CSV injection rule: a spreadsheet reads a cell starting with one of these as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** …except a plain number (`-12.5`, `+3`, `1e5`), which is data and must stay as it is. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * One cell, as received: strings unchanged, numbers as JavaScript prints them (no rounding, no grouping),
 * objects and arrays as JSON text, null and undefined empty. Unless `raw`, a cell a spreadsheet would run as
 * a formula (customer-typed text such as `=HYPERLINK(…)` or `+cmd|…`) is neutralised as OWASP advises: a
 * leading `'` makes it text, and the cell is quoted.
 */
export function csvCell(value: unknown, raw = false): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (!raw && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) {
    return `"'${text.replaceAll('"', '""')}"`;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A record line, ended by CRLF as RFC 4180 says (every spreadsheet and csv reader accepts it). A row of one
 * empty cell is written `""`: an empty line would be skipped by readers as no record at all.
 */
export function csvRow(cells: readonly unknown[], raw = false): string {
  const line = cells.map((cell) => csvCell(cell, raw)).join(',');
  return `${line === '' && cells.length === 1 ? '""' : line}\r\n`;
}

/**
 * Csv with a header row. The columns are the chosen fields, else the first record's keys: a stream cannot
 * look ahead, so later keys that the first record lacks are left out (name them with --fields).
 */
export class CsvEncoder implements Encoder {
  #columns: readonly string[] | undefined;
  #headerDue: boolean;
  readonly #raw: boolean;

  /**
   * `continued`: the output already holds the header (a resumed export), so it is not written again. `raw`:
   * cells exactly as received, without the formula guard (for programs, not spreadsheets).
   */
  constructor(fields?: readonly string[], continued = false, raw = false) {
    this.#columns = fields;
    this.#headerDue = !continued;
    this.#raw = raw;
  }

  get columns(): readonly string[] | undefined {
    return this.#columns;
  }

  /** The header row once the columns are known; '' before that, and after it was written. */
  header(): string {
    if (!this.#columns || !this.#headerDue) return '';
    this.#headerDue = false;
    return csvRow(this.#columns, this.#raw);
  }

  line(record: Record<string, unknown>): string {
    this.#columns ??= Object.keys(record);
    const columns = this.#columns;
    return (
      this.header() +
      csvRow(
        columns.map((column) => valueAt(record, column)),
        this.#raw,
      )
    );
  }

  footer(): string {
    return '';
  }
}
