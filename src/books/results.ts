import type { BinaryBody } from '../http/decode.js';
import type { ResponseHeaders } from '../http/response-headers.js';
import type { Operation } from './operation-shape.js';
import type { Page, PageContext } from './pagination.js';

type Envelope = Record<string, unknown> | BinaryBody;

/** The record under the operation's key; the envelope when the key is absent (a change must not be lost). */
export function unwrap(op: Operation, envelope: Envelope): unknown {
  if (!op.responseKey || !isRecord(envelope) || !(op.responseKey in envelope)) return envelope;
  return envelope[op.responseKey];
}

/** One page of a list answer: its records, and whether Zoho says more follow. */
export function toPage(op: Operation, envelope: Envelope, page: number): Page<unknown> {
  return pageOf(envelope, page, op.responseKey ?? undefined);
}

/**
 * A page of a path zbooks has no table entry for (`zbooks api --paginate`): the records are the envelope's
 * array (there is one per list answer), and the HTTP status and headers come along.
 */
export function toRawPage(
  answer: { status: number; headers: ResponseHeaders; body: Envelope },
  page: number,
): Page<unknown> {
  const { body } = answer;
  const key = isRecord(body)
    ? Object.keys(body).find((k) => k !== 'page_context' && Array.isArray(body[k]))
    : undefined;
  return { ...pageOf(body, page, key), status: answer.status, headers: answer.headers };
}

function pageOf(envelope: Envelope, page: number, listKey: string | undefined): Page<unknown> {
  if (!isRecord(envelope)) return { items: [], page_context: undefined, page, hasMore: false, response: {} };
  const list = listKey ? envelope[listKey] : undefined;
  const context = isRecord(envelope.page_context) ? (envelope.page_context as PageContext) : undefined;
  return {
    items: Array.isArray(list) ? list : [],
    page_context: context,
    page,
    // No page_context (a few lists answer without one): a single page.
    hasMore: context?.has_more_page === true,
    response: envelope,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
