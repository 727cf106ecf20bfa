import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEncoder, csvCell, csvRow, parseFields, pick, valueAt } from '../../src/cli/formats/index.js';

/** A strict RFC 4180 reader (CRLF records, quoted fields), to check what the encoder writes reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unclosed quote');
        cell += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        cell += '"';
        i += 1;
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      const stop = end < 0 ? text.length : i + end;
      cell = text.slice(i, stop);
      if (/["\r\n]/.test(cell)) throw new Error(`unquoted special character in ${JSON.stringify(cell)}`);
      i = stop;
    }
    row.push(cell);
    if (text.startsWith(',', i)) i += 1;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`garbage at ${i}`);
  }
  if (row.length > 0) throw new Error('last record without CRLF');
  return rows;
}

const invoice = {
  invoice_id: '460000000026049',
  customer_name: 'Acme, "the" Co.\nSecond line',
  total: 1234.5,
  balance: 0,
  rate: 0.1,
  is_emailed: false,
  notes: null,
  customer: { name: 'Acme', address: { city: 'Pune' } },
  line_items: [{ name: 'Consulting', rate: 120 }],
};

describe('csv', () => {
  it('quotes only fields with a comma, a quote, CR or LF, doubling the quotes', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('one\rtwo')).toBe('"one\rtwo"');
    expect(csvCell(' padded ')).toBe(' padded ');
  });

  it('prints values as received: ids as strings, numbers unformatted, null and undefined empty, objects as JSON', () => {
    expect(csvCell('460000000026049123')).toBe('460000000026049123');
    expect(csvCell(1234.5)).toBe('1234.5');
    expect(csvCell(0.1)).toBe('0.1');
    expect(csvCell(1e21)).toBe('1e+21');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell({ a: 1, b: 'x' })).toBe('"{""a"":1,""b"":""x""}"');
    expect(csvCell([1, 2])).toBe('"[1,2]"');
    expect(csvCell([])).toBe('[]');
  });

  it('writes a header row once, then one CRLF record per line, columns from --fields (dotted paths)', () => {
    const encoder = createEncoder('csv', [
      'invoice_id',
      'customer_name',
      'customer.address.city',
      'line_items',
      'missing',
    ]);
    const text =
      encoder.header() + encoder.line(invoice) + encoder.line({ invoice_id: '2' }) + encoder.footer();
    expect(encoder.header()).toBe('');
    expect(parseCsv(text)).toEqual([
      ['invoice_id', 'customer_name', 'customer.address.city', 'line_items', 'missing'],
      ['460000000026049', 'Acme, "the" Co.\nSecond line', 'Pune', '[{"name":"Consulting","rate":120}]', ''],
      ['2', '', '', '', ''],
    ]);
  });

  it('takes the columns from the first record when no fields are given, and the header comes with it', () => {
    const encoder = createEncoder('csv');
    expect(encoder.header()).toBe('');
    expect(encoder.columns).toBeUndefined();
    const first = encoder.line({ a: 1, 'b.c': 'dotted key', d: { e: 2 } });
    const second = encoder.line({ d: 'x', a: 3, extra: 'dropped' });
    expect(encoder.columns).toEqual(['a', 'b.c', 'd']);
    expect(parseCsv(first + second)).toEqual([
      ['a', 'b.c', 'd'],
      ['1', 'dotted key', '{"e":2}'],
      ['3', '', 'x'],
    ]);
  });

  it('writes a lone empty cell as "" so that the record is not read as a blank line', () => {
    expect(csvRow([''])).toBe('""\r\n');
    expect(csvRow([null])).toBe('""\r\n');
    expect(csvRow(['', ''])).toBe(',\r\n');
  });

  it('writes no header again when continuing a file (a resumed export)', () => {
    const encoder = createEncoder('csv', ['a'], { continued: true });
    expect(encoder.header() + encoder.line({ a: 'x' })).toBe('x\r\n');
  });

  it('an empty export has the header when the columns were named, and nothing when they were not', () => {
    const named = createEncoder('csv', ['a', 'b']);
    expect(named.header() + named.footer()).toBe('a,b\r\n');
    const inferred = createEncoder('csv');
    expect(inferred.header() + inferred.footer()).toBe('');
  });

  it('round-trips any strings through a strict RFC 4180 reader (raw cells)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (cells) => {
        expect(parseCsv(csvRow(cells, true))).toEqual([cells]);
      }),
      { numRuns: 1000 },
    );
  });

  it('neutralises cells a spreadsheet would run as formulas, as OWASP advises (issue 9.8)', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
    );
    expect(csvCell("+cmd|' /C calc'!A0")).toBe(`"'+cmd|' /C calc'!A0"`);
    expect(csvCell('-2+3+cmd|x')).toBe(`"'-2+3+cmd|x"`);
    expect(csvCell('@SUM(A1:A9)')).toBe(`"'@SUM(A1:A9)"`);
    expect(csvCell('\t=1')).toBe(`"'\t=1"`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    // Plain numbers are data: a negative amount or a signed exponent stays as it is.
    for (const n of ['-12.5', '+3', '-0', '1e5', '-1.5E-3', '-.5']) expect(csvCell(n)).toBe(n);
    expect(csvCell(-12.5)).toBe('-12.5');
    // Not at the start, or not one of the six: nothing to do.
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(' =1')).toBe(' =1');
    // The raw flag writes them as received.
    expect(csvCell('=1+1', true)).toBe('=1+1');
    const guarded = createEncoder('csv', ['name']);
    const raw = createEncoder('csv', ['name'], { rawCells: true });
    expect(guarded.line({ name: '=1+1' })).toBe(`name\r\n"'=1+1"\r\n`);
    expect(raw.line({ name: '=1+1' })).toBe('name\r\n=1+1\r\n');
  });

  it('property: a guarded cell reads back as the value, or as the value behind a quote mark when it could run', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (cell) => {
        const [[read]] = parseCsv(csvRow([cell])) as [[string]];
        const risky = /^[=+\-@\t\r]/.test(cell) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell);
        expect(read).toBe(risky ? `'${cell}` : cell);
        expect(/^[=+@\t\r]/.test(read) || (read.startsWith('-') && !/^-[\d.]/.test(read))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ndjson', () => {
  it('one JSON object per line, as received; newlines inside strings stay escaped', () => {
    const encoder = createEncoder('ndjson');
    const text = encoder.header() + encoder.line(invoice) + encoder.line({ n: 1 }) + encoder.footer();
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual(invoice);
    expect(lines[0]).toContain('"total":1234.5');
    expect(lines[0]).toContain('"invoice_id":"460000000026049"');
  });

  it('keeps only the chosen fields, keyed by the path as written', () => {
    const encoder = createEncoder('ndjson', ['invoice_id', 'customer.name', 'absent']);
    expect(encoder.line(invoice)).toBe('{"invoice_id":"460000000026049","customer.name":"Acme"}\n');
  });
});

describe('json', () => {
  it('streams one array: an element per record, closed by the footer', () => {
    const encoder = createEncoder('json', ['id']);
    const text = encoder.header() + encoder.line({ id: '1' }) + encoder.line({ id: '2' }) + encoder.footer();
    expect(JSON.parse(text)).toEqual([{ id: '1' }, { id: '2' }]);
    const empty = createEncoder('json');
    expect(JSON.parse(empty.header() + empty.footer())).toEqual([]);
    const noHeaderCall = createEncoder('json');
    expect(JSON.parse(noHeaderCall.line({ a: 1 }) + noHeaderCall.footer())).toEqual([{ a: 1 }]);
  });
});

describe('fields', () => {
  it('parses --fields, refusing an empty list', () => {
    expect(parseFields(undefined)).toBeUndefined();
    expect(parseFields(' a, b.c ,,d ')).toEqual(['a', 'b.c', 'd']);
    expect(() => parseFields(' , ')).toThrow(/names no field/);
  });

  it('reads dotted paths through objects and arrays, and an own dotted key first', () => {
    expect(valueAt(invoice, 'customer.address.city')).toBe('Pune');
    expect(valueAt(invoice, 'line_items.0.rate')).toBe(120);
    expect(valueAt(invoice, 'customer.nothing.deeper')).toBeUndefined();
    expect(valueAt(invoice, 'total.value')).toBeUndefined();
    expect(valueAt({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
    expect(pick(invoice, ['total', 'customer.name'])).toEqual({ total: 1234.5, 'customer.name': 'Acme' });
  });
});
