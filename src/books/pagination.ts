import { ConfigError } from '../core/errors.js';
import type { Page } from './page.js';
import { checkPageNumber, PageGuard, type PageMark } from './page-guard.js';

export type { Page, PageContext } from './page.js';
export { markOf, type PageMark } from './page-guard.js';

type PageFetcher<T> = (page: number) => Promise<Page<T>>;

/**
 * What a list call returns (stripe-node's model): awaiting it gives the first page; `for await` walks every
 * item across all pages, one page in memory at a time; `toArray({ limit })` collects, and insists on a
 * limit because an organization can hold millions of records. Nothing is requested until it is used.
 *
 * `pages()` is the one pagination loop of zbooks (the CLI's `--all`, `export` and `api --paginate` use it):
 * it always ends. A page that is not the page asked for, repeats an earlier page, or is empty yet claims more
 * stops the walk with a PaginationError before any of its records is handed out; an empty page ends it.
 */
export class ListCall<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetchPage: PageFetcher<T>;
  readonly #firstPageNumber: number;
  readonly #what: string;
  #first: Promise<Page<T>> | undefined;

  /** `what` names the list in errors, e.g. `GET /invoices`. */
  constructor(fetchPage: PageFetcher<T>, firstPageNumber = 1, what = 'the list') {
    this.#fetchPage = fetchPage;
    this.#firstPageNumber = firstPageNumber;
    this.#what = what;
  }

  // biome-ignore lint/suspicious/noThenProperty: a list call is deliberately awaitable (first page).
  then<R1 = Page<T>, R2 = never>(
    onFulfilled?: ((page: Page<T>) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected: (reason: unknown) => R | PromiseLike<R>): Promise<Page<T> | R> {
    return this.#firstPage().catch(onRejected);
  }

  finally(onFinally: () => void): Promise<Page<T>> {
    return this.#firstPage().finally(onFinally);
  }

  /**
   * Every page in turn, starting with the first (fetched once, even if it was already awaited). `after`: the
   * marks (`markOf`) of pages an earlier walk handed out, when this one continues it from a later page.
   */
  async *pages(options: { after?: readonly PageMark[] } = {}): AsyncGenerator<Page<T>, void, undefined> {
    const guard = new PageGuard(this.#what, options.after);
    let asked = this.#firstPageNumber;
    let page = await this.#firstPage();
    for (;;) {
      guard.admit(page, asked);
      yield page;
      if (!page.hasMore || page.items.length === 0) return;
      asked += 1;
      page = await this.#fetchPage(asked);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Up to `limit` items from all pages; refuses to run without a limit. */
  async toArray(options: { limit: number }): Promise<T[]> {
    const limit = options?.limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      throw new ConfigError(
        'toArray() needs { limit }: a positive whole number of records.',
        'A list can run to millions of records. Pass the most you are ready to hold in memory, e.g. toArray({ limit: 1000 }), or stream with `for await (const item of list)`.',
        { reason: 'limit_required' },
      );
    }
    const out: T[] = [];
    for await (const page of this.pages()) {
      for (const item of page.items) {
        out.push(item);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** The page asked for first; one that says it is another page is refused here too. */
  #firstPage(): Promise<Page<T>> {
    this.#first ??= this.#fetchPage(this.#firstPageNumber).then((page) => {
      checkPageNumber(page, this.#firstPageNumber, this.#what);
      return page;
    });
    return this.#first;
  }
}
