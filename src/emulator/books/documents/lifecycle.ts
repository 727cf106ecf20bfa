import { refuse } from '../errors.js';
import { addHistory } from '../history.js';
import type { ModelContext } from '../models/model.js';
import { withLedger } from '../money/ledger.js';
import { zohoTime } from '../records.js';
import type { Rec } from '../state.js';
import { roundTo } from './compute.js';
import { type DocumentKind, kindOf } from './kinds.js';
import { decimalsOf, drawnOf, lapsedStatus, settleStatus } from './status.js';

/**
 * A status change a document allows: from which statuses (as stored, or `overdue`/`expired` as read),
 * to which; `void` zeroes the balance and is refused while money is applied, `draft` and `open` bring
 * the balance back. Statuses out of draft then follow the money (status.ts).
 */
interface Transition {
  readonly store: string;
  readonly from: readonly string[];
  readonly to: string;
  /** Statuses in which the change is accepted and changes nothing (sending a sent invoice). */
  readonly already?: readonly string[];
  /** Zoho's answer message when it is known word for word. */
  readonly message?: string;
}

const OUT = ['sent', 'partially_paid', 'paid', 'overdue'];
function approval(store: string): Record<string, Transition> {
  return {
    submit: { store, from: ['draft'], to: 'pending_approval', already: ['pending_approval'] },
    approve: { store, from: ['pending_approval'], to: 'approved', already: ['approved'] },
  };
}

/** Every status operation of the documents, by operation id. */
export const TRANSITIONS: Readonly<Record<string, Transition>> = {
  mark_invoice_sent: {
    store: 'invoices',
    from: ['draft', 'approved'],
    to: 'sent',
    already: OUT,
    message: 'Invoice status has been changed to Sent.',
  },
  mark_invoice_void: {
    store: 'invoices',
    from: ['draft', 'sent', 'overdue', 'partially_paid', 'approved', 'pending_approval'],
    to: 'void',
    already: ['void'],
    message: 'Invoice status has been changed to Void.',
  },
  mark_invoice_draft: {
    store: 'invoices',
    from: ['void', 'sent', 'overdue'],
    to: 'draft',
    already: ['draft'],
    message: 'Status of invoice changed to Draft.',
  },
  submit_invoice: approval('invoices').submit!,
  approve_invoice: approval('invoices').approve!,
  mark_estimate_sent: { store: 'estimates', from: ['draft', 'approved'], to: 'sent', already: ['sent'] },
  mark_estimate_accepted: {
    store: 'estimates',
    from: ['sent', 'expired', 'declined'],
    to: 'accepted',
    already: ['accepted'],
  },
  mark_estimate_declined: {
    store: 'estimates',
    from: ['sent', 'expired', 'accepted'],
    to: 'declined',
    already: ['declined'],
  },
  submit_estimate: approval('estimates').submit!,
  approve_estimate: approval('estimates').approve!,
  mark_sales_order_as_open: {
    store: 'salesorders',
    from: ['draft', 'void', 'approved'],
    to: 'open',
    already: ['open'],
  },
  mark_sales_order_as_void: {
    store: 'salesorders',
    from: ['draft', 'open', 'approved'],
    to: 'void',
    already: ['void'],
  },
  submit_sales_order: approval('salesorders').submit!,
  approve_sales_order: approval('salesorders').approve!,
  mark_purchase_order_open: {
    store: 'purchaseorders',
    from: ['draft', 'approved', 'cancelled'],
    to: 'open',
    already: ['open'],
  },
  mark_purchase_order_billed: { store: 'purchaseorders', from: ['open'], to: 'billed', already: ['billed'] },
  mark_purchase_order_cancelled: {
    store: 'purchaseorders',
    from: ['draft', 'open', 'approved'],
    to: 'cancelled',
    already: ['cancelled'],
  },
  submit_purchase_order: approval('purchaseorders').submit!,
  approve_purchase_order: approval('purchaseorders').approve!,
  reject_purchase_orders: {
    store: 'purchaseorders',
    from: ['pending_approval'],
    to: 'rejected',
    already: ['rejected'],
  },
  mark_credit_note_open: { store: 'creditnotes', from: ['draft', 'approved'], to: 'open', already: ['open'] },
  mark_credit_note_void: {
    store: 'creditnotes',
    from: ['draft', 'open', 'approved', 'pending_approval'],
    to: 'void',
    already: ['void'],
  },
  mark_credit_note_draft: { store: 'creditnotes', from: ['void', 'open'], to: 'draft', already: ['draft'] },
  submit_credit_note: approval('creditnotes').submit!,
  approve_credit_note: approval('creditnotes').approve!,
  mark_vendor_credit_open: {
    store: 'vendorcredits',
    from: ['draft', 'void', 'approved'],
    to: 'open',
    already: ['open'],
  },
  mark_vendor_credit_void: {
    store: 'vendorcredits',
    from: ['draft', 'open', 'approved', 'pending_approval'],
    to: 'void',
    already: ['void'],
  },
  submit_vendor_credit: approval('vendorcredits').submit!,
  approve_vendor_credit: approval('vendorcredits').approve!,
  mark_retainer_invoice_sent: {
    store: 'retainerinvoices',
    from: ['draft', 'approved'],
    to: 'sent',
    already: ['sent', 'partially_paid', 'paid'],
  },
  mark_retainer_invoice_void: {
    store: 'retainerinvoices',
    from: ['draft', 'sent', 'approved', 'pending_approval'],
    to: 'void',
    already: ['void'],
  },
  mark_retainer_invoice_draft: {
    store: 'retainerinvoices',
    from: ['void', 'sent'],
    to: 'draft',
    already: ['draft'],
  },
  submit_retainer_invoice: approval('retainerinvoices').submit!,
  approve_retainer_invoice: approval('retainerinvoices').approve!,
  mark_bill_void: {
    store: 'bills',
    from: ['draft', 'open', 'overdue', 'approved', 'pending_approval'],
    to: 'void',
    already: ['void'],
    message: 'The bill has been marked as void.',
  },
  mark_bill_open: {
    store: 'bills',
    from: ['void', 'draft', 'approved'],
    to: 'open',
    already: ['open', 'overdue', 'partially_paid', 'paid'],
    message: 'The bill has been marked as open.',
  },
  submit_bill: {
    store: 'bills',
    from: ['draft', 'open'],
    to: 'pending_approval',
    already: ['pending_approval'],
  },
  approve_bill: approval('bills').approve!,
  stop_recurring_invoice: {
    store: 'recurringinvoices',
    from: ['active'],
    to: 'stopped',
    already: ['stopped'],
  },
  resume_recurring_invoice: {
    store: 'recurringinvoices',
    from: ['stopped'],
    to: 'active',
    already: ['active'],
  },
  stop_recurring_bill: { store: 'recurringbills', from: ['active'], to: 'stopped', already: ['stopped'] },
  resume_recurring_bill: { store: 'recurringbills', from: ['stopped'], to: 'active', already: ['active'] },
};

function capital(s: string): string {
  return `${s[0]!.toUpperCase()}${s.slice(1)}`;
}

/** Applies a transition to `doc`, moving its contact's figures; refuses what Zoho refuses. */
export function transition(ctx: ModelContext, t: Transition, doc: Rec): string {
  const kind = kindOf(t.store) as DocumentKind;
  const current = lapsedStatus(ctx, kind, doc);
  const message = t.message ?? `The ${kind.thing} has been marked as ${t.to.replace(/_/g, ' ')}.`;
  if (t.already?.includes(current) || t.already?.includes(String(doc.status))) return message;
  if (!t.from.includes(current) && !t.from.includes(String(doc.status))) {
    throw refuse(
      ctx.core,
      'invalidStatus',
      `${capital(kind.thing)} ${doc[kind.number?.field ?? kind.idField]} is ${current.replace(/_/g, ' ')} and cannot be marked as ${t.to.replace(/_/g, ' ')}.`,
    );
  }
  if ((t.to === 'void' || t.to === 'draft') && drawnOf(kind, doc) > 0) {
    throw refuse(
      ctx.core,
      'documentHasPayments',
      `${capital(kind.thing)}s that have payments or credits recorded cannot be marked as ${t.to}. Delete the payments and credits first.`,
    );
  }
  withLedger(ctx, kind.store, doc, () => {
    doc.status = t.to;
    if (kind.balance)
      doc.balance = t.to === 'void' ? 0 : roundTo(Number(doc.total) - drawnOf(kind, doc), decimalsOf(ctx));
    settleStatus(kind, doc);
    doc.last_modified_time = zohoTime(ctx.now);
  });
  addHistory(
    ctx,
    kind.store,
    kind.idField,
    doc[kind.idField],
    `${capital(kind.thing)} marked as ${t.to.replace(/_/g, ' ')}.`,
  );
  return message;
}

/** What emailing a document does to it: a draft goes out (sent, or open for orders and credits). */
const EMAIL_SENDS: Readonly<Record<string, string>> = {
  invoices: 'mark_invoice_sent',
  estimates: 'mark_estimate_sent',
  salesorders: 'mark_sales_order_as_open',
  purchaseorders: 'mark_purchase_order_open',
  creditnotes: 'mark_credit_note_open',
  retainerinvoices: 'mark_retainer_invoice_sent',
};

/** Marks a document emailed; a draft is sent (Zoho sends it as it mails it). */
export function markEmailed(ctx: ModelContext, store: string, doc: Rec, to: readonly string[]): void {
  const send = EMAIL_SENDS[store];
  if (send && doc.status === 'draft') transition(ctx, TRANSITIONS[send]!, doc);
  doc.is_emailed = true;
  const kind = kindOf(store);
  if (kind)
    addHistory(
      ctx,
      store,
      kind.idField,
      doc[kind.idField],
      `${capital(kind.thing)} emailed to ${to.join(', ') || 'the contact'}.`,
    );
}
