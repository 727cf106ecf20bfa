import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, startWorld, type World } from './world.js';

/**
 * The shared document model (issue 11, "Every sales and purchase document is modelled"). Each test names
 * the source of the behaviour it checks: an OpenAPI operation, REFERENCE.md, or Zoho's documentation.
 */
let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.emu.close();
});

interface Kind {
  path: string;
  /** The spec reads one recurring bill at /recurring_bills/{id}. */
  getPath?: string;
  key: string;
  id: string;
  number?: string;
  prefix?: string;
  party: 'customer' | 'vendor';
  status: string;
  extra?: () => Promise<Json>;
  balance?: boolean;
}

const KINDS: Kind[] = [
  {
    path: '/invoices',
    key: 'invoice',
    id: 'invoice_id',
    number: 'invoice_number',
    prefix: 'INV-',
    party: 'customer',
    status: 'draft',
    balance: true,
  },
  {
    path: '/estimates',
    key: 'estimate',
    id: 'estimate_id',
    number: 'estimate_number',
    prefix: 'EST-',
    party: 'customer',
    status: 'draft',
  },
  {
    path: '/salesorders',
    key: 'salesorder',
    id: 'salesorder_id',
    number: 'salesorder_number',
    prefix: 'SO-',
    party: 'customer',
    status: 'open',
  },
  {
    path: '/purchaseorders',
    key: 'purchaseorder',
    id: 'purchaseorder_id',
    number: 'purchaseorder_number',
    prefix: 'PO-',
    party: 'vendor',
    status: 'draft',
  },
  {
    path: '/creditnotes',
    key: 'creditnote',
    id: 'creditnote_id',
    number: 'creditnote_number',
    prefix: 'CN-',
    party: 'customer',
    status: 'draft',
    balance: true,
  },
  {
    path: '/vendorcredits',
    key: 'vendor_credit',
    id: 'vendor_credit_id',
    number: 'vendor_credit_number',
    prefix: 'DN-',
    party: 'vendor',
    status: 'open',
    balance: true,
  },
  {
    path: '/retainerinvoices',
    key: 'retainerinvoice',
    id: 'retainerinvoice_id',
    number: 'retainerinvoice_number',
    prefix: 'RET-',
    party: 'customer',
    status: 'draft',
    balance: true,
  },
  {
    path: '/salesreceipts',
    key: 'salesreceipt',
    id: 'sales_receipt_id',
    number: 'receipt_number',
    prefix: 'SR-',
    party: 'customer',
    status: 'sent',
    extra: async () => ({ payment_mode: 'cash' }),
  },
  {
    path: '/recurringinvoices',
    key: 'recurring_invoice',
    id: 'recurring_invoice_id',
    party: 'customer',
    status: 'active',
    extra: async () => ({
      recurrence_name: w.fresh('Monthly'),
      recurrence_frequency: 'months',
      repeat_every: 1,
    }),
  },
  {
    path: '/bills',
    key: 'bill',
    id: 'bill_id',
    party: 'vendor',
    status: 'open',
    balance: true,
    extra: async () => ({ bill_number: w.fresh('BILL') }),
  },
  {
    path: '/recurringbills',
    getPath: '/recurring_bills',
    key: 'recurring_bill',
    id: 'recurring_bill_id',
    party: 'vendor',
    status: 'active',
    extra: async () => ({
      recurrence_name: w.fresh('Rent'),
      recurrence_frequency: 'months',
      repeat_every: 1,
      start_date: '2024-06-10',
    }),
  },
];

const body = async (k: Kind, lines: Json[]): Promise<Json> => {
  const partner = await w.contact(k.party);
  return { [`${k.party}_id`]: partner.contact_id, line_items: lines, ...(await k.extra?.()) };
};

describe('one document model for every sales and purchase document', () => {
  it.each(KINDS.map((k) => [k.path.slice(1), k] as const))(
    '[OpenAPI create_*, %s] computes lines, tax and total, numbers it and starts it in Zoho’s status',
    async (_name, k) => {
      const vat = await w.tax(10);
      const r = await w.ok(
        'POST',
        k.path,
        await body(k, [
          { name: 'Design', rate: 100, quantity: 2, tax_id: vat },
          { name: 'Hosting', rate: 50, quantity: 1 },
        ]),
      );
      const doc = r[k.key] as Json;
      expect(doc[k.id]).toMatch(/^\d{15,19}$/);
      expect(doc).toMatchObject({ sub_total: 250, tax_total: 20, total: 270, status: k.status });
      expect((doc.line_items as Json[]).map((l) => l.item_total)).toEqual([200, 50]);
      if (k.number && k.prefix) expect(doc[k.number]).toMatch(new RegExp(`^${k.prefix}\\d{6}$`));
      if (k.balance) expect(doc.balance).toBe(k.status === 'draft' ? 270 : 270);
      expect((await w.get(`${k.getPath ?? k.path}/${doc[k.id]}`, k.key)).total).toBe(270);
    },
  );

  it('[Zoho docs: invoices, "discount … either in % or in amount, e.g. 12.5% or 190"] a document discount "10%" is a percentage, a number an amount, before tax by default', async () => {
    const vat = await w.tax(20);
    const customer = await w.contact();
    const line = [{ name: 'Work', rate: 200, quantity: 1, tax_id: vat }];
    const pct = (
      await w.ok('POST', '/invoices', { customer_id: customer.contact_id, line_items: line, discount: '10%' })
    ).invoice as Json;
    expect(pct).toMatchObject({
      sub_total: 200,
      discount_amount: 20,
      tax_total: 36,
      total: 216,
      discount_type: 'entity_level',
    });
    const amount = (
      await w.ok('POST', '/invoices', { customer_id: customer.contact_id, line_items: line, discount: 50 })
    ).invoice as Json;
    expect(amount).toMatchObject({ discount_amount: 50, tax_total: 30, total: 180 });
  });

  it('[OpenAPI create_invoice is_discount_before_tax] with is_discount_before_tax false the discount comes off the taxed total', async () => {
    const vat = await w.tax(20);
    const customer = await w.contact();
    const inv = (
      await w.ok('POST', '/invoices', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'Work', rate: 200, tax_id: vat }],
        discount: '10%',
        is_discount_before_tax: false,
      })
    ).invoice as Json;
    expect(inv).toMatchObject({ tax_total: 40, discount_amount: 20, total: 220 });
  });

  it('[OpenAPI create_invoice is_inclusive_tax] rates that include tax: 110 at 10 % is 100 plus 10 tax, total 110', async () => {
    const vat = await w.tax(10);
    const customer = await w.contact();
    const inv = (
      await w.ok('POST', '/invoices', {
        customer_id: customer.contact_id,
        is_inclusive_tax: true,
        line_items: [{ name: 'Box', rate: 110, tax_id: vat }],
      })
    ).invoice as Json;
    expect(inv).toMatchObject({
      sub_total: 110,
      tax_total: 10,
      total: 110,
      balance: 110,
      is_inclusive_tax: true,
    });
  });

  it('[OpenAPI create_invoice line_items] a line percentage discount, shipping and adjustment add up; a line takes rate, name and tax from its item', async () => {
    const vat = await w.tax(5);
    const item = await w.item(40, { tax_id: vat });
    const customer = await w.contact();
    const inv = (
      await w.ok('POST', '/invoices', {
        customer_id: customer.contact_id,
        line_items: [
          { item_id: item.item_id, quantity: 3 },
          { name: 'Setup', rate: 100, discount: '25%' },
        ],
        shipping_charge: 7.5,
        adjustment: -0.5,
      })
    ).invoice as Json;
    const lines = inv.line_items as Json[];
    expect(lines[0]).toMatchObject({
      name: item.name,
      rate: 40,
      item_total: 120,
      tax_id: vat,
      tax_percentage: 5,
    });
    expect(lines[1]).toMatchObject({ item_total: 75, discount: 25 });
    expect(inv).toMatchObject({ sub_total: 195, tax_total: 6, total: 208 });
  });

  it('[OpenAPI create_tax_group] a line taxed with a tax group pays the sum of its taxes', async () => {
    const a = await w.tax(5);
    const b = await w.tax(7);
    const group = (
      await w.ok('POST', '/settings/taxgroups', { tax_group_name: w.fresh('Group'), taxes: `${a},${b}` })
    ).tax_group as Json;
    const customer = await w.contact();
    const inv = (
      await w.ok('POST', '/invoices', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'x', rate: 100, tax_id: group.tax_group_id }],
      })
    ).invoice as Json;
    expect(inv).toMatchObject({ tax_total: 12, total: 112 });
  });

  it('[REFERENCE §1 currencies; Zoho docs: price_precision] amounts are rounded to the currency’s decimals (none for JPY)', async () => {
    const { emu, ok, contact } = await startWorld({ dcs: ['jp'] });
    try {
      const customer = await contact();
      const inv = (
        await ok('POST', '/invoices', {
          customer_id: customer.contact_id,
          line_items: [{ name: 'x', rate: 333.33, quantity: 3 }],
        })
      ).invoice as Json;
      expect(inv).toMatchObject({ total: 1000, price_precision: 0 });
    } finally {
      await emu.close();
    }
  });

  it.each([
    ['/invoices', 'invoice', 'invoice_number', 'customer'],
    ['/estimates', 'estimate', 'estimate_number', 'customer'],
    ['/salesorders', 'salesorder', 'salesorder_number', 'customer'],
    ['/purchaseorders', 'purchaseorder', 'purchaseorder_number', 'vendor'],
    ['/creditnotes', 'creditnote', 'creditnote_number', 'customer'],
    ['/vendorcredits', 'vendor_credit', 'vendor_credit_number', 'vendor'],
    ['/bills', 'bill', 'bill_number', 'vendor'],
  ] as const)(
    '[REFERENCE §5 code 1001] %s: a number already used by another document of the type is refused',
    async (path, _key, field, party) => {
      const partner = await w.contact(party);
      const doc = {
        [`${party}_id`]: partner.contact_id,
        [field]: w.fresh('N-'),
        line_items: [{ name: 'x', rate: 1, account_id: await w.account('expense') }],
      };
      await w.ok('POST', path, doc);
      const again = await w.call('POST', path, { body: doc });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe(1001);
      expect(again.body.message).toContain('already exists');
    },
  );

  it('[OpenAPI create_invoice response: computed fields] totals, balance, status and payments sent by the caller are ignored, not stored', async () => {
    const customer = await w.contact();
    const inv = (
      await w.ok('POST', '/invoices', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'x', rate: 80 }],
        total: 1,
        sub_total: 1,
        balance: 0,
        status: 'paid',
        payment_made: 80,
      })
    ).invoice as Json;
    expect(inv).toMatchObject({ total: 80, balance: 80, status: 'draft', payment_made: 0 });
    const put = (await w.ok('PUT', `/invoices/${inv.invoice_id}`, { total: 5, status: 'void' }))
      .invoice as Json;
    expect(put).toMatchObject({ total: 80, status: 'draft' });
  });

  it('[Zoho docs: preferences, transaction number series] numbers use the organization’s own prefix', async () => {
    const seeded = w.emu.seedLoggedIn({
      organizations: [{ name: 'Prefixed', prefixes: { invoice: 'FAC-', estimate: 'DEV-' } }],
    });
    const records = w.emu.seedLedger(seeded.organizations[0]!.organization_id, {
      records: { invoices: 1, estimates: 1 },
    });
    expect(records.invoices).toBe(1);
    const [invoice] = w.emu.records(seeded.organizations[0]!.organization_id, 'invoices');
    const [estimate] = w.emu.records(seeded.organizations[0]!.organization_id, 'estimates');
    expect(invoice!.invoice_number).toBe('FAC-000001');
    expect(estimate!.estimate_number).toBe('DEV-000001');
  });
});

describe('status life cycles', () => {
  const estimate = async (extra: Json = {}) => {
    const customer = await w.contact();
    return (
      await w.ok('POST', '/estimates', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'x', rate: 10 }],
        ...extra,
      })
    ).estimate as Json;
  };

  it('[OpenAPI mark_estimate_sent, mark_estimate_accepted, mark_estimate_declined] an estimate is sent, then accepted or declined; a draft cannot be accepted', async () => {
    const e = await estimate();
    const early = await w.call('POST', `/estimates/${e.estimate_id}/status/accepted`);
    expect(early.status).toBe(400);
    await w.ok('POST', `/estimates/${e.estimate_id}/status/sent`);
    await w.ok('POST', `/estimates/${e.estimate_id}/status/accepted`);
    expect((await w.get(`/estimates/${e.estimate_id}`, 'estimate')).status).toBe('accepted');
    const d = await estimate();
    await w.ok('POST', `/estimates/${d.estimate_id}/status/sent`);
    await w.ok('POST', `/estimates/${d.estimate_id}/status/declined`);
    expect((await w.get(`/estimates/${d.estimate_id}`, 'estimate')).status).toBe('declined');
  });

  it('[OpenAPI list_estimates filter_by Status.Expired] a sent estimate past its expiry date reads expired, and filters as such', async () => {
    const e = await estimate({ expiry_date: '2024-06-12' });
    await w.ok('POST', `/estimates/${e.estimate_id}/status/sent`);
    expect((await w.get(`/estimates/${e.estimate_id}`, 'estimate')).status).toBe('sent');
    w.emu.advance(3 * 86_400_000);
    expect((await w.get(`/estimates/${e.estimate_id}`, 'estimate')).status).toBe('expired');
    const expired = (await w.ok('GET', '/estimates', undefined, { filter_by: 'Status.Expired' }))
      .estimates as Json[];
    expect(expired.map((x) => x.estimate_id)).toContain(e.estimate_id);
  });

  it('[OpenAPI mark_sales_order_as_void, mark_sales_order_as_open] a sales order is voided and opened again', async () => {
    const customer = await w.contact();
    const so = (
      await w.ok('POST', '/salesorders', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'x', rate: 5 }],
      })
    ).salesorder as Json;
    await w.ok('POST', `/salesorders/${so.salesorder_id}/status/void`);
    expect((await w.get(`/salesorders/${so.salesorder_id}`, 'salesorder')).status).toBe('void');
    await w.ok('POST', `/salesorders/${so.salesorder_id}/status/open`);
    expect((await w.get(`/salesorders/${so.salesorder_id}`, 'salesorder')).status).toBe('open');
  });

  it('[OpenAPI mark_purchase_order_open, _billed, _cancelled] a purchase order is issued, then billed; a draft cannot be billed', async () => {
    const vendor = await w.contact('vendor');
    const po = (
      await w.ok('POST', '/purchaseorders', {
        vendor_id: vendor.contact_id,
        line_items: [{ name: 'x', rate: 5 }],
      })
    ).purchaseorder as Json;
    expect(po.purchaseorder_id).toMatch(/^\d+$/);
    expect((await w.call('POST', `/purchaseorders/${po.purchaseorder_id}/status/billed`)).status).toBe(400);
    await w.ok('POST', `/purchaseorders/${po.purchaseorder_id}/status/open`);
    await w.ok('POST', `/purchaseorders/${po.purchaseorder_id}/status/billed`);
    expect((await w.get(`/purchaseorders/${po.purchaseorder_id}`, 'purchaseorder')).status).toBe('billed');
    expect((await w.call('POST', `/purchaseorders/${po.purchaseorder_id}/status/cancelled`)).status).toBe(
      400,
    );
  });

  it('[OpenAPI mark_credit_note_open, _void, _draft] a credit note opens (its balance counts as the customer’s unused credit), voids and returns to draft', async () => {
    const customer = await w.contact();
    const cn = (
      await w.ok('POST', '/creditnotes', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'x', rate: 30 }],
      })
    ).creditnote as Json;
    const unused = async () =>
      (await w.get(`/contacts/${customer.contact_id}`, 'contact')).unused_credits_receivable_amount;
    expect(await unused()).toBe(0);
    await w.ok('POST', `/creditnotes/${cn.creditnote_id}/status/open`);
    expect(await unused()).toBe(30);
    await w.ok('POST', `/creditnotes/${cn.creditnote_id}/status/void`);
    expect(await w.get(`/creditnotes/${cn.creditnote_id}`, 'creditnote')).toMatchObject({
      status: 'void',
      balance: 0,
    });
    expect(await unused()).toBe(0);
    await w.ok('POST', `/creditnotes/${cn.creditnote_id}/status/draft`);
    expect(await w.get(`/creditnotes/${cn.creditnote_id}`, 'creditnote')).toMatchObject({
      status: 'draft',
      balance: 30,
    });
  });

  it('[OpenAPI stop_recurring_invoice, resume_recurring_invoice] a recurring invoice stops and resumes; a stopped one cannot be stopped again differently', async () => {
    const customer = await w.contact();
    const ri = (
      await w.ok('POST', '/recurringinvoices', {
        customer_id: customer.contact_id,
        recurrence_name: w.fresh('Rec'),
        recurrence_frequency: 'weeks',
        line_items: [{ name: 'x', rate: 9 }],
      })
    ).recurring_invoice as Json;
    await w.ok('POST', `/recurringinvoices/${ri.recurring_invoice_id}/status/stop`);
    expect((await w.get(`/recurringinvoices/${ri.recurring_invoice_id}`, 'recurring_invoice')).status).toBe(
      'stopped',
    );
    await w.ok('POST', `/recurringinvoices/${ri.recurring_invoice_id}/status/resume`);
    expect((await w.get(`/recurringinvoices/${ri.recurring_invoice_id}`, 'recurring_invoice')).status).toBe(
      'active',
    );
    const bad = await w.call('POST', '/recurringinvoices', {
      body: {
        customer_id: customer.contact_id,
        recurrence_name: 'x',
        recurrence_frequency: 'fortnights',
        line_items: [{ name: 'x', rate: 1 }],
      },
    });
    expect(bad.body).toEqual({ code: 2, message: 'Invalid value passed for recurrence_frequency' });
  });

  it('[OpenAPI submit_invoice, approve_invoice] an invoice submitted for approval is approved, then sent; it cannot be approved twice differently', async () => {
    const inv = await w.invoice(40, { sent: false });
    await w.ok('POST', `/invoices/${inv.invoice_id}/submit`);
    expect((await w.get(`/invoices/${inv.invoice_id}`, 'invoice')).status).toBe('pending_approval');
    await w.ok('POST', `/invoices/${inv.invoice_id}/approve`);
    await w.ok('POST', `/invoices/${inv.invoice_id}/status/sent`);
    expect((await w.get(`/invoices/${inv.invoice_id}`, 'invoice')).status).toBe('sent');
  });
});

describe('status filters', () => {
  it('[OpenAPI list_invoices filter_by; README CLI tour `--status unpaid`] status=unpaid finds exactly what filter_by=Status.Unpaid finds', async () => {
    const customer = await w.contact();
    const sent = await w.invoice(10, { customer });
    await w.invoice(20, { customer, sent: false });
    const byStatus = (
      await w.ok('GET', '/invoices', undefined, {
        status: 'unpaid',
        customer_id: String(customer.contact_id),
      })
    ).invoices as Json[];
    const byFilter = (
      await w.ok('GET', '/invoices', undefined, {
        filter_by: 'Status.Unpaid',
        customer_id: String(customer.contact_id),
      })
    ).invoices as Json[];
    expect(byStatus.map((i) => i.invoice_id)).toEqual([sent.invoice_id]);
    expect(byFilter.map((i) => i.invoice_id)).toEqual([sent.invoice_id]);
  });

  it('[OpenAPI list_bills filter_by] Status.<name> narrows every document list, not only invoices', async () => {
    const vendor = await w.contact('vendor');
    const open = await w.bill(10, vendor);
    const voided = await w.bill(20, vendor);
    await w.ok('POST', `/bills/${voided.bill_id}/status/void`);
    const voids = (
      await w.ok('GET', '/bills', undefined, {
        filter_by: 'Status.Void',
        vendor_id: String(vendor.contact_id),
      })
    ).bills as Json[];
    expect(voids.map((b) => b.bill_id)).toEqual([voided.bill_id]);
    const opens = (
      await w.ok('GET', '/bills', undefined, { status: 'open', vendor_id: String(vendor.contact_id) })
    ).bills as Json[];
    expect(opens.map((b) => b.bill_id)).toEqual([open.bill_id]);
  });

  it('[OpenAPI list_journals filter_by JournalDate.*, date_start] journal date filters read journal_date', async () => {
    const debit = await w.account('expense');
    const credit = await w.account('cash');
    const journal = (
      await w.ok('POST', '/journals', {
        journal_date: '2024-01-15',
        line_items: [
          { account_id: debit, debit_or_credit: 'debit', amount: 10 },
          { account_id: credit, debit_or_credit: 'credit', amount: 10 },
        ],
      })
    ).journal as Json;
    const january = (
      await w.ok('GET', '/journals', undefined, { date_start: '2024-01-01', date_end: '2024-01-31' })
    ).journals as Json[];
    expect(january.map((j) => j.journal_id)).toContain(journal.journal_id);
    const thisMonth = (await w.ok('GET', '/journals', undefined, { filter_by: 'JournalDate.ThisMonth' }))
      .journals as Json[];
    expect(thisMonth.map((j) => j.journal_id)).not.toContain(journal.journal_id);
  });

  it('[OpenAPI list_customer_payments filter_by PaymentMode.*; list_invoices Date.*] other filter families narrow too; an unknown family is code 2', async () => {
    const customer = await w.contact();
    const cash = (
      await w.ok('POST', '/customerpayments', {
        customer_id: customer.contact_id,
        amount: 5,
        payment_mode: 'cash',
        date: '2024-06-10',
      })
    ).payment as Json;
    await w.ok('POST', '/customerpayments', {
      customer_id: customer.contact_id,
      amount: 6,
      payment_mode: 'check',
      date: '2024-06-10',
    });
    const found = (
      await w.ok('GET', '/customerpayments', undefined, {
        filter_by: 'PaymentMode.Cash',
        customer_id: String(customer.contact_id),
      })
    ).customer_payments as Json[];
    expect(found.map((p) => p.payment_id)).toEqual([cash.payment_id]);
    const old = (
      await w.ok('POST', '/invoices', {
        customer_id: customer.contact_id,
        date: '2023-01-05',
        line_items: [{ name: 'x', rate: 1 }],
      })
    ).invoice as Json;
    const thisYear = (await w.ok('GET', '/invoices', undefined, { filter_by: 'Date.ThisYear' }))
      .invoices as Json[];
    expect(thisYear.map((i) => i.invoice_id)).not.toContain(old.invoice_id);
    const bad = await w.call('GET', '/invoices', { query: { filter_by: 'Colour.Blue' } });
    expect(bad.body).toEqual({ code: 2, message: 'Invalid value passed for filter_by' });
  });
});

describe('conversions', () => {
  it('[OpenAPI create_sales_order estimate_id] a sales order made from an estimate takes its lines; the estimate is accepted', async () => {
    const customer = await w.contact();
    const e = (
      await w.ok('POST', '/estimates', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'Plan', rate: 75, quantity: 2 }],
      })
    ).estimate as Json;
    await w.ok('POST', `/estimates/${e.estimate_id}/status/sent`);
    const so = (
      await w.ok('POST', '/salesorders', { customer_id: customer.contact_id, estimate_id: e.estimate_id })
    ).salesorder as Json;
    expect(so).toMatchObject({ total: 150, estimate_id: e.estimate_id });
    expect((await w.get(`/estimates/${e.estimate_id}`, 'estimate')).status).toBe('accepted');
  });

  it('[OpenAPI create_invoice_from_salesorder] an invoice made from a sales order takes its lines and the order is invoiced; a missing order is 404', async () => {
    const customer = await w.contact();
    const so = (
      await w.ok('POST', '/salesorders', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'Kit', rate: 60, quantity: 3 }],
      })
    ).salesorder as Json;
    const r = await w.call('POST', '/invoices/fromsalesorder', {
      query: { salesorder_id: String(so.salesorder_id) },
    });
    expect(r.status).toBe(201);
    const inv = r.body.invoice as Json;
    expect(inv).toMatchObject({
      total: 180,
      status: 'draft',
      customer_id: customer.contact_id,
      reference_number: so.salesorder_number,
    });
    expect(inv.invoice_id).toMatch(/^\d+$/);
    expect((await w.get(`/salesorders/${so.salesorder_id}`, 'salesorder')).status).toBe('invoiced');
    const missing = await w.call('POST', '/invoices/fromsalesorder', {
      query: { salesorder_id: '999999999999999999' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 1002, message: 'Sales order does not exist.' });
  });

  it('[OpenAPI create_purchase_order salesorder_id] a purchase order made from a sales order takes its lines', async () => {
    const customer = await w.contact();
    const vendor = await w.contact('vendor');
    const so = (
      await w.ok('POST', '/salesorders', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'Part', rate: 9, quantity: 4 }],
      })
    ).salesorder as Json;
    const po = (
      await w.ok('POST', '/purchaseorders', { vendor_id: vendor.contact_id, salesorder_id: so.salesorder_id })
    ).purchaseorder as Json;
    expect(po).toMatchObject({ salesorder_id: so.salesorder_id, total: 36 });
  });

  it('[OpenAPI create_bill purchaseorder_ids; convert_purchase_order_to_bill] a bill from open purchase orders takes their lines and bills them', async () => {
    const vendor = await w.contact('vendor');
    const po = (
      await w.ok('POST', '/purchaseorders', {
        vendor_id: vendor.contact_id,
        line_items: [{ name: 'Paper', rate: 12, quantity: 5 }],
      })
    ).purchaseorder as Json;
    expect(
      (
        await w.call('GET', '/bills/editpage/frompurchaseorders', {
          query: { purchaseorder_ids: String(po.purchaseorder_id) },
        })
      ).status,
    ).toBe(400);
    await w.ok('POST', `/purchaseorders/${po.purchaseorder_id}/status/open`);
    const page = (
      await w.ok('GET', '/bills/editpage/frompurchaseorders', undefined, {
        purchaseorder_ids: String(po.purchaseorder_id),
      })
    ).bill as Json;
    expect(page.bill_id).toBeUndefined();
    expect((page.line_items as Json[])[0]).toMatchObject({ name: 'Paper', quantity: 5 });
    const bill = (
      await w.ok('POST', '/bills', {
        vendor_id: vendor.contact_id,
        bill_number: w.fresh('PB'),
        purchaseorder_ids: [po.purchaseorder_id],
      })
    ).bill as Json;
    expect(bill).toMatchObject({ total: 60, status: 'open' });
    expect((await w.get(`/purchaseorders/${po.purchaseorder_id}`, 'purchaseorder')).status).toBe('billed');
  });
});
