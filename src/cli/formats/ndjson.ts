import type { Encoder } from './encoder.js';
import { pick } from './fields.js';

/** One JSON object per line; JSON escapes newlines inside strings, so a record never spans two lines. */
export class NdjsonEncoder implements Encoder {
  readonly #fields: readonly string[] | undefined;

  constructor(fields?: readonly string[]) {
    this.#fields = fields;
  }

  get columns(): readonly string[] | undefined {
    return this.#fields;
  }

  header(): string {
    return '';
  }

  line(record: Record<string, unknown>): string {
    return `${JSON.stringify(this.#fields ? pick(record, this.#fields) : record)}\n`;
  }

  footer(): string {
    return '';
  }
}
