import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { booksUser, type Json, NO_LIMITS, orgClient } from './books-helpers.js';

let emu: Emulator;
let call: ReturnType<typeof orgClient>;
let org: string;
/** What a project names, which must exist (REFERENCE: referential integrity): a customer and a user. */
let project: Json;
beforeAll(async () => {
  emu = await startEmulator({ books: NO_LIMITS });
  const user = await booksUser(emu);
  org = user.orgs[0]!;
  call = orgClient(emu, user.token, org);
  const customer = (await call('POST', '/contacts', { body: { contact_name: 'Client' } })).body
    .contact as Json;
  const owner = (await call('GET', '/users/me')).body.user as Json;
  project = {
    project_name: 'P',
    customer_id: customer.contact_id,
    billing_type: 'fixed_cost_for_project',
    user_id: owner.user_id,
  };
});
afterAll(async () => {
  await emu.close();
});

describe('the generic collection handler (collections without a hand-written model)', () => {
  it('creates, gets, lists, updates and deletes with Zoho’s keys and messages', async () => {
    const created = await call('POST', '/projects', { body: { ...project, project_name: 'Opening' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 0, message: 'The project has been created.' });
    const record = created.body.project as Json;
    expect(record.project_id).toMatch(/^\d{15,19}$/);
    expect(record).toMatchObject({ project_name: 'Opening', status: 'active' });
    const path = `/projects/${record.project_id}`;
    expect((await call('GET', path)).body.project).toMatchObject({ project_name: 'Opening' });
    expect(((await call('GET', '/projects')).body.projects as Json[]).map((j) => j.project_id)).toContain(
      record.project_id,
    );
    const updated = await call('PUT', path, {
      body: { ...project, project_name: 'Adjusted', project_id: 'ignored' },
    });
    expect(updated.body.project).toMatchObject({ project_name: 'Adjusted', project_id: record.project_id });
    expect((await call('DELETE', path)).body).toEqual({ code: 0, message: 'The project has been deleted.' });
    const gone = await call('GET', path);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 1002, message: 'Project does not exist.' });
  });

  it('requires the fields the spec marks required (code 4, field named) and checks number fields (code 2)', async () => {
    const missing = await call('POST', '/projects', { body: { project_name: 'no customer' } });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe(4);
    expect(missing.body.message).toContain('customer_id');
    expect(
      (await call('POST', '/projects', { body: { ...project, cost_budget_amount: 'lots' } })).body,
    ).toEqual({
      code: 2,
      message: 'Invalid value passed for cost_budget_amount',
    });
  });

  it('marks statuses through mark_* actions', async () => {
    const site = (await call('POST', '/projects', { body: { ...project, project_name: 'Site' } })).body
      .project as Json;
    const r = await call('POST', `/projects/${site.project_id}/inactive`);
    expect(r.body).toEqual({ code: 0, message: 'The project has been marked as inactive.' });
    expect(((await call('GET', `/projects/${site.project_id}`)).body.project as Json).status).toBe(
      'inactive',
    );
    expect((await call('POST', '/projects/123456789012345678/inactive')).status).toBe(404);
  });

  it('upserts with X-Unique-Identifier-Key/-Value, creating only with X-Upsert', async () => {
    const headers = { 'X-Unique-Identifier-Key': 'cf_external_ref', 'X-Unique-Identifier-Value': 'EXT-1' };
    const body = {
      contact_name: 'Upserted',
      custom_fields: [{ api_name: 'cf_external_ref', value: 'EXT-1' }],
    };
    expect((await call('PUT', '/contacts', { headers, body })).status).toBe(404);
    const created = await call('PUT', '/contacts', { headers: { ...headers, 'X-Upsert': 'true' }, body });
    expect(created.status).toBe(201);
    const again = await call('PUT', '/contacts', { headers, body: { website: 'https://up.example.com' } });
    expect(again.status).toBe(200);
    expect(again.body.contact).toMatchObject({ contact_name: 'Upserted', website: 'https://up.example.com' });
    expect(emu.records(org, 'contacts').filter((c) => c.contact_name === 'Upserted')).toHaveLength(1);
  });

  it('serves custom modules under their cm_ names, one store per module', async () => {
    const r = await call('POST', '/cm_debtor', { body: { record_name: 'First' } });
    expect(r.status).toBeLessThan(300);
    expect(((await call('GET', '/cm_debtor')).body.module_record as Json[]).length).toBe(1);
    expect(((await call('GET', '/cm_other')).body.module_record as Json[]).length).toBe(0);
    expect((await call('GET', '/notamodule')).body.code).toBe(5);
  });

  it('answers debit notes, which share /invoices, under both modules’ keys', async () => {
    const contact = (await call('POST', '/contacts', { body: { contact_name: 'Debtor' } })).body
      .contact as Json;
    await call('POST', '/invoices', {
      body: { customer_id: contact.contact_id, line_items: [{ name: 'x', rate: 1 }] },
    });
    const list = await call('GET', '/invoices');
    expect(list.body.invoices).toHaveLength(1);
    expect(list.body.debit_notes).toHaveLength(1);
  });
});
