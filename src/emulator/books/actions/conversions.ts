// Documents Books proposes or makes from other documents, by their own operations.
import { copyLines } from '../documents/conversions.js';
import { invalidValue, missingField, notFound, refuse } from '../errors.js';
import { answerRecord, insertRecord, modelCtx, success } from '../generic.js';
import type { ResourceModel } from '../models/model.js';
import { project, zohoDate, zohoTime } from '../records.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';
import { collectionOf, queryIds } from './helpers.js';

type Models = ReadonlyMap<string, ResourceModel>;

/** `POST /invoices/fromsalesorder?salesorder_id=`: a draft invoice of the order's lines; the order is invoiced. */
function invoiceFromSalesOrder(models: Models): BooksHandler {
  return (ctx) => {
    const id = ctx.url.searchParams.get('salesorder_id');
    if (!id) throw missingField('salesorder_id');
    const order = storeOf(ctx).table('salesorders').get(id);
    if (!order) throw notFound('sales order');
    if (!['open', 'partially_invoiced'].includes(String(order.status))) {
      throw refuse(
        ctx.core,
        'invalidStatus',
        `Sales order ${order.salesorder_number} is ${order.status} and cannot be invoiced.`,
      );
    }
    const mctx = modelCtx(ctx);
    const c = collectionOf(ctx, 'invoices');
    const invoice = insertRecord(
      mctx,
      models,
      c,
      {
        customer_id: order.customer_id,
        reference_number: order.salesorder_number,
        line_items: copyLines(order, false),
        discount: order.discount_type === 'entity_level' && order.discount ? order.discount : undefined,
        shipping_charge: order.shipping_charge,
        adjustment: order.adjustment,
        is_inclusive_tax: order.is_inclusive_tax,
      },
      {},
    );
    Object.assign(invoice, {
      salesorder_id: order.salesorder_id,
      salesorder_number: order.salesorder_number,
    });
    Object.assign(order, {
      status: 'invoiced',
      invoice_id: invoice.invoice_id,
      last_modified_time: zohoTime(ctx.now),
    });
    return answerRecord(ctx, models, c, invoice, ctx.op.status, 'The invoice has been created.');
  };
}

/**
 * `GET /bills/editpage/frompurchaseorders?purchaseorder_ids=`: the bill Books proposes from open purchase
 * orders (an edit page: nothing is saved, so it has no bill_id yet).
 */
function billFromPurchaseOrders(ctx: BooksContext): BooksReply {
  const orders = queryIds(ctx, 'purchaseorder_ids', 'purchaseorders');
  const vendor = orders[0]!.vendor_id;
  for (const po of orders) {
    if (po.vendor_id !== vendor) throw invalidValue('purchaseorder_ids');
    if (!['open', 'partially_billed'].includes(String(po.status))) {
      throw refuse(
        ctx.core,
        'invalidStatus',
        `Purchase order ${po.purchaseorder_number} is ${po.status} and cannot be billed.`,
      );
    }
  }
  const bill: Rec = {
    purchaseorder_ids: orders.map((po) => po.purchaseorder_id),
    vendor_id: vendor,
    vendor_name: orders[0]!.vendor_name,
    date: zohoDate(ctx.now),
    status: 'draft',
    line_items: orders.flatMap((po) => copyLines(po, false)),
    purchaseorders: orders.map((po) => ({
      purchaseorder_id: po.purchaseorder_id,
      purchaseorder_number: po.purchaseorder_number,
    })),
    currency_code: storeOf(ctx).org.currency_code,
  };
  const shaped = project(bill, ctx.op.responseShape, true);
  delete shaped.bill_id;
  return success(200, 'success', { bill: shaped });
}

export function conversionHandlers(models: Models): Record<string, BooksHandler> {
  return {
    create_invoice_from_salesorder: invoiceFromSalesOrder(models),
    convert_purchase_order_to_bill: billFromPurchaseOrders,
  };
}
