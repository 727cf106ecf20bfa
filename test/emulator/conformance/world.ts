import { expect } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../src/emulator/index.js';
import { booksUser, type Json, NO_LIMITS, orgClient } from '../books-helpers.js';

export type { Json };

/**
 * One emulator and organization for a conformance file, with helpers that make the records a behaviour
 * needs through the API itself (as a user's test would). Every name is fresh, so tests do not share state.
 */
export const startWorld = async (opts: EmulatorOptions = {}) => {
  const emu: Emulator = await startEmulator({
    books: NO_LIMITS,
    startTime: Date.parse('2024-06-10T12:00:00Z'),
    tokenTtlSeconds: 365 * 24 * 3600,
    ...opts,
  });
  const user = await booksUser(emu, opts.dcs ? { dc: opts.dcs[0] } : {});
  const org = user.orgs[0]!;
  const call = orgClient(emu, user.token, org);
  let n = 0;
  const fresh = (what: string) => `${what} ${++n}`;

  const ok = async (method: string, path: string, body?: unknown, query?: Record<string, string>) => {
    const r = await call(method, path, {
      ...(body === undefined ? {} : { body }),
      ...(query ? { query } : {}),
    });
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    expect(r.body.code).toBe(0);
    return r.body;
  };

  const contact = async (type: 'customer' | 'vendor' = 'customer', extra: Json = {}): Promise<Json> =>
    (
      await ok('POST', '/contacts', {
        contact_name: fresh(type),
        contact_type: type,
        contact_persons: [{ first_name: 'Pat', email: `${type}${n}@example.com` }],
        ...extra,
      })
    ).contact as Json;

  const tax = async (pct: number): Promise<string> =>
    (
      (await ok('POST', '/settings/taxes', { tax_name: fresh(`VAT ${pct}`), tax_percentage: pct }))
        .tax as Json
    ).tax_id as string;

  const item = async (rate: number, extra: Json = {}): Promise<Json> =>
    (await ok('POST', '/items', { name: fresh('Item'), rate, ...extra })).item as Json;

  const account = async (type: string): Promise<string> =>
    ((await ok('GET', '/chartofaccounts')).chartofaccounts as Json[]).find((a) => a.account_type === type)!
      .account_id as string;

  /** A draft invoice for a new customer (or the one given), and the invoice sent when `sent`. */
  const invoice = async (total: number, opts: { customer?: Json; sent?: boolean } = {}): Promise<Json> => {
    const customer = opts.customer ?? (await contact());
    const created = (
      await ok('POST', '/invoices', {
        customer_id: customer.contact_id,
        line_items: [{ name: 'Work', rate: total }],
      })
    ).invoice as Json;
    if (opts.sent === false) return created;
    await ok('POST', `/invoices/${created.invoice_id}/status/sent`);
    return get(`/invoices/${created.invoice_id}`, 'invoice');
  };

  /** An open bill of `total` for a new vendor (or the one given). */
  const bill = async (total: number, vendor?: Json): Promise<Json> => {
    const v = vendor ?? (await contact('vendor'));
    return (
      await ok('POST', '/bills', {
        vendor_id: v.contact_id,
        bill_number: fresh('B'),
        line_items: [{ account_id: await account('expense'), name: 'Supplies', rate: total }],
      })
    ).bill as Json;
  };

  const get = async (path: string, key: string): Promise<Json> => (await ok('GET', path))[key] as Json;

  return { emu, org, token: user.token, call, ok, fresh, contact, tax, item, account, invoice, bill, get };
};

export type World = Awaited<ReturnType<typeof startWorld>>;
