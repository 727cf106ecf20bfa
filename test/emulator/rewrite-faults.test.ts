import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type SeedResult, startEmulator } from '../../src/emulator/index.js';
import { exchange } from './helpers.js';

// The faults the client's loops and id handling are tested with (issues 9.3, 9.4, 9.6), checked on the wire.

let emu: Emulator;
let seed: SeedResult;
let token: string;
let org: string;
beforeAll(async () => {
  emu = await startEmulator();
  seed = emu.seed();
  org = seed.organizations[0]!.organization_id;
  emu.seedRecords(org, 'invoices', 5);
  token = (await exchange(seed)).body.access_token as string;
});
afterAll(() => emu.close());

const get = async (query: string) => {
  const res = await fetch(`${emu.apiDomain}/books/v3/invoices?organization_id=${org}&per_page=2&${query}`, {
    headers: { authorization: `Zoho-oauthtoken ${token}` },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
};
const pageOf = (text: string) =>
  JSON.parse(text) as { invoices: { invoice_id: string }[]; page_context: Record<string, unknown> };

describe('faults that rewrite a Books list or its answer', () => {
  it('ignore_page: page 1 comes back, saying page 1; repeat_page: page 1 again, saying the page asked for', async () => {
    const first = pageOf((await get('page=1')).text);
    emu.injectFault({ target: 'books', kind: 'ignore_page' });
    const ignored = pageOf((await get('page=2')).text);
    expect(ignored.page_context).toMatchObject({ page: 1, has_more_page: true });
    expect(ignored.invoices).toEqual(first.invoices);
    emu.injectFault({ target: 'books', kind: 'repeat_page' });
    const repeated = pageOf((await get('page=3')).text);
    expect(repeated.page_context).toMatchObject({ page: 3, has_more_page: true });
    expect(repeated.invoices).toEqual(first.invoices);
    // Used once each: the next answer is right again.
    expect(pageOf((await get('page=3')).text).page_context).toMatchObject({ page: 3, has_more_page: false });
  });

  it('empty_page: no records, yet has_more_page; the length header matches the rewritten body', async () => {
    emu.injectFault({ target: 'books', kind: 'empty_page' });
    const answer = await get('page=3');
    expect(pageOf(answer.text).invoices).toEqual([]);
    expect(pageOf(answer.text).page_context.has_more_page).toBe(true);
    expect(Number(answer.headers.get('content-length'))).toBe(Buffer.byteLength(answer.text));
  });

  it('numeric_ids: every id field goes out as a bare number; other strings stay strings', async () => {
    emu.injectFault({ target: 'books', kind: 'numeric_ids' });
    const { text } = await get('page=1');
    expect(text).toMatch(/"invoice_id":\d{15,19}[,}]/);
    expect(text).toMatch(/"customer_id":\d+[,}]/);
    expect(text).not.toMatch(/"invoice_id":"/);
    expect(text).toMatch(/"invoice_number":"INV-/);
  });

  it('numeric_ids leaves a binary answer byte for byte: a PDF keeps its high bytes and its length (issue 11)', async () => {
    const invoiceId = pageOf((await get('page=1')).text).invoices[0]!.invoice_id;
    const pdf = async () => {
      const res = await fetch(
        `${emu.apiDomain}/books/v3/invoices/${invoiceId}?organization_id=${org}&accept=pdf`,
        {
          headers: { authorization: `Zoho-oauthtoken ${token}` },
        },
      );
      return {
        type: res.headers.get('content-type'),
        length: res.headers.get('content-length'),
        bytes: Buffer.from(await res.arrayBuffer()),
      };
    };
    const plain = await pdf();
    expect(plain.type).toBe('application/pdf');
    // The binary marker line after the header: bytes above 0x7f that a text round trip would mangle.
    expect(plain.bytes.subarray(9, 14)).toEqual(Buffer.from([0x25, 0xe2, 0xe3, 0xcf, 0xd3]));
    emu.injectFault({ target: 'books', kind: 'numeric_ids' });
    const faulted = await pdf();
    expect(faulted.type).toBe('application/pdf');
    expect(faulted.bytes.equals(plain.bytes)).toBe(true);
    expect(faulted.length).toBe(String(plain.bytes.length));
    // The fault was consumed by the PDF answer, so the next JSON answer is untouched.
    expect((await get('page=1')).text).toMatch(/"invoice_id":"\d+"/);
  });

  it('a Books throttle takes its Retry-After; paging faults are refused on other targets', async () => {
    emu.injectFault({ target: 'books', kind: 'throttle', retryAfter: 120 });
    const throttled = await get('page=1');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('120');
    const refused = await fetch(`${emu.accountsUrl}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ target: 'token', kind: 'ignore_page' }),
    });
    expect(refused.status).toBe(400);
  });
});
