// Operations on many records at once, named by ids in the query: deletes, PDFs, custom modules.
import { kindOf } from '../documents/kinds.js';
import { invalidValue, missingField } from '../errors.js';
import { actionBody, deleteRecord, success } from '../generic.js';
import type { ResourceModel } from '../models/model.js';
import { pageLines, renderPdf } from '../pdf.js';
import { project, zohoTime } from '../records.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import { collectionOf, done, queryIds } from './helpers.js';

type Models = ReadonlyMap<string, ResourceModel>;

/** Bulk deletes by ids in the query: each record is deleted as its own DELETE would (or nothing is). */
function bulkDelete(models: Models, store: string, param: string, message: string): BooksHandler {
  return (ctx) => {
    const records = queryIds(ctx, param, store);
    const c = collectionOf(ctx, store);
    for (const r of records) deleteRecord(ctx, models, c, r);
    return done(ctx, message);
  };
}

/** `DELETE /{module}`: every record of a custom module. */
function deleteCustomModule(ctx: BooksContext): BooksReply {
  const name = ctx.paramValues[0];
  const table = storeOf(ctx).table('custom_modules');
  for (const [id, r] of table) if (r.module_name === name) table.delete(id);
  return done(ctx, 'The custom module records have been deleted.');
}

/** `PUT /{module}` with `module_record_id=1,2`: the same fields written to each named record. */
function bulkUpdateCustomModule(ctx: BooksContext): BooksReply {
  const name = ctx.paramValues[0];
  const body = actionBody(ctx);
  const ids = String(body.module_record_id ?? ctx.url.searchParams.get('module_record_id') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw missingField('module_record_id');
  const table = storeOf(ctx).table('custom_modules');
  const records = ids.map((id) => {
    const r = table.get(id);
    if (!r || r.module_name !== name) throw invalidValue('module_record_id');
    return r;
  });
  const { module_record_id: _ids, ...fields } = body;
  for (const r of records) Object.assign(r, fields, { last_modified_time: zohoTime(ctx.now) });
  return success(ctx.op.status, 'The records have been updated.', {
    module_record: project(
      { ...records[0]!, module_record_id: records[0]!.module_id },
      ctx.op.responseShape,
      true,
    ),
  });
}

/** `GET /<documents>/pdf|print?<thing>_ids=`: one PDF with a page per document. */
function bulkPdf(store: string, param: string): BooksHandler {
  return (ctx) => {
    const records = queryIds(ctx, param, store);
    const title = (kindOf(store)?.thing ?? store).replace(/\b\w/g, (c) => c.toUpperCase());
    return {
      status: 200,
      body: undefined,
      file: { data: renderPdf(records.map((r) => pageLines(title, r))), contentType: 'application/pdf' },
    };
  };
}

export function bulkHandlers(models: Models): Record<string, BooksHandler> {
  return {
    delete_time_entries: bulkDelete(
      models,
      'projects/timeentries',
      'time_entry_ids',
      'The time entries have been deleted.',
    ),
    bulk_delete_customer_payments: bulkDelete(
      models,
      'customerpayments',
      'payment_id',
      'The payments have been deleted.',
    ),
    bulk_delete_vendor_payments: bulkDelete(
      models,
      'vendorpayments',
      'vendorpayment_id',
      'The payments have been deleted.',
    ),
    delete_custom_module: deleteCustomModule,
    bulk_update_custom_module_records: bulkUpdateCustomModule,
    bulk_export_invoices_as_pdf: bulkPdf('invoices', 'invoice_ids'),
    bulk_print_invoices: bulkPdf('invoices', 'invoice_ids'),
    bulk_export_estimates_as_pdf: bulkPdf('estimates', 'estimate_ids'),
    bulk_print_estimates: bulkPdf('estimates', 'estimate_ids'),
    bulk_export_sales_orders_as_pdf: bulkPdf('salesorders', 'salesorder_ids'),
    bulk_print_sales_orders: bulkPdf('salesorders', 'salesorder_ids'),
  };
}
