import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODULES, OPERATIONS } from '../../src/books/generated/operations.js';
import { type Operation, takesQuery } from '../../src/books/operation-shape.js';
import { OPERATIONS as SURFACE } from '../../src/emulator/books/generated/surface.js';
import { RESPONSE_SCHEMAS } from '../books/generated/schemas.js';

const typesText = readFileSync(new URL('../../src/books/generated/types.ts', import.meta.url), 'utf8');
const apiText = readFileSync(new URL('../../src/books/generated/api.ts', import.meta.url), 'utf8');
const definedTypes = new Set([...typesText.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]));

/** The body of `export interface <name> { … }` in a generated file. */
const interfaceBody = (text: string, name: string): string => {
  const start = text.indexOf(`export interface ${name} {`);
  expect(start, name).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n}\n', start));
};

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

  it('types every field: an untyped property takes its example’s or its namesakes’ type', () => {
    // `string | unknown` is `unknown`: whatever the union, a field typed so tells an editor nothing.
    const fields = [...typesText.matchAll(/^\s+(?:readonly )?([\w']+)\??: (.+);$/gm)];
    expect(fields.length).toBeGreaterThan(3000);
    const untyped = fields
      .filter(([, , type]) => /(^|\| )unknown( \||$)/.test(type!))
      .map(([line]) => line.trim());
    expect(untyped).toEqual([]);
    expect(interfaceBody(typesText, 'Invoice')).toMatch(/readonly date\?: string;/);
    expect(interfaceBody(typesText, 'ChartOfAccount')).toMatch(/readonly current_balance\?: number;/);
  });

  it('gives a record spelled two ways by the spec one type, so list() and get() agree', () => {
    const byFolded = new Map<string, string[]>();
    for (const name of definedTypes) {
      const folded = name!.toLowerCase();
      byFolded.set(folded, [...(byFolded.get(folded) ?? []), name!]);
    }
    expect([...byFolded.values()].filter((names) => names.length > 1)).toEqual([]);
    // Every module's list() and get() (and create/update) of one collection name one record type.
    const disagreeing: string[] = [];
    let compared = 0;
    for (const module of MODULES) {
      const ops = OPERATIONS.filter((o) => o.module === module);
      const list = ops.find((o) => o.name === 'list' && o.responseSchema);
      if (!list) continue;
      // The spec spells one path two ways (`/recurringbills`, `/recurring_bills/{id}`).
      const plain = (path: string) => path.replace(/_/g, '').toLowerCase();
      const item = new RegExp(`^${plain(list.path)}/\\{[^}]+\\}$`);
      for (const op of ops.filter((o) => ['get', 'create', 'update'].includes(o.name) && o.responseSchema)) {
        const sameCollection =
          op.name === 'create' ? plain(op.path) === plain(list.path) : item.test(plain(op.path));
        compared += sameCollection ? 1 : 0;
        if (sameCollection && op.responseSchema !== list.responseSchema)
          disagreeing.push(`${module}.${op.name}: ${op.responseSchema} ≠ ${list.responseSchema}`);
      }
    }
    expect(disagreeing).toEqual([]);
    expect(compared).toBeGreaterThan(50);
    const schemaOf = (id: string) => OPERATIONS.find((o) => o.id === id)?.responseSchema;
    expect(schemaOf('get_recurring_bill')).toBe(schemaOf('list_recurring_bills'));
    expect(schemaOf('get_fixed_asset')).toBe('FixedAsset'); // the spec answers it under `fissed-asset`
  });

  it('declares one interface per module, a documented method per operation, path parameters named', () => {
    const root = interfaceBody(apiText, 'BooksApi');
    for (const module of MODULES) {
      const name = `${module[0]!.toUpperCase()}${module.slice(1)}Api`;
      expect(root).toContain(`readonly ${module}: ${name};`);
      const body = interfaceBody(apiText, name);
      const lines = body.split('\n').slice(1);
      for (const op of OPERATIONS.filter((o) => o.module === module)) {
        const at = lines.findIndex((l) => l.startsWith(`  ${op.name}(`));
        expect(at, `${module}.${op.name}`).toBeGreaterThan(0);
        // One line of facts before each method: its id in words, the method and path, the scope.
        expect(lines[at - 1], op.id).toMatch(
          /^ {2}\/\*\* [A-Z].*: `(GET|POST|PUT|DELETE|PATCH) \/.*`, scope ZohoBooks\..*\. \*\/$/,
        );
        expect(lines[at - 1]).toContain(`\`${op.httpMethod} ${op.path}\``);
      }
    }
    expect(interfaceBody(apiText, 'InvoicesApi')).toContain(
      '  markAsSent(invoiceId: string, options?: CallOptions): Promise<Acknowledgement>;',
    );
    expect(apiText).not.toMatch(/\b(args|arg)_\d/);
    expect(apiText).not.toMatch(/\(\w+_\w+: string/); // path parameters are camelCase
  });

  it('gives every method the parameters the argument binding takes and the result the table names', () => {
    const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const pascal = (s: string) =>
      s
        .split('_')
        .map((w) => `${w[0]!.toUpperCase()}${w.slice(1)}`)
        .join('');
    const expected = (op: Operation) => {
      const queryRequired = op.query.some((p) => p.required);
      const body =
        op.body === 'multipart'
          ? 'FormData | Record<string, unknown>'
          : (op.requestSchema ?? 'Record<string, unknown>');
      const params = [
        ...op.pathParams.map((p) => `${camel(p)}: string`),
        ...(op.body === 'none'
          ? []
          : [
              op.bodyRequired
                ? `body: ${body}`
                : queryRequired
                  ? `body: ${body} | undefined`
                  : `body?: ${body}`,
            ]),
        // The binding (bindArguments) gives a query slot exactly when takesQuery says so.
        ...(takesQuery(op) ? [`query${queryRequired ? '' : '?'}: ${pascal(op.id)}Query`] : []),
        'options?: CallOptions',
      ];
      const record = op.responseSchema ?? 'Record<string, unknown>';
      const result = op.paginated
        ? `ListCall<${record}>`
        : op.responseKey === null
          ? 'Promise<Acknowledgement>'
          : `Promise<${record}${op.responseKind === 'list' ? '[]' : ''}>`;
      return `${op.name}(${params.join(', ')}): ${result};`;
    };
    const mismatches: string[] = [];
    for (const module of MODULES) {
      const body = interfaceBody(apiText, `${module[0]!.toUpperCase()}${module.slice(1)}Api`);
      // Signatures biome broke over several lines, joined back into one.
      const methods = body
        .replace(/\(\n\s+/g, '(')
        .replace(/,\n\s+\)/g, ')')
        .replace(/,\n\s+/g, ', ')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^\w+\(/.test(l));
      for (const op of OPERATIONS.filter((o) => o.module === module)) {
        const line = methods.find((l) => l.startsWith(`${op.name}(`));
        if (line !== expected(op)) mismatches.push(`${op.id}: ${line} ≠ ${expected(op)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees with the emulator’s own copy of the surface', () => {
    expect(SURFACE.map((o) => [o.id, o.method, o.path, `ZohoBooks.${o.family}.${o.access}`, o.key])).toEqual(
      OPERATIONS.map((o) => [o.id, o.httpMethod, o.path, o.scope, o.responseKey]),
    );
  });
});
