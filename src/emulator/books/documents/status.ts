import type { ModelContext } from '../models/model.js';
import { zohoDate } from '../records.js';
import type { Rec } from '../state.js';
import type { DocumentKind } from './kinds.js';

const NOT_YET_OUT = new Set(['draft', 'void', 'pending_approval', 'approved', 'rejected']);

export function decimalsOf(ctx: ModelContext): number {
  return Number(ctx.store.org.price_precision ?? 2);
}

/** What payments, credits, write-offs and refunds have drawn from the document so far. */
export function drawnOf(kind: DocumentKind, doc: Rec): number {
  return kind.drawnBy.reduce((sum, field) => sum + Number(doc[field] ?? 0), 0);
}

/**
 * A balance document's status follows its money once it is out of draft: invoices and bills become
 * partially paid and paid, credit notes and vendor credits closed when used up (and open again when an
 * application is undone).
 */
export function settleStatus(kind: DocumentKind, doc: Rec): void {
  if (!kind.balance || NOT_YET_OUT.has(String(doc.status))) return;
  const total = Number(doc.total);
  const balance = Number(doc.balance);
  if (kind.store === 'creditnotes' || kind.store === 'vendorcredits') {
    doc.status = balance <= 0 && total > 0 ? 'closed' : 'open';
    return;
  }
  const unpaid = kind.store === 'bills' ? 'open' : 'sent';
  doc.status = balance <= 0 && total > 0 ? 'paid' : balance < total ? 'partially_paid' : unpaid;
}

/** `overdue` or `expired` by the clock: computed when read, never written. */
export function lapsedStatus(ctx: ModelContext, kind: DocumentKind, doc: Rec): string {
  const status = String(doc.status);
  const lapse = kind.lapses;
  if (!lapse?.from.includes(status)) return status;
  const day = doc[lapse.field];
  return typeof day === 'string' && day !== '' && day < zohoDate(ctx.now) ? lapse.to : status;
}
