import type { ListCall } from '../../books/pagination.js';
import type { ZohoBooks } from '../../books/zoho-books.js';
import type { ExportPlan } from './plan.js';

type Call = (id: string, ...args: unknown[]) => unknown;
type Rec = Record<string, unknown>;

/** The module's list, from `firstPage` on, one page in memory at a time. */
export function listPages(
  books: ZohoBooks,
  plan: ExportPlan,
  organizationId: string,
  firstPage: number,
  signal: AbortSignal,
): ListCall<Rec> {
  const query = { ...plan.query, per_page: plan.perPage, page: firstPage };
  return (books.call as Call)(plan.operation.id, query, { organizationId, signal }) as ListCall<Rec>;
}

/**
 * How many records the export will write, for the ETA: one extra call with `response_option=2` (counts only).
 * Undefined when the answer has no total; a failure here is not worth failing the export for, the first page
 * will report any real problem.
 */
export async function countRecords(
  books: ZohoBooks,
  plan: ExportPlan,
  organizationId: string,
  signal: AbortSignal,
): Promise<number | undefined> {
  try {
    const envelope = await books.request<{ page_context?: { total?: unknown } }>('GET', plan.operation.path, {
      query: { ...plan.query, response_option: 2 },
      organizationId,
      signal,
    });
    const total = Number(envelope.page_context?.total);
    return Number.isSafeInteger(total) && total >= 0 ? total : undefined;
  } catch {
    return undefined;
  }
}
