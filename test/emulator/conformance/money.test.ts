import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, startWorld, type World } from './world.js';

/** Money that moves (issue 11): both sides of every payment, credit, refund and write-off. */
let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.emu.close();
});

const contactOf = (id: unknown) => w.get(`/contacts/${id}`, 'contact');

describe('vendor payments', () => {
  it('[OpenAPI create_vendor_payment] a vendor payment lowers the bill’s balance, sets its status and the vendor’s payables', async () => {
    const vendor = await w.contact('vendor');
    const bill = await w.bill(300, vendor);
    expect((await contactOf(vendor.contact_id)).outstanding_payable_amount).toBe(300);
    const pay = (
      await w.ok('POST', '/vendorpayments', {
        vendor_id: vendor.contact_id,
        amount: 120,
        date: '2024-06-10',
        bills: [{ bill_id: bill.bill_id, amount_applied: 120 }],
      })
    ).vendorpayment as Json;
    expect(await w.get(`/bills/${bill.bill_id}`, 'bill')).toMatchObject({
      balance: 180,
      payment_made: 120,
      status: 'partially_paid',
    });
    expect((await contactOf(vendor.contact_id)).outstanding_payable_amount).toBe(180);
    const payments = (await w.ok('GET', `/bills/${bill.bill_id}/payments`)).payments as Json[];
    expect(payments).toHaveLength(1);
    await w.ok('DELETE', `/bills/${bill.bill_id}/payments/${payments[0]!.bill_payment_id}`);
    expect(await w.get(`/bills/${bill.bill_id}`, 'bill')).toMatchObject({ balance: 300, status: 'open' });
    expect((await w.get(`/vendorpayments/${pay.payment_id}`, 'vendorpayment')).balance).toBe(120);
  });

  it('[REFERENCE §5 code 24016] paying a bill beyond its balance, or applying more than the payment, is refused and changes nothing', async () => {
    const vendor = await w.contact('vendor');
    const bill = await w.bill(100, vendor);
    const over = await w.call('POST', '/vendorpayments', {
      body: {
        vendor_id: vendor.contact_id,
        amount: 150,
        bills: [{ bill_id: bill.bill_id, amount_applied: 150 }],
      },
    });
    expect(over.status).toBe(400);
    expect(over.body.code).toBe(24016);
    const beyond = await w.call('POST', '/vendorpayments', {
      body: {
        vendor_id: vendor.contact_id,
        amount: 50,
        bills: [{ bill_id: bill.bill_id, amount_applied: 60 }],
      },
    });
    expect(beyond.body.code).toBe(24016);
    expect((await w.get(`/bills/${bill.bill_id}`, 'bill')).balance).toBe(100);
    expect(
      w.emu.records(w.org, 'vendorpayments').filter((p) => p.vendor_id === vendor.contact_id),
    ).toHaveLength(0);
  });

  it('[OpenAPI apply_credits_to_bill] an unused vendor payment is applied to a bill later', async () => {
    const vendor = await w.contact('vendor');
    const bill = await w.bill(80, vendor);
    const pay = (
      await w.ok('POST', '/vendorpayments', { vendor_id: vendor.contact_id, amount: 50, date: '2024-06-10' })
    ).vendorpayment as Json;
    expect((await contactOf(vendor.contact_id)).unused_credits_payable_amount).toBe(50);
    await w.ok('POST', `/bills/${bill.bill_id}/credits`, {
      bill_payments: [{ payment_id: pay.payment_id, amount_applied: 50 }],
    });
    expect((await w.get(`/bills/${bill.bill_id}`, 'bill')).balance).toBe(30);
    expect((await contactOf(vendor.contact_id)).unused_credits_payable_amount).toBe(0);
  });
});

describe('credit notes and vendor credits', () => {
  const openNote = async (customer: Json, total: number) => {
    const note = (
      await w.ok('POST', '/creditnotes', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'Refund', rate: total }],
      })
    ).creditnote as Json;
    await w.ok('POST', `/creditnotes/${note.creditnote_id}/status/open`);
    return note;
  };

  it('[REFERENCE §5 known case; OpenAPI apply_credit_note_to_invoice] a credit note is applied with the documented invoices[] body: both balances move', async () => {
    const customer = await w.contact();
    const invoice = await w.invoice(100, { customer });
    const note = await openNote(customer, 40);
    await w.ok('POST', `/creditnotes/${note.creditnote_id}/invoices`, {
      invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 40 }],
    });
    expect(await w.get(`/invoices/${invoice.invoice_id}`, 'invoice')).toMatchObject({
      balance: 60,
      credits_applied: 40,
      status: 'partially_paid',
    });
    expect(await w.get(`/creditnotes/${note.creditnote_id}`, 'creditnote')).toMatchObject({
      balance: 0,
      status: 'closed',
    });
    expect(await contactOf(customer.contact_id)).toMatchObject({
      outstanding_receivable_amount: 60,
      unused_credits_receivable_amount: 0,
    });
    const credited = (await w.ok('GET', `/invoices/${invoice.invoice_id}/creditsapplied`)).credits as Json[];
    expect(credited).toHaveLength(1);
    await w.ok(
      'DELETE',
      `/invoices/${invoice.invoice_id}/creditsapplied/${credited[0]!.creditnotes_invoice_id}`,
    );
    expect((await w.get(`/invoices/${invoice.invoice_id}`, 'invoice')).balance).toBe(100);
    expect(await w.get(`/creditnotes/${note.creditnote_id}`, 'creditnote')).toMatchObject({
      balance: 40,
      status: 'open',
    });
  });

  it('[REFERENCE §5 code 24016] a credit applied beyond the credit note’s balance or the invoice’s is refused', async () => {
    const customer = await w.contact();
    const small = await w.invoice(20, { customer });
    const note = await openNote(customer, 50);
    const overInvoice = await w.call('POST', `/creditnotes/${note.creditnote_id}/invoices`, {
      body: { invoices: [{ invoice_id: small.invoice_id, amount_applied: 30 }] },
    });
    expect(overInvoice.body.code).toBe(24016);
    const a = await w.invoice(40, { customer });
    const b = await w.invoice(40, { customer });
    const overNote = await w.call('POST', `/creditnotes/${note.creditnote_id}/invoices`, {
      body: {
        invoices: [
          { invoice_id: a.invoice_id, amount_applied: 30 },
          { invoice_id: b.invoice_id, amount_applied: 30 },
        ],
      },
    });
    expect(overNote.status).toBe(400);
    expect(overNote.body.code).toBe(24016);
    expect((await w.get(`/invoices/${a.invoice_id}`, 'invoice')).balance).toBe(40);
  });

  it('[OpenAPI mark_credit_note_open] a draft credit note cannot be applied until it is open', async () => {
    const customer = await w.contact();
    const invoice = await w.invoice(20, { customer });
    const draft = (
      await w.ok('POST', '/creditnotes', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'x', rate: 10 }],
      })
    ).creditnote as Json;
    const r = await w.call('POST', `/invoices/${invoice.invoice_id}/credits`, {
      body: { apply_creditnotes: [{ creditnote_id: draft.creditnote_id, amount_applied: 5 }] },
    });
    expect(r.status).toBe(400);
  });

  it('[OpenAPI create_credit_note_refund] a refund draws the credit note down, closes it when used up, and refuses more than is left (24016)', async () => {
    const customer = await w.contact();
    const note = await openNote(customer, 70);
    const cash = await w.account('cash');
    const refund = (
      await w.ok('POST', `/creditnotes/${note.creditnote_id}/refunds`, {
        amount: 70,
        date: '2024-06-10',
        from_account_id: cash,
      })
    ).creditnote_refund as Json;
    expect(await w.get(`/creditnotes/${note.creditnote_id}`, 'creditnote')).toMatchObject({
      balance: 0,
      status: 'closed',
    });
    const again = await w.call('POST', `/creditnotes/${note.creditnote_id}/refunds`, {
      body: { amount: 1, date: '2024-06-10', from_account_id: cash },
    });
    expect(again.status).toBe(400);
    await w.ok('DELETE', `/creditnotes/${note.creditnote_id}/refunds/${refund.creditnote_refund_id}`);
    expect(await w.get(`/creditnotes/${note.creditnote_id}`, 'creditnote')).toMatchObject({
      balance: 70,
      status: 'open',
    });
    const refunds = (await w.ok('GET', `/contacts/${customer.contact_id}/refunds`))
      .creditnote_refunds as Json[];
    expect(refunds).toHaveLength(0);
  });

  it('[OpenAPI apply_credits_to_a_bill, refund_vendor_credit] a vendor credit is applied to bills and refunded, never beyond its balance', async () => {
    const vendor = await w.contact('vendor');
    const bill = await w.bill(90, vendor);
    const credit = (
      await w.ok('POST', '/vendorcredits', {
        vendor_id: vendor.contact_id,
        line_items: [{ name: 'Return', rate: 50, account_id: await w.account('expense') }],
      })
    ).vendor_credit as Json;
    expect((await contactOf(vendor.contact_id)).unused_credits_payable_amount).toBe(50);
    await w.ok('POST', `/vendorcredits/${credit.vendor_credit_id}/bills`, {
      bills: [{ bill_id: bill.bill_id, amount_applied: 30 }],
    });
    expect(await w.get(`/bills/${bill.bill_id}`, 'bill')).toMatchObject({
      balance: 60,
      vendor_credits_applied: 30,
    });
    const over = await w.call('POST', `/vendorcredits/${credit.vendor_credit_id}/refunds`, {
      body: { amount: 25, date: '2024-06-10', account_id: await w.account('cash') },
    });
    expect(over.body.code).toBe(24016);
    await w.ok('POST', `/vendorcredits/${credit.vendor_credit_id}/refunds`, {
      amount: 20,
      date: '2024-06-10',
      account_id: await w.account('cash'),
    });
    expect(await w.get(`/vendorcredits/${credit.vendor_credit_id}`, 'vendor_credit')).toMatchObject({
      balance: 0,
      status: 'closed',
    });
    expect((await contactOf(vendor.contact_id)).unused_credits_payable_amount).toBe(0);
  });
});

describe('customer payments, write-offs and retainers', () => {
  it('[OpenAPI write_off_invoice, cancel_write_off_invoice] writing off leaves the invoice paid with nothing owed; cancelling owes it again', async () => {
    const customer = await w.contact();
    const invoice = await w.invoice(75, { customer });
    await w.ok('POST', `/invoices/${invoice.invoice_id}/writeoff`);
    expect(await w.get(`/invoices/${invoice.invoice_id}`, 'invoice')).toMatchObject({
      balance: 0,
      write_off_amount: 75,
      status: 'paid',
    });
    expect((await contactOf(customer.contact_id)).outstanding_receivable_amount).toBe(0);
    expect((await w.call('POST', `/invoices/${invoice.invoice_id}/writeoff`)).status).toBe(400);
    await w.ok('POST', `/invoices/${invoice.invoice_id}/writeoff/cancel`);
    expect(await w.get(`/invoices/${invoice.invoice_id}`, 'invoice')).toMatchObject({
      balance: 75,
      write_off_amount: 0,
      status: 'sent',
    });
    expect((await contactOf(customer.contact_id)).outstanding_receivable_amount).toBe(75);
  });

  it('[OpenAPI create_customer_payment retainerinvoice_id, apply_credits_to_invoice, get_unused_retainer_payments] a retainer payment is held, then drawn on an invoice', async () => {
    const customer = await w.contact();
    const retainer = (
      await w.ok('POST', '/retainerinvoices', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'Advance', rate: 500 }],
      })
    ).retainerinvoice as Json;
    const early = await w.call('POST', '/customerpayments', {
      body: {
        customer_id: customer.contact_id,
        amount: 500,
        payment_mode: 'cash',
        date: '2024-06-10',
        retainerinvoice_id: retainer.retainerinvoice_id,
      },
    });
    expect(early.status).toBe(400);
    await w.ok('POST', `/retainerinvoices/${retainer.retainerinvoice_id}/status/sent`);
    const pay = (
      await w.ok('POST', '/customerpayments', {
        customer_id: customer.contact_id,
        amount: 500,
        payment_mode: 'cash',
        date: '2024-06-10',
        retainerinvoice_id: retainer.retainerinvoice_id,
      })
    ).payment as Json;
    expect(await w.get(`/retainerinvoices/${retainer.retainerinvoice_id}`, 'retainerinvoice')).toMatchObject({
      status: 'paid',
      balance: 0,
    });
    const held = (await w.ok('GET', `/contacts/${customer.contact_id}/receivables/unusedretainerpayments`))
      .unused_credits_receivable as Json[];
    expect(held.map((p) => [p.payment_id, p.unused_amount])).toEqual([[pay.payment_id, 500]]);
    const invoice = await w.invoice(300, { customer });
    await w.ok('POST', `/invoices/${invoice.invoice_id}/credits`, {
      invoice_payments: [{ payment_id: pay.payment_id, amount_applied: 300 }],
    });
    expect(await w.get(`/invoices/${invoice.invoice_id}`, 'invoice')).toMatchObject({
      status: 'paid',
      balance: 0,
    });
    expect(
      (await w.get(`/retainerinvoices/${retainer.retainerinvoice_id}`, 'retainerinvoice')).payment_drawn,
    ).toBe(300);
    expect((await w.get(`/customerpayments/${pay.payment_id}`, 'payment')).unused_amount).toBe(200);
  });

  it('[OpenAPI create_customer_payment_refund] a payment’s refund comes out of its unused amount, never more', async () => {
    const customer = await w.contact();
    const pay = (
      await w.ok('POST', '/customerpayments', {
        customer_id: customer.contact_id,
        amount: 60,
        payment_mode: 'cash',
        date: '2024-06-10',
      })
    ).payment as Json;
    expect((await contactOf(customer.contact_id)).unused_credits_receivable_amount).toBe(60);
    const cash = await w.account('cash');
    const over = await w.call('POST', `/customerpayments/${pay.payment_id}/refunds`, {
      body: { amount: 61, date: '2024-06-10', from_account_id: cash },
    });
    expect(over.body.code).toBe(24016);
    await w.ok('POST', `/customerpayments/${pay.payment_id}/refunds`, {
      amount: 45,
      date: '2024-06-10',
      from_account_id: cash,
    });
    expect((await w.get(`/customerpayments/${pay.payment_id}`, 'payment')).unused_amount).toBe(15);
    expect((await contactOf(customer.contact_id)).unused_credits_receivable_amount).toBe(15);
    expect((await w.call('DELETE', `/customerpayments/${pay.payment_id}`)).status).toBe(400);
  });

  it('[OpenAPI update_customer_payment] updating a payment re-plans its applications: every invoice and the customer follow', async () => {
    const customer = await w.contact();
    const a = await w.invoice(100, { customer });
    const b = await w.invoice(50, { customer });
    const body = { customer_id: customer.contact_id, amount: 120, payment_mode: 'cash', date: '2024-06-10' };
    const pay = (
      await w.ok('POST', '/customerpayments', {
        ...body,
        invoices: [{ invoice_id: a.invoice_id, amount_applied: 100 }],
      })
    ).payment as Json;
    expect(await contactOf(customer.contact_id)).toMatchObject({
      outstanding_receivable_amount: 50,
      unused_credits_receivable_amount: 20,
    });
    await w.ok('PUT', `/customerpayments/${pay.payment_id}`, {
      ...body,
      invoices: [
        { invoice_id: a.invoice_id, amount_applied: 70 },
        { invoice_id: b.invoice_id, amount_applied: 50 },
      ],
    });
    expect(await w.get(`/invoices/${a.invoice_id}`, 'invoice')).toMatchObject({
      balance: 30,
      status: 'partially_paid',
    });
    expect(await w.get(`/invoices/${b.invoice_id}`, 'invoice')).toMatchObject({ balance: 0, status: 'paid' });
    expect(await contactOf(customer.contact_id)).toMatchObject({
      outstanding_receivable_amount: 30,
      unused_credits_receivable_amount: 0,
    });
    await w.ok('DELETE', `/customerpayments/${pay.payment_id}`);
    expect((await contactOf(customer.contact_id)).outstanding_receivable_amount).toBe(150);
  });

  it('[REFERENCE §5 code 4001] a document with payments recorded cannot change its customer', async () => {
    const customer = await w.contact();
    const invoice = await w.invoice(40, { customer });
    await w.ok('POST', '/customerpayments', {
      customer_id: customer.contact_id,
      amount: 10,
      payment_mode: 'cash',
      date: '2024-06-10',
      invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 10 }],
    });
    const other = await w.contact();
    const moved = await w.call('PUT', `/invoices/${invoice.invoice_id}`, {
      body: { customer_id: other.contact_id },
    });
    expect(moved.body.code).toBe(4001);
    expect((await w.get(`/invoices/${invoice.invoice_id}`, 'invoice')).customer_id).toBe(customer.contact_id);
  });

  it('[REFERENCE §5 code 4001] an invoice with payments recorded cannot be deleted or voided', async () => {
    const customer = await w.contact();
    const invoice = await w.invoice(50, { customer });
    await w.ok('POST', '/customerpayments', {
      customer_id: customer.contact_id,
      amount: 10,
      payment_mode: 'cash',
      date: '2024-06-10',
      invoices: [{ invoice_id: invoice.invoice_id, amount_applied: 10 }],
    });
    const del = await w.call('DELETE', `/invoices/${invoice.invoice_id}`);
    expect(del.status).toBe(400);
    expect(del.body.code).toBe(4001);
    expect((await w.call('POST', `/invoices/${invoice.invoice_id}/status/void`)).body.code).toBe(4001);
  });
});

describe('journals', () => {
  it('[Zoho docs: manual journals must balance; OpenAPI create_journal] debits must equal credits (code configurable), and a balanced journal is published', async () => {
    const debit = await w.account('expense');
    const credit = await w.account('cash');
    const unbalanced = await w.call('POST', '/journals', {
      body: {
        journal_date: '2024-06-10',
        line_items: [
          { account_id: debit, debit_or_credit: 'debit', amount: 100 },
          { account_id: credit, debit_or_credit: 'credit', amount: 90 },
        ],
      },
    });
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.message).toMatch(/does not balance/);
    w.emu.configure({ codes: { unbalancedJournal: 13001 } });
    const coded = await w.call('POST', '/journals', {
      body: {
        journal_date: '2024-06-10',
        line_items: [{ account_id: debit, debit_or_credit: 'debit', amount: 1 }],
      },
    });
    expect(coded.body.code).toBe(13001);
    w.emu.configure({ codes: { unbalancedJournal: 2 } });
    const journal = (
      await w.ok('POST', '/journals', {
        journal_date: '2024-06-10',
        line_items: [
          { account_id: debit, debit_or_credit: 'debit', amount: 100 },
          { account_id: credit, debit_or_credit: 'credit', amount: 100 },
        ],
      })
    ).journal as Json;
    expect(journal).toMatchObject({ total: 100, status: 'draft', entry_number: expect.any(String) });
    await w.ok('POST', `/journals/${journal.journal_id}/status/publish`);
    expect((await w.get(`/journals/${journal.journal_id}`, 'journal')).status).toBe('published');
  });
});
