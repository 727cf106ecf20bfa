import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zbooksInProcess as zbooks } from '../helpers/cli-in-process.js';
import { type ExportWorld, exportWorld } from '../helpers/export-world.js';

let world: ExportWorld;
let small: Record<string, unknown>[];
const TRICKY = 'Ref, "quoted"\nsecond line';

beforeAll(async () => {
  world = await exportWorld(['Small Org', 'Other Org', 'Since Org']);
  const ids = world.emu.seedRecords(world.orgId('Small Org'), 'invoices', 5);
  world.emu.seedRecords(world.orgId('Other Org'), 'invoices', 2);
  const updated = await world.api('PUT', `/invoices/${ids[1]}`, 'Small Org', { reference_number: TRICKY });
  expect(updated.code).toBe(0);
  small = world.emu.records(world.orgId('Small Org'), 'invoices');
});
afterAll(() => world.close());

const out = (name: string) => join(world.dir, name);
const lines = (text: string) => text.split('\n').filter(Boolean);
const noSecrets = (text: string) => {
  for (const secret of world.secrets) expect(text).not.toContain(secret!);
};

describe('zbooks export: content', () => {
  it('streams ndjson to stdout, oldest first, values as the API sent them, and one summary line on stderr', async () => {
    const result = await zbooks(['export', 'invoices'], { env: world.env('Small Org') });
    expect(result.stderr).toMatch(/^exported 5 invoices in 1 page to stdout \(\d+\.\d s\)\n$/);
    expect(result.code).toBe(0);
    const records = lines(result.stdout).map((l) => JSON.parse(l));
    expect(records.map((r) => r.invoice_id)).toEqual(small.map((r) => r.invoice_id));
    const tricky = records.find((r) => r.invoice_id === small[1]!.invoice_id);
    expect(tricky.reference_number).toBe(TRICKY);
    for (const record of records) {
      expect(typeof record.invoice_id).toBe('string');
      expect(record.total).toBe(small.find((r) => r.invoice_id === record.invoice_id)!.total);
    }
    noSecrets(result.stdout + result.stderr);
  });

  it('writes csv (from the .csv extension) with a header, RFC 4180 quoting and --fields as dotted paths', async () => {
    const file = out('small.csv');
    const result = await zbooks(
      [
        'export',
        'invoices',
        '--out',
        file,
        '--fields',
        'invoice_id,reference_number,total,custom_fields.0.label',
      ],
      { env: world.env('Small Org') },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^exported 5 invoices in 1 page to .*small\.csv \(\d+\.\d s\)\n$/);
    const text = await readFile(file, 'utf8');
    const rows = text.split('\r\n');
    expect(rows[0]).toBe('invoice_id,reference_number,total,custom_fields.0.label');
    expect(text).toContain(`${small[1]!.invoice_id},"Ref, ""quoted""\nsecond line",${small[1]!.total},\r\n`);
    expect(rows.at(-1)).toBe('');
    expect(text.match(/\r\n/g)).toHaveLength(6);
    await expect(stat(`${file}.zbooks-export.json`)).rejects.toThrow(/ENOENT/);
  });

  it('takes csv columns from the first record when --fields is absent, and --org picks the organization', async () => {
    const result = await zbooks(
      ['export', 'invoices', '--format', 'csv', '--org', world.orgId('Other Org')],
      {
        env: world.env('Small Org'),
      },
    );
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(3);
    const header = rows[0]!.split(',');
    expect(header).toContain('invoice_id');
    const other = world.emu.records(world.orgId('Other Org'), 'invoices');
    expect(rows[1]!.split(',')[header.indexOf('invoice_id')]).toBe(other[0]!.invoice_id);
  });

  it('keeps only --fields in ndjson, keyed as written', async () => {
    const result = await zbooks(['export', 'invoices', '--fields', 'invoice_id,total'], {
      env: world.env('Small Org'),
    });
    expect(result.code).toBe(0);
    const first = JSON.parse(lines(result.stdout)[0]!);
    expect(Object.keys(first)).toEqual(['invoice_id', 'total']);
  });

  it('--query filters with the operation’s parameters', async () => {
    const result = await zbooks(
      ['export', 'invoices', '--query', `invoice_number=${small[2]!.invoice_number}`],
      {
        env: world.env('Small Org'),
      },
    );
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((l) => JSON.parse(l).invoice_id)).toEqual([small[2]!.invoice_id]);
  });
});

describe('zbooks export: mistakes are one or two lines and exit 2', () => {
  const expectUsage = (result: { code: number | null; stderr: string; stdout: string }, pattern: RegExp) => {
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  };

  it('an unknown module', async () => {
    const result = await zbooks(['export', 'invoicez'], { env: world.env('Small Org') });
    expectUsage(result, /There is no Books module "invoicez"[\s\S]*invoices/);
  });

  it('`export invoice` suggests invoices', async () => {
    const result = await zbooks(['export', 'invoice'], { env: world.env('Small Org') });
    expectUsage(result, /There is no Books module "invoice"\. Did you mean "invoices"\?/);
  });

  it('--out with an extension it does not write (.xlsx) is refused before anything is written', async () => {
    const file = join(world.dir, 'invoices.xlsx');
    const result = await zbooks(['export', 'invoices', '--out', file], { env: world.env('Small Org') });
    expectUsage(result, /cannot write a \.xlsx file/);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('an unknown --fields name is an error with the likely field, and the new export leaves no file', async () => {
    const file = out('typo.csv');
    const result = await zbooks(['export', 'invoices', '--out', file, '--fields', 'invoice_id,totl'], {
      env: world.env('Small Org'),
    });
    expectUsage(result, /--fields: the records have no field "totl"\. Did you mean "total"\?/);
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    await expect(stat(`${file}.zbooks-export.json`)).rejects.toThrow(/ENOENT/);
  });

  it('an unknown --query name lists the valid ones; page, per_page and bad pairs are refused', async () => {
    const unknown = await zbooks(['export', 'invoices', '--query', 'colour=red'], {
      env: world.env('Small Org'),
    });
    expectUsage(
      unknown,
      /invoices has no filter "colour"\.\n {2}Filters of list_invoices: .*status.*customer_id/,
    );
    expect(unknown.stderr).not.toMatch(/per_page/);
    const page = await zbooks(['export', 'invoices', '--query', 'per_page=5'], {
      env: world.env('Small Org'),
    });
    expectUsage(page, /--query per_page cannot be set[\s\S]*--per-page/);
    const bad = await zbooks(['export', 'invoices', '--query', 'status'], { env: world.env('Small Org') });
    expectUsage(bad, /is not key=value/);
  });

  it('a bad --since, --per-page, --format or --org', async () => {
    const env = world.env('Small Org');
    expectUsage(
      await zbooks(['export', 'invoices', '--since', '2024-02-30'], { env }),
      /--since "2024-02-30" is not a date/,
    );
    expectUsage(await zbooks(['export', 'invoices', '--since', 'yesterday'], { env }), /YYYY-MM-DD/);
    expectUsage(
      await zbooks(['export', 'invoices', '--per-page', '500'], { env }),
      /--per-page "500"[\s\S]*1 to 200/,
    );
    expectUsage(await zbooks(['export', 'invoices', '--format', 'xml'], { env }), /ndjson or csv, not "xml"/);
    expectUsage(await zbooks(['export', 'invoices', '--org', 'acme'], { env }), /not an organization id/);
    expectUsage(await zbooks(['export', 'invoices', '--resume'], { env }), /--resume needs --out/);
  });

  it('an interrupted export in the way: refuses without --resume, and refuses to resume with other options', async () => {
    const file = out('interrupted.ndjson');
    const state = `${file}.zbooks-export.json`;
    await writeFile(file, '{"invoice_id":"1"}\n');
    await writeFile(
      state,
      JSON.stringify({
        version: 1,
        module: 'invoices',
        operation: 'list_invoices',
        organizationId: world.orgId('Small Org'),
        query: { sort_column: 'created_time', sort_order: 'A' },
        format: 'ndjson',
        fields: null,
        perPage: 200,
        pagesDone: 1,
        recordsWritten: 1,
        bytes: 19,
        columns: null,
        startedAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      }),
    );
    const env = world.env('Small Org');
    const again = await zbooks(['export', 'invoices', '--out', file], { env });
    expectUsage(
      again,
      /An export into .*interrupted\.ndjson was interrupted after 1 records\.\n {2}Run the same command with --resume/,
    );
    const other = await zbooks(
      ['export', 'invoices', '--out', file, '--resume', '--per-page', '50', '--query', 'status=draft'],
      { env },
    );
    expectUsage(
      other,
      /differs from this command in: filters \(--query, --since\), page size \(--per-page\)/,
    );
    const otherOrg = await zbooks(
      ['export', 'invoices', '--out', file, '--resume', '--org', world.orgId('Other Org')],
      { env },
    );
    expectUsage(otherOrg, /differs from this command in: organization \(--org\)/);
    expect(await readFile(file, 'utf8')).toBe('{"invoice_id":"1"}\n');
  });
});

describe('zbooks export --since', () => {
  it('keeps the records modified since the date (last_modified_time)', async () => {
    const org = world.orgId('Since Org');
    world.emu.seedRecords(org, 'invoices', 3);
    const cut = world.emu.now() + 24 * 3600_000;
    world.emu.advance(2 * 24 * 3600_000);
    const recent = world.emu.seedRecords(org, 'invoices', 2);
    const since = new Date(cut).toISOString();
    const result = await zbooks(['export', 'invoices', '--since', since], { env: world.env('Since Org') });
    expect(result.stderr).toMatch(/^exported 2 invoices/);
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((l) => JSON.parse(l).invoice_id)).toEqual(recent);
    const day = since.slice(0, 10);
    const byDay = await zbooks(['export', 'invoices', '--since', day], { env: world.env('Since Org') });
    expect(lines(byDay.stdout)).toHaveLength(2);
  });
});
