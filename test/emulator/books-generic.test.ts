import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { booksUser, type Json, NO_LIMITS, orgClient } from './books-helpers.js';

let emu: Emulator;
let call: ReturnType<typeof orgClient>;
let org: string;
beforeAll(async () => {
  emu = await startEmulator({ books: NO_LIMITS });
  const user = await booksUser(emu);
  org = user.orgs[0]!;
  call = orgClient(emu, user.token, org);
});
afterAll(async () => {
  await emu.close();
});

describe('the generic collection handler (collections without a hand-written model)', () => {
  it('creates, gets, lists, updates and deletes with Zoho’s keys and messages', async () => {
    const created = await call('POST', '/journals', {
      body: { journal_date: '2024-05-01', notes: 'Opening' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 0, message: 'The journal has been created.' });
    const journal = created.body.journal as Json;
    expect(journal.journal_id).toMatch(/^\d{15,19}$/);
    expect(journal).toMatchObject({ journal_date: '2024-05-01', notes: 'Opening' });
    const path = `/journals/${journal.journal_id}`;
    expect((await call('GET', path)).body.journal).toMatchObject({ notes: 'Opening' });
    expect(((await call('GET', '/journals')).body.journals as Json[]).map((j) => j.journal_id)).toEqual([
      journal.journal_id,
    ]);
    const updated = await call('PUT', path, { body: { notes: 'Adjusted', journal_id: 'ignored' } });
    expect(updated.body.journal).toMatchObject({ notes: 'Adjusted', journal_id: journal.journal_id });
    expect((await call('DELETE', path)).body).toEqual({ code: 0, message: 'The journal has been deleted.' });
    const gone = await call('GET', path);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 1002, message: 'Journal does not exist.' });
  });

  it('requires the fields the spec marks required (code 4, field named) and checks number fields (code 2)', async () => {
    const missing = await call('POST', '/journals', { body: { notes: 'no date' } });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe(4);
    expect(missing.body.message).toContain('journal_date');
    const project = {
      project_name: 'P',
      customer_id: '1',
      billing_type: 'fixed_cost_for_project',
      user_id: '2',
    };
    expect(
      (await call('POST', '/projects', { body: { ...project, cost_budget_amount: 'lots' } })).body,
    ).toEqual({
      code: 2,
      message: 'Invalid value passed for cost_budget_amount',
    });
  });

  it('marks statuses through mark_* actions', async () => {
    const project = (
      await call('POST', '/projects', {
        body: {
          project_name: 'Site',
          customer_id: '1',
          billing_type: 'fixed_cost_for_project',
          user_id: '2',
        },
      })
    ).body.project as Json;
    const r = await call('POST', `/projects/${project.project_id}/inactive`);
    expect(r.body).toEqual({ code: 0, message: 'The project has been marked as inactive.' });
    expect(((await call('GET', `/projects/${project.project_id}`)).body.project as Json).status).toBe(
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
    const again = await call('PUT', '/contacts', { headers, body: { email: 'up@example.com' } });
    expect(again.status).toBe(200);
    expect(again.body.contact).toMatchObject({ contact_name: 'Upserted', email: 'up@example.com' });
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
