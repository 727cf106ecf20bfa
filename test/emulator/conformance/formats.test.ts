import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { books } from '../books-helpers.js';
import { type Json, startWorld, type World } from './world.js';

/** Answers that are not plain JSON records: PDFs, attachments, mails and history (issue 11). */
let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.emu.close();
});

/** A PDF a reader opens: header, objects where the cross-reference table says, trailer, %%EOF. */
const checkPdf = (bytes: Buffer): string => {
  const text = bytes.toString('latin1');
  expect(text.startsWith('%PDF-1.')).toBe(true);
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const table = /xref\n0 (\d+)\n([\s\S]*?)trailer/.exec(text.slice(startxref))!;
  const entries = table[2]!.trim().split('\n').slice(1);
  expect(entries).toHaveLength(Number(table[1]) - 1);
  entries.forEach((entry, i) => {
    const offset = Number(entry.slice(0, 10));
    expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
  });
  return text;
};

describe('files', () => {
  it('[Zoho docs: invoices "accept=pdf"; REFERENCE §5] GET a document with accept=pdf answers a valid PDF of it, as application/pdf', async () => {
    const invoice = await w.invoice(123.45, { sent: false });
    const r = await w.call('GET', `/invoices/${invoice.invoice_id}`, { query: { accept: 'pdf' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const text = checkPdf(r.bytes!);
    expect(text).toContain(String(invoice.invoice_number));
    expect(text).toContain('123.45');
    expect(
      (await w.call('GET', `/invoices/${invoice.invoice_id}`, { query: { accept: 'xml' } })).status,
    ).toBe(400);
  });

  it('[OpenAPI bulk_export_invoices_as_pdf] a bulk PDF has one page per invoice, and every id must exist', async () => {
    const a = await w.invoice(10, { sent: false });
    const b = await w.invoice(20, { sent: false });
    const r = await w.call('GET', '/invoices/pdf', {
      query: { invoice_ids: `${a.invoice_id},${b.invoice_id}` },
    });
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(checkPdf(r.bytes!)).toContain('/Count 2');
    const bad = await w.call('GET', '/invoices/pdf', {
      query: { invoice_ids: `${a.invoice_id},999999999999999999` },
    });
    expect(bad.body).toEqual({ code: 2, message: 'Invalid value passed for invoice_ids' });
  });

  it('[OpenAPI add_invoice_attachment, get_invoice_attachment, delete_invoice_attachment] an attachment comes back byte for byte and is gone once deleted', async () => {
    const invoice = await w.invoice(10, { sent: false });
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    const form = new FormData();
    form.append('attachment', new Blob([bytes], { type: 'application/pdf' }), 'terms.pdf');
    const added = await books(w.emu, w.token, 'POST', `/invoices/${invoice.invoice_id}/attachment`, {
      query: { organization_id: w.org },
      multipart: form,
    });
    expect(added.body.code).toBe(0);
    const got = await w.call('GET', `/invoices/${invoice.invoice_id}/attachment`);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.bytes).toEqual(bytes);
    const doc = ((await w.get(`/invoices/${invoice.invoice_id}`, 'invoice')).documents as Json[])[0]!;
    expect(doc).toMatchObject({ file_name: 'terms.pdf', file_size: 7 });
    expect(
      (await w.ok('GET', `/invoices/${invoice.invoice_id}/documents/${doc.document_id}`)).document,
    ).toMatchObject({ file_name: 'terms.pdf' });
    await w.ok('DELETE', `/invoices/${invoice.invoice_id}/attachment`);
    expect((await w.call('GET', `/invoices/${invoice.invoice_id}/attachment`)).status).toBe(404);
    const none = await w.call('POST', `/invoices/${invoice.invoice_id}/attachment`, { body: {} });
    expect(none.body).toEqual({
      code: 4,
      message: 'Invalid value passed for attachment. attachment is required.',
    });
  });
});

describe('mails and history', () => {
  it('[OpenAPI get_invoice_email, email_invoice] the proposed mail names the invoice and its contact; mailing a draft sends it and records it', async () => {
    const customer = await w.contact();
    const invoice = await w.invoice(30, { customer, sent: false });
    const mail = (await w.ok('GET', `/invoices/${invoice.invoice_id}/email`)).data as Json;
    expect(mail.subject).toContain(String(invoice.invoice_number));
    expect(mail.to_contacts).toEqual([
      expect.objectContaining({ email: (customer.contact_persons as Json[])[0]!.email }),
    ]);
    const bad = await w.call('POST', `/invoices/${invoice.invoice_id}/email`, {
      body: { to_mail_ids: ['not an address'] },
    });
    expect(bad.body).toEqual({ code: 2, message: 'Invalid value passed for to_mail_ids[0]' });
    await w.ok('POST', `/invoices/${invoice.invoice_id}/email`, { to_mail_ids: ['billing@example.com'] });
    expect(await w.get(`/invoices/${invoice.invoice_id}`, 'invoice')).toMatchObject({
      status: 'sent',
      is_emailed: true,
    });
    const history = (await w.ok('GET', `/invoices/${invoice.invoice_id}/comments`)).comments as Json[];
    expect(history.map((c) => c.description)).toEqual(
      expect.arrayContaining([
        'Invoice created.',
        'Invoice marked as sent.',
        'Invoice emailed to billing@example.com.',
      ]),
    );
  });

  it('[OpenAPI remind_customer_for_invoice_payment] only an unpaid invoice that went out can be reminded', async () => {
    const draft = await w.invoice(30, { sent: false });
    expect((await w.call('POST', `/invoices/${draft.invoice_id}/paymentreminder`, { body: {} })).status).toBe(
      400,
    );
    const sent = await w.invoice(30);
    await w.ok('POST', `/invoices/${sent.invoice_id}/paymentreminder`, {});
    expect((await w.get(`/invoices/${sent.invoice_id}`, 'invoice')).reminders_sent).toBe(1);
  });
});
