import { invalidValue, refuse } from '../errors.js';
import type { ModelContext } from '../models/model.js';
import type { Rec } from '../state.js';
import { stringField } from '../validate.js';
import type { DocumentKind } from './kinds.js';
import { TRANSITIONS, transition } from './lifecycle.js';

/**
 * Documents made from documents, as Books does it: a sales order from an estimate (`estimate_id`), an
 * invoice from an estimate (`invoiced_estimate_id`) or a sales order (`/invoices/fromsalesorder`), a purchase
 * order from a sales order (`salesorder_id`), a bill from purchase orders (`purchaseorder_ids`). The new
 * document takes the source's lines when it brings none, and the source's status follows.
 */
interface Sources {
  estimate?: Rec;
  salesorder?: Rec;
  purchaseorders?: Rec[];
}

/** A source document's lines, as lines of a new document (new line ids, the item's rate for purchases). */
export function copyLines(source: Rec, forPurchase: boolean): Rec[] {
  return (Array.isArray(source.line_items) ? (source.line_items as Rec[]) : []).map((l) => {
    const line: Rec = {
      item_id: l.item_id ?? '',
      name: l.name ?? '',
      description: l.description ?? '',
      quantity: l.quantity ?? 1,
      unit: l.unit ?? '',
    };
    if (!forPurchase || !l.item_id) line.rate = l.rate;
    if (!forPurchase) {
      line.discount = l.discount ?? 0;
      if (l.tax_id) line.tax_id = l.tax_id;
    }
    if (forPurchase && !l.item_id) line.account_id = l.account_id ?? '';
    return line;
  });
}

function idsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter((s) => s.trim() !== '');
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

function sameParty(a: Rec, b: Rec, field: string, where: string): void {
  if (a[field] !== undefined && b[field] !== undefined && String(a[field]) !== String(b[field]))
    throw invalidValue(where);
}

function noLines(input: Rec): boolean {
  return !Array.isArray(input.line_items) || input.line_items.length === 0;
}

/** Reads the source documents a creation names, and fills the new document's lines from them. */
export function beforeCreate(ctx: ModelContext, kind: DocumentKind, input: Rec): Sources {
  const sources: Sources = {};
  const estimateId =
    kind.store === 'salesorders'
      ? stringField(input, 'estimate_id')
      : kind.store === 'invoices'
        ? stringField(input, 'invoiced_estimate_id')
        : undefined;
  if (estimateId) {
    const estimate = ctx.store.table('estimates').get(estimateId);
    if (!estimate) throw invalidValue(kind.store === 'invoices' ? 'invoiced_estimate_id' : 'estimate_id');
    sameParty(input, estimate, 'customer_id', 'customer_id');
    if (['draft', 'declined', 'invoiced'].includes(String(estimate.status)) && kind.store === 'invoices') {
      throw refuse(
        ctx.core,
        'invalidStatus',
        `Estimate ${estimate.estimate_number} is ${estimate.status} and cannot be invoiced.`,
      );
    }
    input.customer_id ??= estimate.customer_id;
    if (noLines(input)) input.line_items = copyLines(estimate, false);
    sources.estimate = estimate;
  }
  const salesorderId = kind.store === 'purchaseorders' ? stringField(input, 'salesorder_id') : undefined;
  if (salesorderId) {
    const order = ctx.store.table('salesorders').get(salesorderId);
    if (!order) throw invalidValue('salesorder_id');
    if (noLines(input)) input.line_items = copyLines(order, true);
    sources.salesorder = order;
  }
  const poIds = kind.store === 'bills' ? idsOf(input.purchaseorder_ids) : [];
  if (poIds.length) {
    const orders = poIds.map((id, i) => {
      const po = ctx.store.table('purchaseorders').get(id);
      if (!po) throw invalidValue(`purchaseorder_ids[${i}]`);
      sameParty(input, po, 'vendor_id', 'vendor_id');
      if (!['open', 'partially_billed'].includes(String(po.status))) {
        throw refuse(
          ctx.core,
          'invalidStatus',
          `Purchase order ${po.purchaseorder_number} is ${po.status} and cannot be billed.`,
        );
      }
      return po;
    });
    input.vendor_id ??= orders[0]!.vendor_id;
    if (noLines(input)) input.line_items = orders.flatMap((po) => copyLines(po, false));
    input.purchaseorder_ids = poIds;
    sources.purchaseorders = orders;
  }
  return sources;
}

/** Links the new document to its sources and moves their statuses; `send=true` sends an invoice at once. */
export function afterCreate(ctx: ModelContext, kind: DocumentKind, record: Rec, sources: Sources): void {
  const { estimate, salesorder, purchaseorders } = sources;
  if (estimate && kind.store === 'salesorders') {
    record.estimate_id = estimate.estimate_id;
    estimate.salesorder_id = record.salesorder_id;
    if (['draft', 'sent'].includes(String(estimate.status))) estimate.status = 'accepted';
  }
  if (estimate && kind.store === 'invoices') {
    record.invoiced_estimate_id = estimate.estimate_id;
    estimate.invoice_id = record.invoice_id;
    estimate.status = 'invoiced';
  }
  if (salesorder) {
    record.salesorder_id = salesorder.salesorder_id;
    record.salesorder_number = salesorder.salesorder_number;
  }
  for (const po of purchaseorders ?? []) {
    transition(ctx, TRANSITIONS.mark_purchase_order_billed!, po);
    po.bill_id = record.bill_id;
  }
  if (purchaseorders?.length) {
    record.purchaseorders = purchaseorders.map((po) => ({
      purchaseorder_id: po.purchaseorder_id,
      purchaseorder_number: po.purchaseorder_number,
      purchaseorder_status: po.status,
    }));
  }
  if (kind.store === 'invoices' && ctx.query?.get('send') === 'true') {
    transition(ctx, TRANSITIONS.mark_invoice_sent!, record);
  }
  if (kind.store === 'estimates' && ctx.query?.get('send') === 'true') {
    transition(ctx, TRANSITIONS.mark_estimate_sent!, record);
  }
}
