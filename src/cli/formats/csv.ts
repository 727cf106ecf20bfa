import type { Encoder } from './encoder.js';
import { valueAt } from './fields.js';

/** RFC 4180: a field holding a comma, a quote, CR or LF is quoted, with its quotes doubled. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell, as received: strings unchanged, numbers as JavaScript prints them (no rounding, no grouping),
 * objects and arrays as JSON text, null and undefined empty.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A record line, ended by CRLF as RFC 4180 says (every spreadsheet and csv reader accepts it). A row of one
 * empty cell is written `""`: an empty line would be skipped by readers as no record at all.
 */
export function csvRow(cells: readonly unknown[]): string {
  const line = cells.map(csvCell).join(',');
  return `${line === '' && cells.length === 1 ? '""' : line}\r\n`;
}

/**
 * Csv with a header row. The columns are the chosen fields, else the first record's keys: a stream cannot
 * look ahead, so later keys that the first record lacks are left out (name them with --fields).
 */
export class CsvEncoder implements Encoder {
  #columns: readonly string[] | undefined;
  #headerDue: boolean;

  /** `continued`: the output already holds the header (a resumed export), so it is not written again. */
  constructor(fields?: readonly string[], continued = false) {
    this.#columns = fields;
    this.#headerDue = !continued;
  }

  get columns(): readonly string[] | undefined {
    return this.#columns;
  }

  /** The header row once the columns are known; '' before that, and after it was written. */
  header(): string {
    if (!this.#columns || !this.#headerDue) return '';
    this.#headerDue = false;
    return csvRow(this.#columns);
  }

  line(record: Record<string, unknown>): string {
    this.#columns ??= Object.keys(record);
    const columns = this.#columns;
    return this.header() + csvRow(columns.map((column) => valueAt(record, column)));
  }

  footer(): string {
    return '';
  }
}
