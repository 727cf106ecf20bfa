import type { BinaryBody } from '../http/decode.js';
import type { Page, PageContext } from './pagination.js';
import type { Operation } from './table.js';

type Envelope = Record<string, unknown> | BinaryBody;

/** The record under the operation's key; the envelope when the key is absent (a change must not be lost). */
export function unwrap(op: Operation, envelope: Envelope): unknown {
  if (!op.responseKey || !isRecord(envelope) || !(op.responseKey in envelope)) return envelope;
  return envelope[op.responseKey];
}

/** One page of a list answer: its records, and whether Zoho says more follow. */
export function toPage(op: Operation, envelope: Envelope, page: number): Page<unknown> {
  if (!isRecord(envelope)) return { items: [], page_context: undefined, page, hasMore: false, response: {} };
  const list = op.responseKey ? envelope[op.responseKey] : undefined;
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
