import { createHash } from 'node:crypto';
import { PaginationError } from './errors.js';
import type { Page } from './page.js';

/**
 * A page as a later walk can recognise it without its records: its number and a fingerprint of its first
 * record. A resumed walk (an export continued in another process) is given the last page it wrote, so that a
 * server answering that page again is caught there too.
 */
export interface PageMark {
  readonly page: number;
  readonly firstRecord: string;
}

/** The mark of a page that has records. */
export function markOf(page: Page<unknown>): PageMark | undefined {
  return page.items.length === 0 ? undefined : { page: page.page, firstRecord: fingerprint(page.items[0]) };
}

/**
 * Decides, before any record of a page is handed out, whether a walk through a list may go on. A server that
 * ignores `page` (or a proxy that drops the query string) answers the same records with `has_more_page: true`
 * forever: followed blindly, that is a loop that spends the organization's daily budget and repeats records.
 * One guard per walk; it keeps a small fingerprint per page, never the records.
 */
export class PageGuard {
  readonly #what: string;
  /** Fingerprint of each page's first record → the page it came with. */
  readonly #firstRecords = new Map<string, number>();
  #received = 0;

  /** `what` names the list in messages, e.g. `GET /invoices`; `earlier`: pages an earlier walk handed out. */
  constructor(what: string, earlier: readonly PageMark[] = []) {
    this.#what = what;
    for (const mark of earlier) this.#firstRecords.set(mark.firstRecord, mark.page);
  }

  /** Records admitted so far. */
  get received(): number {
    return this.#received;
  }

  /**
   * Throws a PaginationError when `page` (asked for as page `asked`) is not that page, repeats an earlier one,
   * or is empty and claims more; otherwise counts its records. An empty last page passes: the walk ends there.
   */
  admit(page: Page<unknown>, asked: number): void {
    checkPageNumber(page, asked, this.#what, this.#received);
    if (page.items.length === 0) {
      if (page.hasMore) {
        throw new PaginationError(
          `Pagination of ${this.#what} stopped at page ${asked}: the page is empty but says more pages follow (has_more_page).`,
          `Following it could ask for empty pages forever. The ${this.#received} records before it are complete and were returned once; list again later, or narrow the filters.`,
          { fault: 'empty_page_claims_more', page: asked, received: this.#received },
        );
      }
      return;
    }
    const key = fingerprint(page.items[0]);
    const earlier = this.#firstRecords.get(key);
    if (earlier !== undefined) {
      throw new PaginationError(
        `Pagination of ${this.#what} stopped at page ${asked}: it repeats page ${earlier} (the same first record).`,
        `The server, or a proxy between, ignores the page parameter (or the list changed under the walk); following it would repeat records and spend the daily budget. The ${this.#received} records before it were returned once. Check the API domain and any proxy (it must pass the query string through).`,
        { fault: 'repeated_page', page: asked, received: this.#received },
      );
    }
    this.#firstRecords.set(key, asked);
    this.#received += page.items.length;
  }
}

/** A page that says, in `page_context.page`, that it is another page than the one asked for. */
export function checkPageNumber(page: Page<unknown>, asked: number, what: string, received = 0): void {
  const raw = page.page_context?.page;
  if (raw === undefined || raw === null || (raw as unknown) === '') return;
  const said = Number(raw);
  if (said === asked) return;
  throw new PaginationError(
    `Pagination of ${what} stopped: page ${asked} was asked for and the answer is page ${String(raw)} (page_context.page).`,
    `The server, or a proxy between, ignores the page parameter; following it would repeat the same records and spend the daily budget. The ${received} records before it were returned once. Check the API domain and any proxy (it must pass the query string through).`,
    { fault: 'wrong_page', page: asked, received },
  );
}

/** Short and fixed-size, whatever the record: a hash of its JSON. */
function fingerprint(record: unknown): string {
  return createHash('sha1')
    .update(JSON.stringify(record) ?? '')
    .digest('base64');
}
