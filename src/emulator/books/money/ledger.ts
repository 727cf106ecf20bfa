import { roundTo } from '../documents/compute.js';
import type { ModelContext } from '../models/model.js';
import type { Rec } from '../state.js';

/** The figures Books keeps on a contact, moved by the documents and payments that concern it. */
type Figure =
  | 'outstanding_receivable_amount'
  | 'outstanding_payable_amount'
  | 'unused_credits_receivable_amount'
  | 'unused_credits_payable_amount';

function open(doc: Rec): boolean {
  return doc.status !== 'draft' && doc.status !== 'void';
}

/**
 * What one record adds to its contact's figures: an invoice out of draft its balance to the receivables,
 * a bill to the payables, an open credit note or vendor credit its balance to unused credits, a payment
 * its unused amount. Anything else adds nothing.
 */
const CONTRIBUTIONS: Readonly<Record<string, (doc: Rec) => Partial<Record<Figure, number>>>> = {
  invoices: (d) => (open(d) ? { outstanding_receivable_amount: Number(d.balance ?? 0) } : {}),
  bills: (d) => (open(d) ? { outstanding_payable_amount: Number(d.balance ?? 0) } : {}),
  creditnotes: (d) => (open(d) ? { unused_credits_receivable_amount: Number(d.balance ?? 0) } : {}),
  vendorcredits: (d) => (open(d) ? { unused_credits_payable_amount: Number(d.balance ?? 0) } : {}),
  customerpayments: (d) => ({ unused_credits_receivable_amount: Number(d.unused_amount ?? 0) }),
  vendorpayments: (d) => ({ unused_credits_payable_amount: Number(d.balance ?? 0) }),
};

function contactOf(doc: Rec): unknown {
  return doc.customer_id ?? doc.vendor_id;
}

function apply(ctx: ModelContext, store: string, doc: Rec, sign: 1 | -1): void {
  const contribution = CONTRIBUTIONS[store];
  if (!contribution) return;
  const contact = ctx.store.table('contacts').get(String(contactOf(doc)));
  if (!contact) return;
  const decimals = Number(ctx.store.org.price_precision ?? 2);
  for (const [field, amount] of Object.entries(contribution(doc))) {
    if (!amount) continue;
    contact[field] = roundTo(Number(contact[field] ?? 0) + sign * amount, decimals);
  }
}

/**
 * Runs a change of a record and moves its contact's figures by what the change did (the contact itself
 * may change too), so no figure ever needs a scan of every document.
 */
export function withLedger<T>(ctx: ModelContext, store: string, doc: Rec, change: () => T): T {
  const before = { ...doc };
  const result = change();
  apply(ctx, store, before, -1);
  apply(ctx, store, doc, 1);
  return result;
}

/** Adds a new record's share (created outside withLedger, e.g. by bulk seeding). */
export function addToLedger(ctx: ModelContext, store: string, doc: Rec): void {
  apply(ctx, store, doc, 1);
}

/** Takes a deleted record's share away. */
export function removeFromLedger(ctx: ModelContext, store: string, doc: Rec): void {
  apply(ctx, store, doc, -1);
}
