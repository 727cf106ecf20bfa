import { refused } from '../errors.js';
import { findRecord, modelCtx } from '../generic.js';
import { zohoTime } from '../records.js';
import type { BooksContext, BooksHandler } from '../route.js';
import type { Rec } from '../state.js';
import { STORES } from './common.js';
import { changeInvoice, invoiceModel, markSent, settleStatus } from './invoices.js';
import type { ResourceModel } from './model.js';

type Models = ReadonlyMap<string, ResourceModel>;

const invoiceOf = (ctx: BooksContext, models: Models): Rec => {
  const c = ctx.core.surface.findCollection(STORES.invoices)!;
  return findRecord(ctx, models, c)!;
};

const done = (ctx: BooksContext, invoice: Rec, message: string) => {
  invoice.last_modified_time = zohoTime(ctx.now);
  return { status: ctx.op.status, body: { code: 0, message } };
};

/** mark sent / void / draft and email: the invoice's life cycle (REFERENCE §5 statuses). */
export const invoiceHandlers = (models: Models): Record<string, BooksHandler> => ({
  mark_invoice_sent: (ctx) => {
    const invoice = invoiceOf(ctx, models);
    markSent(modelCtx(ctx), invoice);
    return done(ctx, invoice, 'Invoice status has been changed to Sent.');
  },
  mark_invoice_void: (ctx) => {
    const invoice = invoiceOf(ctx, models);
    if (Number(invoice.payment_made ?? 0) > 0) {
      throw refused(2, 'Invoices that have payments recorded cannot be voided. Delete the payments first.');
    }
    changeInvoice(modelCtx(ctx), invoice, () => {
      invoice.status = 'void';
      invoice.balance = 0;
    });
    return done(ctx, invoice, 'Invoice status has been changed to Void.');
  },
  mark_invoice_draft: (ctx) => {
    const invoice = invoiceOf(ctx, models);
    if (Number(invoice.payment_made ?? 0) > 0) {
      throw refused(2, 'Invoices that have payments recorded cannot be marked as draft.');
    }
    changeInvoice(modelCtx(ctx), invoice, () => {
      invoice.status = 'draft';
      invoice.balance = invoice.total;
    });
    return done(ctx, invoice, 'Status of invoice changed to Draft.');
  },
  email_invoice: (ctx) => {
    const invoice = invoiceOf(ctx, models);
    markSent(modelCtx(ctx), invoice);
    invoice.is_emailed = true;
    settleStatus(invoice);
    return done(ctx, invoice, 'Your invoice has been sent.');
  },
});

export { invoiceModel };
