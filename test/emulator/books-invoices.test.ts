import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { booksUser, type Json, NO_LIMITS, orgClient } from './books-helpers.js';

const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse('2024-03-01T12:00:00Z');

let emu: Emulator;
let call: ReturnType<typeof orgClient>;
let org: string;
beforeEach(async () => {
  // Tokens outlive the days this suite moves the clock by.
  emu = await startEmulator({ books: NO_LIMITS, startTime: START, tokenTtlSeconds: 100 * 24 * 3600 });
  const user = await booksUser(emu);
  org = user.orgs[0]!;
  call = orgClient(emu, user.token, org);
});
afterEach(async () => {
  await emu.close();
});

const customer = async (name = 'Acme Ltd'): Promise<string> =>
  ((await call('POST', '/contacts', { body: { contact_name: name } })).body.contact as Json)
    .contact_id as string;

const tax = async (pct: number): Promise<string> =>
  (
    (await call('POST', '/settings/taxes', { body: { tax_name: `VAT ${pct}`, tax_percentage: pct } })).body
      .tax as Json
  ).tax_id as string;

const invoice = async (body: Json): Promise<Json> => {
  const r = await call('POST', '/invoices', { body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.invoice as Json;
};

describe('invoices', () => {
  it('computes line totals, tax, total and balance, with 15–19 digit string ids', async () => {
    const customerId = await customer();
    const vat = await tax(20);
    const item = (await call('POST', '/items', { body: { name: 'Widget', rate: 12.5 } })).body.item as Json;
    const r = await call('POST', '/invoices', {
      body: {
        customer_id: customerId,
        line_items: [
          { item_id: item.item_id, quantity: 4, tax_id: vat },
          { name: 'Setup', rate: 100, quantity: 1, discount: 10 },
        ],
        shipping_charge: 5,
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ code: 0, message: 'The invoice has been created.' });
    const inv = r.body.invoice as Json;
    expect(inv.invoice_id).toMatch(/^\d{15,19}$/);
    expect(inv).toMatchObject({
      customer_id: customerId,
      customer_name: 'Acme Ltd',
      status: 'draft',
      invoice_number: 'INV-000001',
      date: '2024-03-01',
      due_date: '2024-03-01',
      sub_total: 140,
      tax_total: 10,
      total: 155,
      balance: 155,
    });
    const lines = inv.line_items as Json[];
    expect(lines.map((l) => [l.name, l.rate, l.item_total])).toEqual([
      ['Widget', 12.5, 50],
      ['Setup', 100, 90],
    ]);
    expect((await call('GET', `/invoices/${inv.invoice_id}`)).body.invoice).toMatchObject({ total: 155 });
  });

  it('names the missing or wrong field', async () => {
    const customerId = await customer();
    const missing = await call('POST', '/invoices', { body: { line_items: [{ name: 'x', rate: 1 }] } });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe(4);
    expect(missing.body.message).toContain('customer_id');
    const noLines = await call('POST', '/invoices', { body: { customer_id: customerId, line_items: [] } });
    expect(noLines.body.message).toContain('line_items');
    const badCustomer = await call('POST', '/invoices', {
      body: { customer_id: '999999999999999999', line_items: [{ name: 'x', rate: 1 }] },
    });
    expect(badCustomer.body).toEqual({ code: 2, message: 'Invalid value passed for customer_id' });
    const badRate = await call('POST', '/invoices', {
      body: { customer_id: customerId, line_items: [{ name: 'x', rate: 'ten' }] },
    });
    expect(badRate.body).toEqual({ code: 2, message: 'Invalid value passed for line_items[0].rate' });
    const dup = { customer_id: customerId, invoice_number: 'A-1', line_items: [{ name: 'x', rate: 1 }] };
    expect((await call('POST', '/invoices', { body: dup })).status).toBe(201);
    expect((await call('POST', '/invoices', { body: dup })).body.code).toBe(1001);
  });

  it('moves draft → sent → overdue by the clock → void → draft, refusing what Zoho refuses', async () => {
    const inv = await invoice({
      customer_id: await customer(),
      payment_terms: 15,
      line_items: [{ name: 'Work', rate: 200 }],
    });
    const id = inv.invoice_id as string;
    expect(inv.due_date).toBe('2024-03-16');
    const status = async () => ((await call('GET', `/invoices/${id}`)).body.invoice as Json).status;
    expect((await call('POST', `/invoices/${id}/status/sent`)).body.code).toBe(0);
    expect(await status()).toBe('sent');
    emu.advance(16 * DAY);
    expect(await status()).toBe('overdue');
    const overdue = await call('GET', '/invoices', { query: { filter_by: 'Status.Overdue' } });
    expect((overdue.body.invoices as Json[]).map((i) => i.invoice_id)).toEqual([id]);
    expect((await call('POST', `/invoices/${id}/status/void`)).body.code).toBe(0);
    expect(await status()).toBe('void');
    expect((await call('POST', `/invoices/${id}/status/sent`)).status).toBe(400);
    expect((await call('POST', `/invoices/${id}/status/draft`)).body.code).toBe(0);
    expect(await status()).toBe('draft');
    expect((await call('POST', '/invoices/123456789012345678/status/sent')).body).toEqual({
      code: 1002,
      message: 'Invoice does not exist.',
    });
  });

  it('creates sent with send=true and marks sent when emailed', async () => {
    const customerId = await customer();
    const sent = await call('POST', '/invoices', {
      query: { send: 'true' },
      body: { customer_id: customerId, line_items: [{ name: 'x', rate: 5 }] },
    });
    expect((sent.body.invoice as Json).status).toBe('sent');
    const draft = await invoice({ customer_id: customerId, line_items: [{ name: 'y', rate: 5 }] });
    await call('POST', `/invoices/${draft.invoice_id}/email`, { body: { to_mail_ids: ['a@example.com'] } });
    const after = (await call('GET', `/invoices/${draft.invoice_id}`)).body.invoice as Json;
    expect(after).toMatchObject({ status: 'sent', is_emailed: true });
  });

  it('recomputes on update and refuses a total below the payments', async () => {
    const customerId = await customer();
    const inv = await invoice({ customer_id: customerId, line_items: [{ name: 'x', rate: 100 }] });
    const id = inv.invoice_id as string;
    const put = await call('PUT', `/invoices/${id}`, {
      body: { line_items: [{ name: 'x', rate: 100, quantity: 3 }] },
    });
    expect(put.body).toMatchObject({ code: 0, invoice: { total: 300, balance: 300 } });
    await call('POST', `/invoices/${id}/status/sent`);
    await call('POST', '/customerpayments', {
      body: { customer_id: customerId, amount: 250, invoices: [{ invoice_id: id, amount_applied: 250 }] },
    });
    const lower = await call('PUT', `/invoices/${id}`, { body: { line_items: [{ name: 'x', rate: 100 }] } });
    expect(lower.status).toBe(400);
    expect((await call('DELETE', `/invoices/${id}`)).status).toBe(400);
  });
});

describe('customer payments', () => {
  it('apply to invoices: balances, statuses and the customer’s receivables follow', async () => {
    const customerId = await customer();
    const a = await invoice({ customer_id: customerId, line_items: [{ name: 'a', rate: 100 }] });
    const b = await invoice({ customer_id: customerId, line_items: [{ name: 'b', rate: 50 }] });
    for (const inv of [a, b]) await call('POST', `/invoices/${inv.invoice_id}/status/sent`);
    const receivable = async () =>
      ((await call('GET', `/contacts/${customerId}`)).body.contact as Json).outstanding_receivable_amount;
    expect(await receivable()).toBe(150);
    const pay = await call('POST', '/customerpayments', {
      body: {
        customer_id: customerId,
        amount: 130,
        date: '2024-03-02',
        invoices: [
          { invoice_id: a.invoice_id, amount_applied: 100 },
          { invoice_id: b.invoice_id, amount_applied: 20 },
        ],
      },
    });
    expect(pay.status).toBe(201);
    const payment = pay.body.payment as Json;
    expect(payment).toMatchObject({ amount: 130, unused_amount: 10 });
    const get = async (inv: Json) => (await call('GET', `/invoices/${inv.invoice_id}`)).body.invoice as Json;
    expect(await get(a)).toMatchObject({ status: 'paid', balance: 0, payment_made: 100 });
    expect(await get(b)).toMatchObject({ status: 'partially_paid', balance: 30 });
    expect(await receivable()).toBe(30);
    const applied = (await call('GET', `/invoices/${b.invoice_id}/payments`)).body.payments as Json[];
    expect(applied).toHaveLength(1);
    await call('DELETE', `/invoices/${b.invoice_id}/payments/${applied[0]!.invoice_payment_id}`);
    expect(await get(b)).toMatchObject({ status: 'sent', balance: 50 });
    await call('DELETE', `/customerpayments/${payment.payment_id}`);
    expect(await get(a)).toMatchObject({ status: 'sent', balance: 100 });
    expect(await receivable()).toBe(150);
  });

  it('refuses more than the balance, more than the amount, drafts and other customers’ invoices', async () => {
    const customerId = await customer();
    const otherId = await customer('Other');
    const inv = await invoice({ customer_id: customerId, line_items: [{ name: 'a', rate: 100 }] });
    const pay = (amount: number, applied: number, who = customerId) =>
      call('POST', '/customerpayments', {
        body: {
          customer_id: who,
          amount,
          invoices: [{ invoice_id: inv.invoice_id, amount_applied: applied }],
        },
      });
    expect((await pay(100, 100)).status).toBe(400);
    await call('POST', `/invoices/${inv.invoice_id}/status/sent`);
    expect((await pay(200, 150)).status).toBe(400);
    expect((await pay(50, 60)).status).toBe(400);
    expect((await pay(100, 100, otherId)).body.code).toBe(2);
    expect(
      (await call('POST', '/customerpayments', { body: { customer_id: customerId, amount: -5 } })).body,
    ).toEqual({
      code: 2,
      message: 'Invalid value passed for amount',
    });
    expect((await pay(100, 100)).status).toBe(201);
    expect((await call('POST', `/invoices/${inv.invoice_id}/status/void`)).status).toBe(400);
  });
});
