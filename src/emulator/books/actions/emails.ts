import { kindOf } from '../documents/kinds.js';
import { markEmailed } from '../documents/lifecycle.js';
import { lapsedStatus } from '../documents/status.js';
import { invalidValue, missingField, refuse } from '../errors.js';
import { actionBody, modelCtx } from '../generic.js';
import { addHistory } from '../history.js';
import { zohoDate, zohoTime } from '../records.js';
import type { BooksContext, BooksHandler, BooksReply } from '../route.js';
import { storeOf } from '../route.js';
import type { Rec } from '../state.js';
import { done, queryIds, recordAnswer, subjectOf } from './helpers.js';

/**
 * Emails Books sends for a record. The emulator sends nothing, but does what Zoho's records show
 * afterwards: a draft goes out (sent/open), `is_emailed` is set, the mail is in the record's history,
 * and the addresses are checked. The content operations answer the mail Zoho would propose.
 */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function addresses(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list) throw invalidValue(field);
  return list.map((v, i) => {
    if (typeof v !== 'string' || !EMAIL.test(v.trim())) throw invalidValue(`${field}[${i}]`);
    return v.trim();
  });
}

function contactOf(ctx: BooksContext, record: Rec): Rec | undefined {
  const id = record.customer_id ?? record.vendor_id ?? record.contact_id;
  return id === undefined ? undefined : storeOf(ctx).table('contacts').get(String(id));
}

/** The recipients: those given, else the contact's email; a mail to nobody is refused. */
function recipients(ctx: BooksContext, record: Rec, body: Rec): string[] {
  const given = addresses(body.to_mail_ids, 'to_mail_ids');
  if (given.length) return given;
  const email = contactOf(ctx, record)?.email;
  if (typeof email === 'string' && email !== '') return [email];
  throw missingField('to_mail_ids');
}

function remember(ctx: BooksContext, store: string, record: Rec, to: string[], subject: string): void {
  const history = Array.isArray(record.email_history) ? (record.email_history as Rec[]) : [];
  record.email_history = [
    ...history,
    {
      mailhistory_id: ctx.core.books.newId(),
      from: ctx.store?.org.email ?? '',
      to_mail_ids: to,
      subject,
      date: zohoDate(ctx.now),
    },
  ];
  record.last_modified_time = zohoTime(ctx.now);
  const kind = kindOf(store);
  if (!kind) {
    const idField = store === 'contacts' ? 'contact_id' : 'payment_id';
    addHistory(modelCtx(ctx), store, idField, record[idField], `Email sent to ${to.join(', ')}.`);
  }
}

function titleOf(store: string, record: Rec): string {
  const kind = kindOf(store);
  const number = kind?.number ? record[kind.number.field] : (record.payment_number ?? record.contact_name);
  return `${kind ? kind.thing.replace(/\b\w/g, (c) => c.toUpperCase()) : 'Payment'} ${number ?? ''}`.trim();
}

/** `POST /<documents>/{id}/email` and the contact and payment emails. */
function send(store: string, message: string): BooksHandler {
  return (ctx) => {
    const record = subjectOf(ctx);
    const body = actionBody(ctx);
    addresses(body.cc_mail_ids, 'cc_mail_ids');
    const to = recipients(ctx, record, body);
    const subject =
      typeof body.subject === 'string' && body.subject
        ? body.subject
        : `${titleOf(store, record)} from ${ctx.store?.org.name}`;
    if (kindOf(store)) markEmailed(modelCtx(ctx), store, record, to);
    remember(ctx, store, record, to, subject);
    return done(ctx, message);
  };
}

/** `GET /<documents>/{id}/email`: the mail Books would send now. */
function content(store: string): BooksHandler {
  return (ctx) => {
    const record = subjectOf(ctx);
    const contact = contactOf(ctx, record);
    const org = storeOf(ctx).org;
    const title = titleOf(store, record);
    const idField = kindOf(store)?.idField ?? (store === 'contacts' ? 'contact_id' : 'payment_id');
    return recordAnswer(ctx, 'success', {
      subject: `${title} from ${org.name}`,
      body: `Dear ${contact?.contact_name ?? 'Customer'},<br><br>Please find ${title} attached.<br><br>Regards,<br>${org.name}`,
      to_contacts: contact?.email
        ? [{ first_name: contact.contact_name, email: contact.email, selected: true }]
        : [],
      from_emails: [{ user_name: org.contact_name, email: org.email, selected: true, is_org_email_id: true }],
      file_name: `${title.replace(/\s+/g, '_')}.pdf`,
      file_name_without_extension: title.replace(/\s+/g, '_'),
      attachment_name: `${title.replace(/\s+/g, '_')}.pdf`,
      customer_name: contact?.contact_name ?? '',
      entity_id: record[idField],
      contact_id: contact?.contact_id ?? '',
      attach_pdf: true,
      gateways_configured: false,
      gateways_associated: false,
      to_mails_str: contact?.email ?? '',
      from_email: org.email,
    });
  };
}

/** `POST /invoices/{id}/paymentreminder`: only an unpaid invoice that went out can be chased. */
function remind(ctx: BooksContext): BooksReply {
  const invoice = subjectOf(ctx);
  const status = lapsedStatus(modelCtx(ctx), kindOf('invoices')!, invoice);
  if (!['sent', 'overdue', 'partially_paid'].includes(status)) {
    throw refuse(
      ctx.core,
      'invalidStatus',
      `Invoice ${invoice.invoice_number} is ${status}: there is nothing to remind.`,
    );
  }
  const body = actionBody(ctx);
  addresses(body.cc_mail_ids, 'cc_mail_ids');
  const to = recipients(ctx, invoice, body);
  invoice.reminders_sent = Number(invoice.reminders_sent ?? 0) + 1;
  invoice.last_reminder_sent_date = zohoDate(ctx.now);
  remember(ctx, 'invoices', invoice, to, `Payment reminder for ${invoice.invoice_number}`);
  return done(ctx, 'Your payment reminder has been sent.');
}

/** Bulk mails by ids in the query: every id must exist; each document is mailed to its contact. */
function bulk(store: string, param: string, message: string): BooksHandler {
  return (ctx) => {
    const records = queryIds(ctx, param, store);
    actionBody(ctx);
    for (const r of records) {
      const to = recipients(ctx, r, {});
      markEmailed(modelCtx(ctx), store, r, to);
      remember(ctx, store, r, to, titleOf(store, r));
    }
    return done(ctx, message);
  };
}

function bulkReminder(ctx: BooksContext): BooksReply {
  const invoices = queryIds(ctx, 'invoice_ids', 'invoices');
  const sent: string[] = [];
  const errors: Rec[] = [];
  for (const invoice of invoices) {
    const status = lapsedStatus(modelCtx(ctx), kindOf('invoices')!, invoice);
    const email = contactOf(ctx, invoice)?.email;
    if (!['sent', 'overdue', 'partially_paid'].includes(status) || !email) {
      errors.push({
        invoice_id: invoice.invoice_id,
        message: `Invoice ${invoice.invoice_number} cannot be reminded.`,
      });
      continue;
    }
    invoice.reminders_sent = Number(invoice.reminders_sent ?? 0) + 1;
    invoice.last_reminder_sent_date = zohoDate(ctx.now);
    sent.push(String(invoice.invoice_id));
  }
  return done(ctx, 'success', {
    info: {
      email_success_info: { message: `${sent.length} reminder(s) sent.`, invoice_ids: sent },
      email_errors_info: errors,
      code: 0,
    },
  });
}

export const emailHandlers: Readonly<Record<string, BooksHandler>> = {
  email_invoice: send('invoices', 'Your invoice has been sent.'),
  email_estimate: send('estimates', 'Your estimate has been sent.'),
  email_sales_order: send('salesorders', 'Your sales order has been sent.'),
  email_purchase_order: send('purchaseorders', 'Your purchase order has been sent.'),
  email_credit_note: send('creditnotes', 'Your credit note has been sent.'),
  email_retainer_invoice: send('retainerinvoices', 'Your retainer invoice has been sent.'),
  email_sales_receipt: send('salesreceipts', 'Your sales receipt has been sent.'),
  email_vendor_payment: send('vendorpayments', 'The payment receipt has been sent.'),
  email_contact: send('contacts', 'Email has been sent.'),
  email_contact_statement: send('contacts', 'Statement has been sent to the customer.'),
  remind_customer_for_invoice_payment: remind,
  email_invoices: bulk('invoices', 'invoice_ids', 'Mission accomplished! We have sent all the invoices.'),
  email_multiple_estimates: bulk(
    'estimates',
    'estimate_ids',
    'Mission accomplished! We have sent all the estimates.',
  ),
  bulk_invoice_reminder: bulkReminder,
  get_invoice_email: content('invoices'),
  get_estimate_email: content('estimates'),
  get_sales_order_email: content('salesorders'),
  get_purchase_order_email: content('purchaseorders'),
  get_credit_note_email: content('creditnotes'),
  get_retainer_invoice_email: content('retainerinvoices'),
  get_vendor_payment_email_content: content('vendorpayments'),
  get_contact_statement_mail: content('contacts'),
  get_payment_reminder_mail_content_for_invoice: content('invoices'),
};
