import type { IncomingHttpHeaders } from 'node:http';

/** What the pipeline reads of an answer's headers: WHATWG `Headers` fits, and so do node:http's. */
export interface ResponseHeaders {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

/**
 * node:http's header object behind the `Headers` reading, without copying it: most answers are read for one
 * or two headers (content-type, the rate-limit ones), so building a WHATWG Headers per answer is wasted work.
 */
export class NodeResponseHeaders implements ResponseHeaders {
  readonly #raw: IncomingHttpHeaders;

  constructor(raw: IncomingHttpHeaders) {
    this.#raw = raw;
  }

  get(name: string): string | null {
    const value = this.#raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of Object.entries(this.#raw)) {
      if (value !== undefined) callback(Array.isArray(value) ? value.join(', ') : value, name);
    }
  }
}
