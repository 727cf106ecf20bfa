import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/books/generated/operations.js';
import { OperationIndex } from '../../src/books/operation-index.js';

// The lookup behind books.request(), `zbooks api` and the gateway's key policies: the operation decides the
// scope checked before sending, so a wrong match means a wrong refusal (or a wrong pass).
describe('OperationIndex: method + path → operation', () => {
  const index = new OperationIndex(OPERATIONS);
  const id = (method: string, path: string) => index.find(method, path)?.id;

  it('finds records by id, and literal segments beat parameters', () => {
    expect(id('GET', '/invoices/460000000012345')).toBe('get_invoice');
    expect(id('get', '/invoices/460000000012345/')).toBe('get_invoice');
    expect(id('POST', '/invoices/460000000012345/status/sent')).toBe('mark_invoice_sent');
  });

  it('where two operations share a path, the one of the module the path names wins', () => {
    expect(id('POST', '/invoices')).toBe('create_invoice');
  });

  it('a custom module is only a cm_ name; any other unknown path is unknown', () => {
    expect(id('GET', '/cm_projects_board')).toBe('list_records_of_custom_module');
    expect(id('GET', '/no_such_module')).toBeUndefined();
    expect(id('DELETE', '/invoices/1/no/such/thing')).toBeUndefined();
  });
});
