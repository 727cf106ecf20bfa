import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { booksUser, type Json, NO_LIMITS, orgClient } from './books-helpers.js';

let emu: Emulator;
let call: ReturnType<typeof orgClient>;
let org: string;
beforeAll(async () => {
  emu = await startEmulator({ books: NO_LIMITS, startTime: Date.parse('2024-06-10T12:00:00Z') });
  const user = await booksUser(emu, { organizations: [{ name: 'Acme', currency_code: 'EUR' }] });
  org = user.orgs[0]!;
  call = orgClient(emu, user.token, org);
});
afterAll(async () => {
  await emu.close();
});

const accountOf = async (type: string): Promise<Json> =>
  ((await call('GET', '/chartofaccounts')).body.chartofaccounts as Json[]).find(
    (a) => a.account_type === type,
  )!;

describe('settings resources', () => {
  it('starts with the base currency, system accounts and the owner as current user', async () => {
    const currencies = (await call('GET', '/settings/currencies')).body.currencies as Json[];
    expect(currencies).toEqual([expect.objectContaining({ currency_code: 'EUR', is_base_currency: true })]);
    expect((await call('DELETE', `/settings/currencies/${currencies[0]!.currency_id}`)).status).toBe(400);
    const system = await accountOf('accounts_receivable');
    expect((await call('DELETE', `/chartofaccounts/${system.account_id}`)).body.code).not.toBe(0);
    expect((await call('GET', '/users/me')).body.user).toMatchObject({
      user_role: 'admin',
      status: 'active',
    });
  });

  it('validates currencies, taxes, accounts, items and users', async () => {
    expect(
      (await call('POST', '/settings/currencies', { body: { currency_code: 'usdollar' } })).body.code,
    ).toBe(2);
    expect(
      (await call('POST', '/settings/currencies', { body: { currency_code: 'usd' } })).body.currency,
    ).toMatchObject({
      currency_code: 'USD',
    });
    expect((await call('POST', '/settings/currencies', { body: { currency_code: 'USD' } })).status).toBe(400);
    expect(
      (await call('POST', '/settings/taxes', { body: { tax_name: 'Bad', tax_percentage: 120 } })).body.code,
    ).toBe(2);
    expect(
      (await call('POST', '/chartofaccounts', { body: { account_name: 'X', account_type: 'nope' } })).body,
    ).toEqual({
      code: 2,
      message: 'Invalid value passed for account_type',
    });
    const account = await call('POST', '/chartofaccounts', {
      body: { account_name: 'Rent', account_type: 'expense' },
    });
    expect(account.body.chart_of_account).toMatchObject({ is_active: true, is_system_account: false });
    expect((await call('POST', '/items', { body: { name: 'Free lunch' } })).body.code).toBe(4);
    expect((await call('POST', '/items', { body: { name: 'Nut', rate: -1 } })).body.code).toBe(2);
    const user = await call('POST', '/users', { body: { name: 'Ann', email: 'ann@example.com' } });
    expect(user.body.user).toMatchObject({ status: 'invited', user_role: 'staff' });
    expect((await call('POST', '/users', { body: { name: 'Ann 2', email: 'ANN@example.com' } })).status).toBe(
      400,
    );
    expect((await call('POST', '/users', { body: { name: 'Bad', email: 'not-an-email' } })).body.code).toBe(
      2,
    );
  });
});

describe('expenses and bills', () => {
  it('computes an expense’s tax and total against real accounts', async () => {
    const expense = await accountOf('expense');
    const cash = await accountOf('cash');
    const tax = (await call('POST', '/settings/taxes', { body: { tax_name: 'GST', tax_percentage: 10 } }))
      .body.tax as Json;
    const r = await call('POST', '/expenses', {
      body: {
        account_id: expense.account_id,
        paid_through_account_id: cash.account_id,
        amount: 200,
        tax_id: tax.tax_id,
      },
    });
    expect(r.body.code).toBe(0);
    expect(r.body.expense).toMatchObject({
      tax_amount: 20,
      total: 220,
      status: 'nonbillable',
      date: '2024-06-10',
    });
    expect((await call('POST', '/expenses', { body: { account_id: '1', amount: 5 } })).body).toEqual({
      code: 2,
      message: 'Invalid value passed for account_id',
    });
  });

  it('opens bills, tracks the vendor’s payables, voids and reopens them', async () => {
    const vendor = (
      await call('POST', '/contacts', { body: { contact_name: 'Supplier', contact_type: 'vendor' } })
    ).body.contact as Json;
    const expense = await accountOf('expense');
    const bill = (
      await call('POST', '/bills', {
        body: {
          vendor_id: vendor.contact_id,
          bill_number: 'B-1',
          line_items: [{ account_id: expense.account_id, rate: 60, quantity: 2 }],
        },
      })
    ).body.bill as Json;
    expect(bill).toMatchObject({ status: 'open', total: 120, balance: 120 });
    const payable = async () =>
      ((await call('GET', `/contacts/${vendor.contact_id}`)).body.contact as Json).outstanding_payable_amount;
    expect(await payable()).toBe(120);
    await call('POST', `/bills/${bill.bill_id}/status/void`);
    expect(await payable()).toBe(0);
    await call('POST', `/bills/${bill.bill_id}/status/open`);
    expect(((await call('GET', `/bills/${bill.bill_id}`)).body.bill as Json).balance).toBe(120);
    expect(
      (await call('POST', '/bills', { body: { vendor_id: vendor.contact_id, line_items: [] } })).body.code,
    ).toBe(4);
  });
});
