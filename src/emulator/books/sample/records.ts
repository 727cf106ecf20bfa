import { documentModel } from '../documents/document-model.js';
import { kindOf } from '../documents/kinds.js';
import { TRANSITIONS, transition } from '../documents/lifecycle.js';
import { FIELD_ENUMS } from '../field-rules.js';
import { insertRecord } from '../generic.js';
import { accountOfType } from '../models/accounts.js';
import { createSample } from '../models/common.js';
import { MODELS } from '../models/index.js';
import type { ModelContext } from '../models/model.js';
import { withLedger } from '../money/ledger.js';
import { zohoDate } from '../records.js';
import { storesFor } from '../references.js';
import type { Rec } from '../state.js';
import type { Collection } from '../surface-index.js';

/**
 * Requests the emulator answers with success, one per operation, for tests that walk the whole surface
 * (ours and users'): the records a path or body names are created (through their models, so they are
 * valid), and put in the state the operation needs.
 */
export interface World {
  ctx: ModelContext;
  /** Records created for the path, by path value index. */
  records: (Rec | undefined)[];
}

export function collectionFor(ctx: ModelContext, store: string): Collection {
  const c =
    ctx.core.surface.collections.find((x) => x.store === store && x.parents.length === 0) ??
    ctx.core.surface.collections.find((x) => x.store === store);
  if (!c) throw new Error(`no collection ${store}`);
  return c;
}

/** A fresh record of `store` (with `parents`), made as its model or the generic handler would. */
export function makeRecord(ctx: ModelContext, store: string, parents: Rec = {}, depth = 0): Rec {
  const c = collectionFor(ctx, store);
  const model = MODELS.get(store);
  if (model && (c.creatable || store === 'contacts' || kindOf(store))) {
    const record = createSample(ctx, model, c.idField);
    Object.assign(record, parents);
    return record;
  }
  const body = Object.fromEntries(
    c.required.map((f) => [f, sampleValue(ctx, f, c.recordShape.get(f), depth + 1)]),
  );
  return insertRecord(ctx, MODELS, c, body, parents);
}

/** An existing record for a field that names one (`customer_id` → a customer), else a fresh one. */
export function referenceFor(ctx: ModelContext, field: string, depth: number): string {
  if (field === 'customer_id' || field === 'vendor_id') {
    const type = field === 'customer_id' ? 'customer' : 'vendor';
    for (const c of ctx.store.table('contacts').values())
      if (c.contact_type === type) return String(c.contact_id);
    const contact = makeRecord(ctx, 'contacts');
    contact.contact_type = type;
    return String(contact.contact_id);
  }
  if (field.endsWith('account_id'))
    return String(accountOfType(ctx, field.includes('expense') ? 'expense' : 'cash').account_id);
  if (field === 'user_id') return String([...ctx.store.table('users').values()][0]!.user_id);
  if (field === 'currency_id') return String(nonBaseCurrency(ctx).currency_id);
  const store = storesFor(ctx.core.rules.refs, field)![0]!;
  const existing = ctx.store.table(store).values().next().value;
  if (existing) return String(existing[collectionFor(ctx, store).idField]);
  if (depth > 3) throw new Error(`sample ${field}: references too deep`);
  if (store === 'projects/tasks') {
    const project = makeRecord(ctx, 'projects', {}, depth);
    return String(makeRecord(ctx, store, { project_id: project.project_id }, depth).task_id);
  }
  return String(makeRecord(ctx, store, {}, depth)[collectionFor(ctx, store).idField]);
}

export function nonBaseCurrency(ctx: ModelContext): Rec {
  for (const c of ctx.store.table('settings/currencies').values()) if (!c.is_base_currency) return c;
  return makeRecord(ctx, 'settings/currencies');
}

/** A plausible value for a field: a real record for an id, an allowed value, a day for a date… */
export function sampleValue(ctx: ModelContext, name: string, kind: string | undefined, depth = 0): unknown {
  if (/_ids$/.test(name) && storesFor(ctx.core.rules.refs, name))
    return [referenceFor(ctx, name.replace(/s$/, ''), depth)];
  if (/(^|_)id$/.test(name) && storesFor(ctx.core.rules.refs, name)) return referenceFor(ctx, name, depth);
  if (/(^|_)id$/.test(name)) return ctx.core.books.newId();
  if (FIELD_ENUMS[name]) return FIELD_ENUMS[name]![0];
  if (/mail_ids$/.test(name)) return ['sample@example.com'];
  if (/email/.test(name)) return 'sample@example.com';
  if (name === 'currency_code') return ctx.store.org.currency_code;
  if (/date|expiry_time/.test(name)) return zohoDate(ctx.now);
  switch (kind) {
    case 'n':
      return 1;
    case 'b':
      return true;
    case 'a':
      return [{}];
    case 'o':
      return {};
    default:
      return 'sample';
  }
}

/** Sets a document's status for a sample, keeping its contact's figures right. */
export function putInStatus(ctx: ModelContext, store: string, doc: Rec, status: string): void {
  const kind = kindOf(store)!;
  withLedger(ctx, store, doc, () => {
    doc.status = status;
    if (kind.balance)
      doc.balance =
        status === 'void' ? 0 : Number(doc.total) - kind.drawnBy.reduce((s, f) => s + Number(doc[f] ?? 0), 0);
  });
}

export function sent(ctx: ModelContext, store: string, doc: Rec): Rec {
  if (store === 'invoices') transition(ctx, TRANSITIONS.mark_invoice_sent!, doc);
  else if (store === 'retainerinvoices') transition(ctx, TRANSITIONS.mark_retainer_invoice_sent!, doc);
  else if (store === 'creditnotes') transition(ctx, TRANSITIONS.mark_credit_note_open!, doc);
  else if (store === 'purchaseorders') transition(ctx, TRANSITIONS.mark_purchase_order_open!, doc);
  else if (store === 'estimates') transition(ctx, TRANSITIONS.mark_estimate_sent!, doc);
  return doc;
}

/** A document of `store` with the given contact, out of draft. */
export function documentFor(ctx: ModelContext, store: string, party?: Rec): Rec {
  const kind = kindOf(store)!;
  const doc = createSample(ctx, documentModel(kind), kind.idField);
  if (party) {
    const field = kind.party === 'customer' ? 'customer_id' : 'vendor_id';
    withLedger(ctx, store, doc, () => {
      doc[field] = party[field];
      doc[kind.party === 'customer' ? 'customer_name' : 'vendor_name'] =
        party[kind.party === 'customer' ? 'customer_name' : 'vendor_name'];
    });
  }
  return sent(ctx, store, doc);
}

export function payment(ctx: ModelContext, store: 'customerpayments' | 'vendorpayments', party: Rec): Rec {
  const c = collectionFor(ctx, store);
  const field = store === 'customerpayments' ? 'customer_id' : 'vendor_id';
  return insertRecord(
    ctx,
    MODELS,
    c,
    { [field]: party[field], amount: 50, payment_mode: 'cash', date: zohoDate(ctx.now) },
    {},
  );
}
