import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODULES, OPERATIONS } from '../../src/books/generated/operations.js';
import { RESPONSE_SCHEMAS } from '../../src/books/generated/schemas.js';
import { OPERATIONS as SURFACE } from '../../src/emulator/books/generated/surface.js';

const typesText = readFileSync(new URL('../../src/books/generated/types.ts', import.meta.url), 'utf8');
const definedTypes = new Set([...typesText.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]));

describe('the generated operations table', () => {
  it('covers the 515 operations of the 37 modules with unique ids', () => {
    expect(OPERATIONS).toHaveLength(515);
    expect(MODULES).toHaveLength(37);
    expect(new Set(OPERATIONS.map((o) => o.id)).size).toBe(515);
    expect([...new Set(OPERATIONS.map((o) => o.module))].sort()).toEqual([...MODULES]);
  });

  it('gives each operation a method name unique within its module', () => {
    const seen = new Set<string>();
    for (const op of OPERATIONS) {
      const key = `${op.module}.${op.name}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(op.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
    }
  });

  it('names the invoice operations the way the client exposes them', () => {
    const invoices = Object.fromEntries(
      OPERATIONS.filter((o) => o.module === 'invoices').map((o) => [o.id, o.name]),
    );
    expect(invoices).toMatchObject({
      list_invoices: 'list',
      create_invoice: 'create',
      get_invoice: 'get',
      update_invoice: 'update',
      delete_invoice: 'delete',
      mark_invoice_sent: 'markAsSent',
      mark_invoice_void: 'markAsVoid',
      mark_invoice_draft: 'markAsDraft',
      email_invoice: 'email',
      email_invoices: 'emailInvoices',
      list_invoice_payments: 'listPayments',
      update_invoice_using_custom_field: 'updateUsingCustomField',
    });
    const names = (module: string) => OPERATIONS.filter((o) => o.module === module).map((o) => o.name);
    expect(names('customerPayments')).toEqual(
      expect.arrayContaining(['list', 'create', 'get', 'update', 'delete']),
    );
    expect(names('chartOfAccounts')).toEqual(expect.arrayContaining(['markAsActive', 'listTransactions']));
  });

  it('has a scope, a relative path with its parameters in order, and no organization_id query', () => {
    for (const op of OPERATIONS) {
      expect(op.scope, op.id).toMatch(/^ZohoBooks\.[a-z]+\.(CREATE|READ|UPDATE|DELETE|ALL)$/);
      expect(op.path.startsWith('/') && !op.path.startsWith('/books')).toBe(true);
      expect([...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])).toEqual([...op.pathParams]);
      expect(op.query.some((q) => (q.name as string) === 'organization_id')).toBe(false);
      if (op.paginated) expect(op.httpMethod).toBe('GET');
    }
    expect(OPERATIONS.find((o) => o.id === 'list_invoices')).toMatchObject({
      httpMethod: 'GET',
      path: '/invoices',
      responseKey: 'invoices',
      paginated: true,
      scope: 'ZohoBooks.invoices.READ',
      responseSchema: 'Invoice',
    });
    expect(OPERATIONS.find((o) => o.id === 'add_invoice_attachment')?.body).toBe('multipart');
  });

  it('refers only to types that types.ts defines, with ids as strings and page_context an object', () => {
    for (const op of OPERATIONS) {
      for (const name of [op.responseSchema, op.requestSchema]) {
        if (name) expect(definedTypes.has(name), `${op.id} → ${name}`).toBe(true);
      }
    }
    expect(typesText).toMatch(/readonly invoice_id\?: string;/);
    expect(typesText).not.toMatch(/_id\??: number/);
    expect(typesText).toMatch(/export interface PageContext \{[^}]*readonly has_more_page\?: boolean;/);
  });

  it('describes the response of every operation with a key, ids as strings', () => {
    for (const op of OPERATIONS) {
      const schema = RESPONSE_SCHEMAS[op.id];
      if (op.responseKey === null) {
        expect(schema, op.id).toBeUndefined();
        continue;
      }
      expect(schema?.key, op.id).toBe(op.responseKey);
      for (const [field, type] of Object.entries(schema!.fields)) {
        if (/(^|_)id$/.test(field)) expect(type, `${op.id}.${field}`).toBe('string');
      }
    }
    expect(RESPONSE_SCHEMAS.list_invoices).toMatchObject({
      kind: 'list',
      fields: { invoice_id: 'string', total: 'number' },
    });
    expect(RESPONSE_SCHEMAS.get_invoice?.kind).toBe('record');
  });

  it('agrees with the emulator’s own copy of the surface', () => {
    expect(SURFACE.map((o) => [o.id, o.method, o.path, `ZohoBooks.${o.family}.${o.access}`, o.key])).toEqual(
      OPERATIONS.map((o) => [o.id, o.httpMethod, o.path, o.scope, o.responseKey]),
    );
  });
});
