import type { Encoder } from './encoder.js';
import { pick } from './fields.js';

/** One JSON array, streamed: a record per element as it comes, closed by the footer. */
export class JsonEncoder implements Encoder {
  readonly #fields: readonly string[] | undefined;
  #opened: boolean;
  #records: number;

  /** `continued`: the output already holds the opening bracket and at least one record. */
  constructor(fields?: readonly string[], continued = false) {
    this.#fields = fields;
    this.#opened = continued;
    this.#records = continued ? 1 : 0;
  }

  get columns(): readonly string[] | undefined {
    return this.#fields;
  }

  header(): string {
    if (this.#opened) return '';
    this.#opened = true;
    return '[\n';
  }

  line(record: Record<string, unknown>): string {
    const text = JSON.stringify(this.#fields ? pick(record, this.#fields) : record, null, 2);
    const separator = this.#records++ === 0 ? '' : ',\n';
    return `${this.header()}${separator}${text.replace(/^/gm, '  ')}`;
  }

  footer(): string {
    return `${this.header()}${this.#records > 0 ? '\n' : ''}]\n`;
  }
}
