import type { ResponseHeaders } from '../http/response-headers.js';
/** Zoho's `page_context`: an object on the wire, whatever the OpenAPI files say. */
export interface PageContext {
  page: number;
  per_page: number;
  has_more_page: boolean;
  report_name?: string;
  applied_filter?: string;
  sort_column?: string;
  sort_order?: string;
  [field: string]: unknown;
}

export interface Page<T> {
  /** The records of this page (the envelope's list key, e.g. `invoices`). */
  readonly items: T[];
  readonly page_context: PageContext | undefined;
  /** Page number of this page, from 1. */
  readonly page: number;
  readonly hasMore: boolean;
  /** The whole envelope, for anything beside the list. */
  readonly response: Record<string, unknown>;
  /** The HTTP status and headers of the answer, when the page was fetched with them (`paginate()`). */
  readonly status?: number;
  readonly headers?: ResponseHeaders;
}
