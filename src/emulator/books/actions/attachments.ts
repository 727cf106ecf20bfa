import { missingField, notFound } from '../errors.js';
import { zohoTime } from '../records.js';
import type { Upload } from '../request-body.js';
import type { BooksContext, BooksHandler } from '../route.js';
import { storeOf } from '../route.js';
import type { OrgStore, Rec } from '../state.js';
import { done, subjectOf } from './helpers.js';

/**
 * Files kept on a record (an invoice's attachment, an expense's receipt): stored as sent, answered back
 * byte for byte with their type, listed in the record's `documents`, and gone once deleted.
 */
interface StoredFile {
  document_id: string;
  file_name: string;
  file_type: string;
  file_size: number;
  data: Buffer;
}

/** Documents stores whose records mirror a record's files (`GET /invoices/{id}/documents/{doc}`). */
const DOCUMENT_STORES: Readonly<Record<string, { store: string; parent: string }>> = {
  invoices: { store: 'invoices/documents', parent: 'invoice_id' },
  retainerinvoices: { store: 'retainerinvoices/documents', parent: 'retainerinvoice_id' },
};

/** Files live apart from records, so no answer ever carries their bytes. */
const FILES = '_files';
function idOf(record: Rec): string {
  return String(
    record.invoice_id ??
      record.bill_id ??
      record.salesorder_id ??
      record.purchaseorder_id ??
      record.retainerinvoice_id ??
      record.journal_id ??
      record.expense_id,
  );
}
function fileOf(org: OrgStore, store: string, record: Rec, field: string): StoredFile | undefined {
  return org.table(FILES).get(`${store}:${idOf(record)}:${field}`) as StoredFile | undefined;
}
function keep(org: OrgStore, store: string, record: Rec, field: string, file: StoredFile | undefined): void {
  const key = `${store}:${idOf(record)}:${field}`;
  if (file) org.table(FILES).set(key, file as unknown as Rec);
  else org.table(FILES).delete(key);
}

function upload(ctx: BooksContext): Upload {
  const file = ctx.body.uploads[0];
  if (!file) throw missingField('attachment');
  return file;
}

function describe(f: StoredFile): Rec {
  return {
    document_id: f.document_id,
    file_name: f.file_name,
    file_type: f.file_type.split('/').pop(),
    file_size: f.file_size,
    file_size_formatted: `${Math.max(1, Math.round(f.file_size / 1024))} KB`,
  };
}

/** `POST /<records>/{id}/attachment` (and receipts): keeps the file, lists it on the record. */
function add(store: string, field: 'attachment' | 'receipt'): BooksHandler {
  return (ctx) => {
    const record = subjectOf(ctx);
    const file = upload(ctx);
    const stored: StoredFile = {
      document_id: ctx.core.books.newId(),
      file_name: file.name,
      file_type: file.type,
      file_size: file.data.length,
      data: file.data,
    };
    const previous = fileOf(storeOf(ctx), store, record, field);
    if (previous) forget(ctx, store, record, previous);
    keep(storeOf(ctx), store, record, field, stored);
    const documents = Array.isArray(record.documents) ? (record.documents as Rec[]) : [];
    Object.assign(record, {
      [`${field}_name`]: file.name,
      has_attachment: true,
      can_send_in_mail: record.can_send_in_mail ?? false,
      documents: [...documents, describe(stored)],
      last_modified_time: zohoTime(ctx.now),
    });
    const docs = DOCUMENT_STORES[store];
    if (docs) {
      const time = zohoTime(ctx.now);
      storeOf(ctx)
        .table(docs.store)
        .set(stored.document_id, {
          ...describe(stored),
          [docs.parent]: record[docs.parent],
          created_time: time,
          last_modified_time: time,
        });
    }
    return done(
      ctx,
      field === 'receipt' ? 'The receipt has been attached.' : 'Your file has been attached.',
      ctx.op.key === 'documents' ? { documents: [describe(stored)] } : {},
    );
  };
}

/** Takes a stored file off its record (and out of the documents store). */
function forget(ctx: BooksContext, store: string, record: Rec, file: StoredFile): void {
  const documents = Array.isArray(record.documents) ? (record.documents as Rec[]) : [];
  record.documents = documents.filter((d) => d.document_id !== file.document_id);
  const docs = DOCUMENT_STORES[store];
  if (docs) storeOf(ctx).table(docs.store).delete(file.document_id);
}

function stored(ctx: BooksContext, store: string, record: Rec, field: string): StoredFile {
  const file = fileOf(storeOf(ctx), store, record, field);
  if (!file) throw notFound(field);
  return file;
}

/** `GET /<records>/{id}/attachment`: the file itself. */
function get(store: string, field: 'attachment' | 'receipt'): BooksHandler {
  return (ctx) => {
    const file = stored(ctx, store, subjectOf(ctx), field);
    return {
      status: 200,
      body: undefined,
      file: { data: file.data, contentType: file.file_type, name: file.file_name },
    };
  };
}

/** `DELETE /<records>/{id}/attachment`. */
function remove(store: string, field: 'attachment' | 'receipt'): BooksHandler {
  return (ctx) => {
    const record = subjectOf(ctx);
    const file = stored(ctx, store, record, field);
    forget(ctx, store, record, file);
    keep(storeOf(ctx), store, record, field, undefined);
    Object.assign(record, {
      [`${field}_name`]: '',
      has_attachment: false,
      last_modified_time: zohoTime(ctx.now),
    });
    return done(
      ctx,
      field === 'receipt'
        ? 'The attached expense receipt has been deleted.'
        : 'Your file is no longer attached.',
    );
  };
}

/** Deleting a document record (`DELETE /invoices/{id}/documents/{doc}`) takes the file off its record too. */
export function documentRemoved(org: OrgStore, store: string, document: Rec): void {
  const docs = DOCUMENT_STORES[store];
  if (!docs) return;
  const record = org.table(store).get(String(document[docs.parent]));
  if (!record) return;
  record.documents = ((record.documents as Rec[] | undefined) ?? []).filter(
    (d) => d.document_id !== document.document_id,
  );
  const file = fileOf(org, store, record, 'attachment');
  if (file?.document_id === document.document_id) {
    keep(org, store, record, 'attachment', undefined);
    Object.assign(record, { attachment_name: '', has_attachment: false });
  }
}

export const attachmentHandlers: Readonly<Record<string, BooksHandler>> = {
  add_invoice_attachment: add('invoices', 'attachment'),
  get_invoice_attachment: get('invoices', 'attachment'),
  delete_invoice_attachment: remove('invoices', 'attachment'),
  add_bill_attachment: add('bills', 'attachment'),
  get_bill_attachment: get('bills', 'attachment'),
  delete_bill_attachment: remove('bills', 'attachment'),
  add_sales_order_attachment: add('salesorders', 'attachment'),
  get_sales_order_attachment: get('salesorders', 'attachment'),
  delete_sales_order_attachment: remove('salesorders', 'attachment'),
  add_purchase_order_attachment: add('purchaseorders', 'attachment'),
  get_purchase_order_attachment: get('purchaseorders', 'attachment'),
  delete_purchase_order_attachment: remove('purchaseorders', 'attachment'),
  add_retainer_invoice_attachment: add('retainerinvoices', 'attachment'),
  get_retainer_invoice_attachment: get('retainerinvoices', 'attachment'),
  add_journal_attachment: add('journals', 'attachment'),
  add_expense_attachment: add('expenses', 'attachment'),
  create_expense_receipt: add('expenses', 'receipt'),
  get_expense_receipt: get('expenses', 'receipt'),
  delete_expense_receipt: remove('expenses', 'receipt'),
  delete_invoice_expense_receipt: remove('expenses', 'receipt'),
};
