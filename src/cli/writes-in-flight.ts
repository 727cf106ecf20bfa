import type { FetchLike } from '../auth/accounts-client.js';

/** A write (POST, PUT, PATCH, DELETE) sent to Books whose answer has not arrived yet. */
export interface WriteInFlight {
  readonly method: string;
  /** The Books path (`/invoices/123`), without the host, the version prefix or the query. */
  readonly path: string;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The writes of this run that are on the wire: from the moment the request is handed to fetch until its
 * answer's headers arrive (from then on Zoho has decided). A stop at that moment cannot know whether Zoho
 * applied the write, and says so (see Stops).
 */
export class WritesInFlight {
  readonly #open = new Set<WriteInFlight>();

  /** Wraps a fetch so that every write it sends is tracked while it is on the wire. */
  track(fetchImpl: FetchLike): FetchLike {
    return async (input, init) => {
      const method = (init.method ?? 'GET').toUpperCase();
      if (READS.has(method)) return fetchImpl(input, init);
      const write: WriteInFlight = { method, path: booksPath(input) };
      this.#open.add(write);
      try {
        return await fetchImpl(input, init);
      } finally {
        this.#open.delete(write);
      }
    };
  }

  /** The writes on the wire right now. */
  snapshot(): WriteInFlight[] {
    return [...this.#open];
  }
}

function booksPath(url: string): string {
  try {
    return new URL(url).pathname.replace(/^\/books\/v\d+(?=\/)/, '');
  } catch {
    return '(unknown path)';
  }
}

/**
 * How to find out what became of a write: a record that may have changed is read back; a create is looked
 * for in its list (Zoho has no idempotency keys, so only a value the caller set can tell it apart).
 */
export function howToCheck(write: WriteInFlight): string {
  const segments = write.path.split('/').filter(Boolean);
  const lastId = segments.findLastIndex((s) => /^\d+$/.test(s));
  if (lastId >= 0) {
    const record = `/${segments.slice(0, lastId + 1).join('/')}`;
    return `read the record back (zbooks api ${record}) and see whether the change is there`;
  }
  return `list the records (zbooks api ${write.path}) and look for one with a value you set, such as a reference number`;
}
