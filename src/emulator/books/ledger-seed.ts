import type { EmulatorCore } from '../emulator-core.js';
import { EmulatorInputError } from '../errors.js';
import type { LedgerCounts, LedgerSpec } from '../types.js';
import { TRANSITIONS, transition } from './documents/lifecycle.js';
import { insertRecord } from './generic.js';
import { accountOfType } from './models/accounts.js';
import { MODELS } from './models/index.js';
import type { ModelContext } from './models/model.js';
import { apply, CREDIT_TO_INVOICE } from './money/applications.js';
import { withLedger } from './money/ledger.js';
import { storeFor } from './org-lookup.js';
import { zohoDate } from './records.js';
import type { Rec } from './state.js';

/**
 * A coherent sample ledger for an organization, made through the same models as the API (so every
 * total, balance, status and contact figure is what Books would show): customers and vendors, items,
 * taxes, and documents in every status of their life cycle, with the payments, credits and write-offs
 * that put them there. Deterministic: the same counts give the same names, amounts and statuses.
 */
const LEDGER_KINDS = [
  'contacts',
  'items',
  'taxes',
  'invoices',
  'estimates',
  'salesorders',
  'purchaseorders',
  'bills',
  'creditnotes',
  'vendorcredits',
  'customerpayments',
  'vendorpayments',
  'expenses',
  'journals',
] as const;

type LedgerKind = (typeof LEDGER_KINDS)[number];

const PRESETS: Readonly<Record<string, Readonly<LedgerCounts>>> = {
  empty: {},
  small: { contacts: 6, items: 4, taxes: 2, invoices: 12, estimates: 4, bills: 4, customerpayments: 4 },
  demo: {
    contacts: 12,
    items: 8,
    taxes: 2,
    invoices: 30,
    estimates: 8,
    salesorders: 4,
    purchaseorders: 4,
    bills: 10,
    creditnotes: 4,
    vendorcredits: 2,
    customerpayments: 8,
    vendorpayments: 4,
    expenses: 6,
    journals: 3,
  },
  large: {
    contacts: 200,
    items: 50,
    taxes: 3,
    invoices: 2000,
    estimates: 300,
    salesorders: 100,
    purchaseorders: 100,
    bills: 500,
    creditnotes: 100,
    vendorcredits: 50,
    customerpayments: 600,
    vendorpayments: 200,
    expenses: 300,
    journals: 50,
  },
};

const MAX_PER_KIND = 200_000;

const CUSTOMERS = [
  'Acme Ltd',
  'Globex',
  'Initech',
  'Umbrella Corp',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Soylent',
];
const VENDORS = ['Paper Supply Co', 'Cloud Hosting Inc', 'Office Rentals', 'Courier Express'];
const ITEMS: readonly [string, number][] = [
  ['Consulting hour', 120],
  ['Website design', 1500],
  ['Support plan', 49],
  ['Training day', 800],
  ['Hosting (month)', 25],
  ['Audit', 650],
  ['License seat', 30],
  ['Workshop', 400],
];

/** Validates a ledger request: a preset name and/or counts per kind. */
export function ledgerCounts(spec: LedgerSpec): LedgerCounts {
  if (typeof spec !== 'object' || spec === null) throw new EmulatorInputError('ledger must be an object');
  const preset = spec.preset ?? (spec.records ? 'empty' : 'demo');
  const base = PRESETS[preset];
  if (!base)
    throw new EmulatorInputError(
      `unknown ledger preset "${preset}" (known: ${Object.keys(PRESETS).join(', ')})`,
    );
  const counts: LedgerCounts = { ...base };
  for (const [kind, n] of Object.entries(spec.records ?? {})) {
    if (!(LEDGER_KINDS as readonly string[]).includes(kind)) {
      throw new EmulatorInputError(
        `unknown ledger record kind "${kind}" (known: ${LEDGER_KINDS.join(', ')})`,
      );
    }
    if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > MAX_PER_KIND) {
      throw new EmulatorInputError(`records.${kind} must be an integer from 0 to ${MAX_PER_KIND}`);
    }
    counts[kind as LedgerKind] = n as number;
  }
  return counts;
}

const DAY = 86_400_000;

interface Seeder {
  ctx: ModelContext;
  customers: Rec[];
  vendors: Rec[];
  items: Rec[];
  taxes: Rec[];
}

function create(s: Seeder, store: string, body: Rec, query?: Record<string, string>): Rec {
  const c = s.ctx.core.surface.findCollection(store)!;
  const ctx: ModelContext = query ? { ...s.ctx, query: new URLSearchParams(query) } : s.ctx;
  return insertRecord(ctx, MODELS, c, body, {});
}

/** A day `daysAgo` before the emulator's now. */
function day(s: Seeder, daysAgo: number): string {
  return zohoDate(s.ctx.now - daysAgo * DAY);
}

function lines(s: Seeder, i: number, purchase = false): Rec[] {
  const n = 1 + (i % 3);
  return Array.from({ length: n }, (_, j) => {
    const item = s.items[(i + j) % s.items.length];
    const tax = s.taxes.length && (i + j) % 2 === 0 ? s.taxes[(i + j) % s.taxes.length] : undefined;
    if (!item)
      return { name: purchase ? 'Supplies' : 'Services', rate: 100 + ((i * 37) % 400), quantity: 1 + j };
    return { item_id: item.item_id, quantity: 1 + ((i + j) % 4), ...(tax ? { tax_id: tax.tax_id } : {}) };
  });
}

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

/** `Acme Ltd`, then `Acme Ltd 2`…: the first name of the rotation not taken yet in the organization. */
function freeName(s: Seeder, index: string, names: readonly string[], n: number): string {
  const taken = s.ctx.store.index(index);
  for (let k = n; ; k += names.length) {
    const round = Math.floor(k / names.length);
    const name = `${pick(names, k)}${round ? ` ${round + 1}` : ''}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

function contacts(s: Seeder, count: number): void {
  const vendors = Math.max(count > 1 ? 1 : 0, Math.round(count / 3));
  for (let i = 0; i < count; i += 1) {
    const vendor = i >= count - vendors;
    const names = vendor ? VENDORS : CUSTOMERS;
    const n = vendor ? i - (count - vendors) : i;
    const name = freeName(s, 'contacts.contact_name', names, n);
    const record = create(s, 'contacts', {
      contact_name: name,
      contact_type: vendor ? 'vendor' : 'customer',
      payment_terms: vendor ? 30 : pick([0, 15, 30], i),
      contact_persons: [{ first_name: 'Accounts', last_name: name, email: `accounts${i + 1}@example.com` }],
    });
    (vendor ? s.vendors : s.customers).push(record);
  }
}

/** Documents in every status: a rotation through their life cycle by index, with money where it belongs. */
const INVOICE_STATES = ['draft', 'sent', 'overdue', 'partially_paid', 'paid', 'sent', 'void', 'written_off'];
const BILL_STATES = ['open', 'overdue', 'partially_paid', 'paid', 'open', 'void'];
const ESTIMATE_STATES = ['draft', 'sent', 'accepted', 'declined', 'expired', 'invoiced'];

function invoices(s: Seeder, count: number, payments: { left: number }): void {
  for (let i = 0; i < count; i += 1) {
    const state = pick(INVOICE_STATES, i);
    const age = state === 'overdue' ? 45 + (i % 20) : i % 25;
    const invoice = create(s, 'invoices', {
      customer_id: pick(s.customers, i).contact_id,
      date: day(s, age),
      payment_terms: 30,
      line_items: lines(s, i),
    });
    if (state === 'draft') continue;
    transition(s.ctx, TRANSITIONS.mark_invoice_sent!, invoice);
    if (state === 'void') transition(s.ctx, TRANSITIONS.mark_invoice_void!, invoice);
    if (state === 'written_off') {
      withLedger(s.ctx, 'invoices', invoice, () => {
        invoice.write_off_amount = invoice.balance;
        invoice.balance = 0;
        invoice.status = 'paid';
      });
    }
    if ((state === 'paid' || state === 'partially_paid') && payments.left > 0) {
      payments.left -= 1;
      const amount = state === 'paid' ? Number(invoice.total) : Math.round(Number(invoice.total) / 2);
      create(s, 'customerpayments', {
        customer_id: invoice.customer_id,
        amount,
        date: day(s, Math.max(0, age - 3)),
        payment_mode: pick(['cash', 'banktransfer', 'creditcard'], i),
        invoices: [{ invoice_id: invoice.invoice_id, amount_applied: amount }],
      });
    }
  }
}

function estimates(s: Seeder, count: number): void {
  for (let i = 0; i < count; i += 1) {
    const state = pick(ESTIMATE_STATES, i);
    const estimate = create(s, 'estimates', {
      customer_id: pick(s.customers, i).contact_id,
      date: day(s, state === 'expired' ? 40 : i % 20),
      expiry_date: day(s, state === 'expired' ? 10 : -20),
      line_items: lines(s, i),
    });
    if (state === 'draft') continue;
    transition(s.ctx, TRANSITIONS.mark_estimate_sent!, estimate);
    if (state === 'accepted') transition(s.ctx, TRANSITIONS.mark_estimate_accepted!, estimate);
    if (state === 'declined') transition(s.ctx, TRANSITIONS.mark_estimate_declined!, estimate);
    if (state === 'invoiced')
      create(s, 'invoices', {
        customer_id: estimate.customer_id,
        invoiced_estimate_id: estimate.estimate_id,
      });
  }
}

function orders(s: Seeder, sales: number, purchases: number): void {
  for (let i = 0; i < sales; i += 1) {
    const order = create(s, 'salesorders', {
      customer_id: pick(s.customers, i).contact_id,
      date: day(s, i % 15),
      line_items: lines(s, i),
    });
    if (i % 3 === 1) transition(s.ctx, TRANSITIONS.mark_sales_order_as_void!, order);
  }
  for (let i = 0; i < purchases; i += 1) {
    const order = create(s, 'purchaseorders', {
      vendor_id: pick(s.vendors, i).contact_id,
      date: day(s, i % 15),
      line_items: lines(s, i, true),
    });
    if (i % 3 === 0) continue;
    transition(s.ctx, TRANSITIONS.mark_purchase_order_open!, order);
    if (i % 3 === 2) {
      const bill_number = `B-${String(s.ctx.store.next('ledger.bill')).padStart(5, '0')}`;
      create(s, 'bills', {
        vendor_id: order.vendor_id,
        bill_number,
        purchaseorder_ids: [order.purchaseorder_id],
      });
    }
  }
}

function bills(s: Seeder, count: number, payments: { left: number }): void {
  const expense = accountOfType(s.ctx, 'expense').account_id;
  for (let i = 0; i < count; i += 1) {
    const state = pick(BILL_STATES, i);
    const age = state === 'overdue' ? 50 + (i % 10) : i % 20;
    const bill = create(s, 'bills', {
      vendor_id: pick(s.vendors, i).contact_id,
      bill_number: `B-${String(s.ctx.store.next('ledger.bill')).padStart(5, '0')}`,
      date: day(s, age),
      payment_terms: 30,
      line_items: [{ account_id: expense, name: 'Supplies', rate: 80 + ((i * 53) % 500), quantity: 1 }],
    });
    if (state === 'void') transition(s.ctx, TRANSITIONS.mark_bill_void!, bill);
    if ((state === 'paid' || state === 'partially_paid') && payments.left > 0) {
      payments.left -= 1;
      const amount = state === 'paid' ? Number(bill.total) : Math.round(Number(bill.total) / 2);
      create(s, 'vendorpayments', {
        vendor_id: bill.vendor_id,
        amount,
        date: day(s, Math.max(0, age - 2)),
        payment_mode: 'banktransfer',
        bills: [{ bill_id: bill.bill_id, amount_applied: amount }],
      });
    }
  }
}

function credits(s: Seeder, notes: number, vendorCredits: number): void {
  for (let i = 0; i < notes; i += 1) {
    const note = create(s, 'creditnotes', {
      customer_id: pick(s.customers, i).contact_id,
      date: day(s, i % 10),
      line_items: lines(s, i),
    });
    if (i % 3 === 0) continue;
    transition(s.ctx, TRANSITIONS.mark_credit_note_open!, note);
    if (i % 3 === 2) {
      const invoice = [...s.ctx.store.table('invoices').values()].find(
        (inv) =>
          inv.customer_id === note.customer_id &&
          Number(inv.balance) > 0 &&
          ['sent', 'partially_paid'].includes(String(inv.status)),
      );
      if (invoice)
        apply(
          s.ctx,
          CREDIT_TO_INVOICE,
          note,
          invoice,
          Math.min(Number(note.balance), Number(invoice.balance)),
        );
    }
  }
  for (let i = 0; i < vendorCredits; i += 1) {
    create(s, 'vendorcredits', {
      vendor_id: pick(s.vendors, i).contact_id,
      date: day(s, i % 10),
      line_items: lines(s, i, true),
    });
  }
}

function extraPayments(s: Seeder, count: number, vendor: boolean): void {
  for (let i = 0; i < count; i += 1) {
    const party = pick(vendor ? s.vendors : s.customers, i);
    create(s, vendor ? 'vendorpayments' : 'customerpayments', {
      [vendor ? 'vendor_id' : 'customer_id']: party.contact_id,
      amount: 50 + ((i * 29) % 200),
      date: day(s, i % 30),
      payment_mode: 'cash',
    });
  }
}

function expenses(s: Seeder, count: number): void {
  const account = accountOfType(s.ctx, 'expense').account_id;
  const through = accountOfType(s.ctx, 'cash').account_id;
  for (let i = 0; i < count; i += 1) {
    create(s, 'expenses', {
      account_id: account,
      paid_through_account_id: through,
      amount: 20 + ((i * 17) % 300),
      date: day(s, i % 30),
      description: pick(['Taxi', 'Lunch with client', 'Stationery', 'Train ticket'], i),
    });
  }
}

function journals(s: Seeder, count: number): void {
  const debit = accountOfType(s.ctx, 'expense').account_id;
  const credit = accountOfType(s.ctx, 'cash').account_id;
  for (let i = 0; i < count; i += 1) {
    const amount = 100 + i * 10;
    const journal = create(s, 'journals', {
      journal_date: day(s, i % 30),
      notes: `Adjustment ${i + 1}`,
      line_items: [
        { account_id: debit, debit_or_credit: 'debit', amount },
        { account_id: credit, debit_or_credit: 'credit', amount },
      ],
    });
    if (i % 2 === 1) journal.status = 'published';
  }
}

/** Seeds an organization's ledger; returns how many records of each kind it now has. */
export function seedLedger(core: EmulatorCore, organizationId: string, spec: LedgerSpec = {}): LedgerCounts {
  const counts = ledgerCounts(spec);
  const store = storeFor(core, organizationId);
  const s: Seeder = {
    ctx: { core, store, now: core.clock.now() },
    customers: [],
    vendors: [],
    items: [],
    taxes: [],
  };
  const need = (n: number | undefined) => (n ?? 0) > 0;
  const documents = [
    'invoices',
    'estimates',
    'salesorders',
    'purchaseorders',
    'bills',
    'creditnotes',
    'vendorcredits',
    'customerpayments',
    'vendorpayments',
  ] as const;
  const contactCount = counts.contacts ?? (documents.some((d) => need(counts[d])) ? 4 : 0);
  contacts(s, contactCount);
  // Documents need someone on their side: a customer for sales, a vendor for purchases.
  const sales = ['invoices', 'estimates', 'salesorders', 'creditnotes', 'customerpayments'] as const;
  const purchases = ['purchaseorders', 'bills', 'vendorcredits', 'vendorpayments'] as const;
  if (s.customers.length === 0 && sales.some((d) => need(counts[d]))) {
    s.customers.push(
      create(s, 'contacts', { contact_name: freeName(s, 'contacts.contact_name', CUSTOMERS, 0) }),
    );
  }
  if (s.vendors.length === 0 && purchases.some((d) => need(counts[d]))) {
    s.vendors.push(
      create(s, 'contacts', {
        contact_name: freeName(s, 'contacts.contact_name', VENDORS, 0),
        contact_type: 'vendor',
      }),
    );
  }
  for (let i = 0; i < (counts.taxes ?? 0); i += 1) {
    s.taxes.push(
      create(s, 'settings/taxes', {
        tax_name: `VAT ${[20, 10, 5][i % 3]}%${i >= 3 ? ` ${i}` : ''}`,
        tax_percentage: [20, 10, 5][i % 3],
      }),
    );
  }
  for (let i = 0; i < (counts.items ?? 0); i += 1) {
    const rate = pick(ITEMS, i)[1];
    const name = freeName(
      s,
      'items.name',
      ITEMS.map(([n]) => n),
      i,
    );
    s.items.push(create(s, 'items', { name, rate }));
  }
  const customerPayments = { left: counts.customerpayments ?? 0 };
  const vendorPayments = { left: counts.vendorpayments ?? 0 };
  invoices(s, counts.invoices ?? 0, customerPayments);
  estimates(s, counts.estimates ?? 0);
  orders(s, counts.salesorders ?? 0, counts.purchaseorders ?? 0);
  bills(s, counts.bills ?? 0, vendorPayments);
  credits(s, counts.creditnotes ?? 0, counts.vendorcredits ?? 0);
  extraPayments(s, customerPayments.left, false);
  extraPayments(s, vendorPayments.left, true);
  expenses(s, counts.expenses ?? 0);
  journals(s, counts.journals ?? 0);
  const totals: LedgerCounts = {};
  for (const kind of LEDGER_KINDS) {
    const name = kind === 'taxes' ? 'settings/taxes' : kind;
    totals[kind] = store.table(name).size;
  }
  return totals;
}
