import { createServer, type Server } from 'node:http';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPERATIONS } from '../../src/books/generated/operations.js';
import { parseBody, quoteIds } from '../../src/http/json.js';
import { type World, world } from './world.js';

type Ops = typeof OPERATIONS;
let w: World<Ops>;
let server: Server | undefined;
afterEach(async () => {
  await w?.close();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

// biome-ignore lint/suspicious/noExplicitAny: records are read field by field below
type Loose = Record<string, Record<string, (...args: unknown[]) => any>>;
const modules = () => w.books as unknown as Loose;
const org = () => w.seed.organizations[0]!.organization_id;
const parsed = (text: string) => (parseBody(text) as { value: Record<string, unknown> }).value;

describe('ids are strings, every time (issue 9.4)', () => {
  it('a server that sends ids as bare numbers: every id, short or long, arrives as the exact string; amounts stay numbers', async () => {
    w = await world<Ops>({ operations: OPERATIONS });
    const ids = w.emu.seedRecords(org(), 'invoices', 3);
    w.emu.injectFault({ target: 'books', kind: 'numeric_ids', count: 100 });
    const page = await modules().invoices!.list!();
    expect(page.items).toHaveLength(3);
    for (const invoice of page.items) {
      expect(ids).toContain(invoice.invoice_id);
      expect(typeof invoice.customer_id).toBe('string');
      expect(typeof invoice.total).toBe('number');
    }
    const one = await modules().invoices!.get!(ids[0]);
    expect(one.invoice_id).toBe(ids[0]);
    expect(typeof one.line_items[0].line_item_id).toBe('string');
    expect(typeof one.line_items[0].rate).toBe('number');
    // Organization ids have 10 digits: short enough for a double, a string all the same.
    const organization = await modules().organizations!.get!(org());
    expect(organization.organization_id).toBe(org());
    const contact = await modules().contacts!.create!({ contact_name: 'Numeric Ids Ltd' });
    expect(contact.contact_id).toBe(w.emu.records(org(), 'contacts').at(-1)!.contact_id);
  });

  it('a 15-digit id is a string like a 19-digit one, over the wire', async () => {
    w = await world<Ops>({ operations: OPERATIONS });
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json;charset=UTF-8');
      res.end(
        '{"code":0,"message":"success","invoice":{"invoice_id":460000000012345,"customer_id":4600000000123456789,"total":12.5,"quantity":3,"tax_ids":[46000001,46000002],"id":7}}',
      );
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const books = w.client({ apiDomain: `http://127.0.0.1:${port}`, organizationId: '42' });
    const get = books.call.bind(books) as unknown as (id: string, ...args: unknown[]) => Promise<unknown>;
    const invoice = await get('get_invoice', '460000000012345');
    expect(invoice).toEqual({
      invoice_id: '460000000012345',
      customer_id: '4600000000123456789',
      total: 12.5,
      quantity: 3,
      tax_ids: ['46000001', '46000002'],
      id: '7',
    });
  });

  it('any integer beyond 2^53 stays exact as a string, whatever its field; other numbers stay numbers', () => {
    expect(
      parsed(
        '{"balance":12345678901234567890,"total":9007199254740991,"rate":1234567890123456.5,"big":-9007199254740993,"exp":1e300,"paid":12,"void_id_note":"x"}',
      ),
    ).toEqual({
      balance: '12345678901234567890',
      total: 9007199254740991,
      rate: 1234567890123456.5,
      big: '-9007199254740993',
      exp: 1e300,
      paid: 12,
      void_id_note: 'x',
    });
  });

  it('ids inside nested objects and arrays; strings that look like numbers are left alone', () => {
    expect(
      parsed(
        '{"line_items":[{"item_id":12,"rate":5,"tags":[{"tag_id":3,"tag_option_id":4}]}],"note":"\\"item_id\\":12","item_ids":[1,[2]],"payment_id":null,"contact_id":"9"}',
      ),
    ).toEqual({
      line_items: [{ item_id: '12', rate: 5, tags: [{ tag_id: '3', tag_option_id: '4' }] }],
      note: '"item_id":12',
      item_ids: ['1', ['2']],
      payment_id: null,
      contact_id: '9',
    });
  });

  it('property: an id of any length is the string it was sent as; a non-id number parses as JSON.parse does', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 19n - 1n }),
        fc.constantFrom('id', 'invoice_id', 'customer_id'),
        // Integers beyond 2^53 are the other rule (strings wherever they are), tested above.
        fc
          .double({ noNaN: true, noDefaultInfinity: true })
          .filter((n) => !Number.isInteger(n) || Number.isSafeInteger(n)),
        (id, field, amount) => {
          const text = `{"${field}":${id},"ids":[${id}],"amount":${JSON.stringify(amount)}}`;
          expect(parsed(text)).toEqual({
            [field]: String(id),
            ids: [String(id)],
            amount: JSON.parse(JSON.stringify(amount)),
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('big ids are found after parsing: a body without one is parsed once, a body with one once more', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const plain = '{"code":0,"invoice":{"invoice_id":"4600000000123456789","total":12.5,"line_items":[]}}';
      expect(parsed(plain)).toEqual(JSON.parse(plain));
      expect(parse).toHaveBeenCalledTimes(2);
      parse.mockClear();
      const big =
        '{"code":0,"invoice":{"invoice_id":"1","total":12.5,"line_items":[{"item_id":4600000000123456789}]}}';
      expect(parsed(big)).toEqual({
        code: 0,
        invoice: { invoice_id: '1', total: 12.5, line_items: [{ item_id: '4600000000123456789' }] },
      });
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('property: parsing first gives what the rewrite of the text gives, for any body', () => {
    const id = fc.oneof(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String), fc.constant('"7"'));
    const number = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
      fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }).map(String),
      fc.constantFrom('1e300', '-0', '1.0', '9007199254740992', '9007199254740991'),
    );
    const key = fc.constantFrom('id', 'ids', 'invoice_id', 'item_ids', 'total', 'void_id_note', 'note');
    const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        number,
        id,
        fc.string().map((s) => JSON.stringify(s)),
        fc.array(tie('v'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
        fc
          .array(fc.tuple(key, tie('v')), { maxLength: 4 })
          .map((fields) => `{${fields.map(([k, v]) => `"${k}":${v}`).join(',')}}`),
      ),
    })).v;
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 5 }), (fields) => {
        const text = `{${fields.map(([k, v]) => `"${k}":${v}`).join(',')}}`;
        expect(parsed(text)).toEqual(JSON.parse(quoteIds(text)));
      }),
      { numRuns: 500 },
    );
  });

  it('a body whose ids are already strings is parsed as it came, without a rewritten copy', () => {
    const text =
      '{"code":0,"invoices":[{"invoice_id":"460000000012345","total":12.5,"paid":3,"balance":1234567890123}]}';
    expect(quoteIds(text)).toBe(text);
  });
});
