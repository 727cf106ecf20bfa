import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { books, booksUser } from '../books-helpers.js';
import { type Json, startWorld, type World } from './world.js';

/** Referential integrity and validation for every resource (issue 11). */
let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.emu.close();
});

const MISSING = '999999999999999999';

describe('records a path names', () => {
  it('[REFERENCE §5 404 code 1002] a subject that does not exist is 404 "<Thing> does not exist." for get, update, delete and actions', async () => {
    for (const [method, path, message] of [
      ['GET', `/estimates/${MISSING}`, 'Estimate does not exist.'],
      ['PUT', `/salesorders/${MISSING}`, 'Sales order does not exist.'],
      ['DELETE', `/vendorcredits/${MISSING}`, 'Vendor credit does not exist.'],
      ['POST', `/retainerinvoices/${MISSING}/status/sent`, 'Retainer invoice does not exist.'],
      ['POST', `/projects/${MISSING}/inactive`, 'Project does not exist.'],
      ['GET', `/journals/${MISSING}`, 'Journal does not exist.'],
    ] as const) {
      const r = await w.call(method, path, method === 'PUT' ? { body: {} } : {});
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body).toEqual({ code: 1002, message });
    }
  });

  it('[REFERENCE §5 404 code 1002] a parent that does not exist is 404: no list, comment or payment of a missing record', async () => {
    const gone = await w.invoice(10, { sent: false });
    await w.ok('DELETE', `/invoices/${gone.invoice_id}`);
    const payments = await w.call('GET', `/invoices/${gone.invoice_id}/payments`);
    expect(payments.status).toBe(404);
    expect(payments.body).toEqual({ code: 1002, message: 'Invoice does not exist.' });
    const comment = await w.call('POST', `/bills/${MISSING}/comments`, { body: { description: 'hello' } });
    expect(comment.status).toBe(404);
    const other = await w.invoice(10, { sent: false });
    const wrongParent = await w.call('GET', `/contacts/${MISSING}/contactpersons/${other.invoice_id}`);
    expect(wrongParent.status).toBe(404);
  });

  it('[REFERENCE §5 code 6041 / organization isolation] a record of another organization does not exist here', async () => {
    const other = await booksUser(w.emu);
    const theirs = (
      await books(w.emu, other.token, 'POST', '/contacts', {
        query: { organization_id: other.orgs[0] },
        body: { contact_name: 'Theirs' },
      })
    ).body.contact as Json;
    expect((await w.call('GET', `/contacts/${theirs.contact_id}`)).status).toBe(404);
  });
});

describe('ids a body names', () => {
  it('[REFERENCE §5 400 code 2] an unknown customer, item, tax, account or user in a body is refused, naming the field', async () => {
    const customer = await w.contact();
    const cases: [string, Json, string][] = [
      ['/invoices', { customer_id: MISSING, line_items: [{ name: 'x', rate: 1 }] }, 'customer_id'],
      [
        '/invoices',
        { customer_id: customer.contact_id, line_items: [{ item_id: MISSING }] },
        'line_items[0].item_id',
      ],
      [
        '/estimates',
        { customer_id: customer.contact_id, line_items: [{ name: 'x', rate: 1, tax_id: MISSING }] },
        'line_items[0].tax_id',
      ],
      ['/expenses', { account_id: MISSING, amount: 5 }, 'account_id'],
      [
        '/projects',
        {
          project_name: 'P',
          customer_id: customer.contact_id,
          billing_type: 'fixed_cost_for_project',
          user_id: MISSING,
        },
        'user_id',
      ],
    ];
    for (const [path, body, field] of cases) {
      const r = await w.call('POST', path, { body });
      expect(r.status, path).toBe(400);
      expect(r.body).toEqual({ code: 2, message: `Invalid value passed for ${field}` });
    }
  });

  it('[OpenAPI create_invoice customer_id] a vendor is not a customer: an invoice to a vendor-only contact is refused', async () => {
    const vendor = await w.contact('vendor');
    const r = await w.call('POST', '/invoices', {
      body: { customer_id: vendor.contact_id, line_items: [{ name: 'x', rate: 1 }] },
    });
    expect(r.body).toEqual({ code: 2, message: 'Invalid value passed for customer_id' });
  });
});

describe('records in use', () => {
  it('[REFERENCE §5 code 3000] a contact with transactions cannot be deleted; one without can, with its contact persons', async () => {
    const busy = await w.contact();
    await w.invoice(5, { customer: busy, sent: false });
    const refused = await w.call('DELETE', `/contacts/${busy.contact_id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe(3000);
    const idle = await w.contact();
    const persons = (await w.ok('GET', `/contacts/${idle.contact_id}/contactpersons`))
      .contact_persons as Json[];
    expect(persons).toHaveLength(1);
    await w.ok('DELETE', `/contacts/${idle.contact_id}`);
    expect(
      (
        await w.call('PUT', `/contacts/contactpersons/${persons[0]!.contact_person_id}`, {
          body: { first_name: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('[REFERENCE §5 [open], codes.recordInUse] an item or a tax used on a document cannot be deleted; the code is a setting', async () => {
    const vat = await w.tax(7);
    const item = await w.item(10);
    const customer = await w.contact();
    await w.ok('POST', '/estimates', {
      customer_id: customer.contact_id,
      line_items: [{ item_id: item.item_id, tax_id: vat }],
    });
    expect((await w.call('DELETE', `/items/${item.item_id}`)).body).toEqual({
      code: 2,
      message: 'The item is used in transactions and cannot be deleted.',
    });
    w.emu.configure({ codes: { recordInUse: 1044 } });
    expect((await w.call('DELETE', `/settings/taxes/${vat}`)).body.code).toBe(1044);
    w.emu.configure({ codes: { recordInUse: 2 } });
    const unused = await w.item(3);
    await w.ok('DELETE', `/items/${unused.item_id}`);
  });
});

describe('validation of generic resources', () => {
  it('[OpenAPI create_project, create_time_entries] impossible dates, non-numeric numbers and unknown enum values are code 2', async () => {
    const customer = await w.contact();
    const me = (await w.get('/users/me', 'user')).user_id;
    const project = {
      project_name: w.fresh('Proj'),
      customer_id: customer.contact_id,
      billing_type: 'fixed_cost_for_project',
      user_id: me,
    };
    expect(
      (await w.call('POST', '/projects', { body: { ...project, billing_type: 'whenever' } })).body,
    ).toEqual({
      code: 2,
      message: 'Invalid value passed for billing_type',
    });
    expect(
      (await w.call('POST', '/projects', { body: { ...project, cost_budget_amount: 'lots' } })).body.code,
    ).toBe(2);
    const created = (await w.ok('POST', '/projects', project)).project as Json;
    const task = (await w.ok('POST', `/projects/${created.project_id}/tasks`, { task_name: 'Build' }))
      .task as Json;
    const entry = {
      project_id: created.project_id,
      task_id: task.task_id,
      user_id: me,
      log_date: '2024-02-30',
      log_time: '01:00',
    };
    expect((await w.call('POST', '/projects/timeentries', { body: entry })).body).toEqual({
      code: 2,
      message: 'Invalid value passed for log_date',
    });
    const estimate = await w.call('POST', '/estimates', {
      body: { customer_id: customer.contact_id, line_items: [{ name: 'x', rate: 1, quantity: 'many' }] },
    });
    expect(estimate.body).toEqual({ code: 2, message: 'Invalid value passed for line_items[0].quantity' });
  });
});

describe('a record’s own history', () => {
  it('[OpenAPI email_contact, delete_contact] a contact’s history (a mail sent) is its own: it does not stop the delete', async () => {
    const contact = await w.contact();
    await w.ok('POST', `/contacts/${contact.contact_id}/email`, {
      to_mail_ids: ['a@example.com'],
      subject: 'Hi',
      body: 'Hello',
    });
    expect(
      ((await w.ok('GET', `/contacts/${contact.contact_id}/comments`)).contact_comments as Json[]).length,
    ).toBe(1);
    await w.ok('DELETE', `/contacts/${contact.contact_id}`);
  });
});
