import { describe, expect, it } from 'vitest';
import { planExport } from '../../src/cli/export/plan.js';
import { parseSince } from '../../src/cli/export/since.js';
import { differences, type ExportIdentity } from '../../src/cli/export/state.js';

describe('--since', () => {
  it('turns dates and ISO 8601 times into Zoho’s last_modified_time, in UTC', () => {
    expect(parseSince('2024-05-01')).toBe('2024-05-01T00:00:00+0000');
    expect(parseSince('2024-05-01T09:30')).toBe('2024-05-01T09:30:00+0000');
    expect(parseSince('2024-05-01 09:30:15')).toBe('2024-05-01T09:30:15+0000');
    expect(parseSince('2024-05-01T09:30:15.123Z')).toBe('2024-05-01T09:30:15+0000');
    expect(parseSince('2024-05-01T09:30:00+05:30')).toBe('2024-05-01T04:00:00+0000');
    expect(parseSince('2024-05-01T01:00:00+0530')).toBe('2024-04-30T19:30:00+0000');
    expect(parseSince('2024-12-31T20:00:00-05:00')).toBe('2025-01-01T01:00:00+0000');
    expect(parseSince('2024-02-29')).toBe('2024-02-29T00:00:00+0000');
  });

  it('refuses what is not a real date, with the formats it takes', () => {
    for (const bad of [
      '2023-02-29',
      '2024-02-30',
      '2024-13-01',
      '2024-05-01T24:00',
      '2024-05-01T10:60',
      'yesterday',
      '1714521600',
      '2024-5-1',
      '2024-05-01T10:00+15:00',
      '',
    ]) {
      expect(() => parseSince(bad), bad).toThrow(/is not a date/);
    }
  });
});

describe('planExport', () => {
  it('defaults: ndjson, 200 per page, oldest first where the list can be sorted', () => {
    const plan = planExport('invoices', {});
    expect(plan).toMatchObject({ module: 'invoices', format: 'ndjson', perPage: 200, resume: false });
    expect(plan.operation.id).toBe('list_invoices');
    expect(plan.query).toEqual({ sort_column: 'created_time', sort_order: 'A' });
  });

  it('takes the format from --out, the module in any spelling, and keeps a sort column the person chose', () => {
    expect(planExport('customer-payments', { out: 'x.CSV' })).toMatchObject({
      module: 'customerPayments',
      format: 'csv',
    });
    expect(planExport('invoices', { out: 'x.csv', format: 'ndjson' }).format).toBe('ndjson');
    const sorted = planExport('invoices', { query: ['sort_column=total', 'status=unpaid'] });
    expect(sorted.query).toEqual({ sort_column: 'total', status: 'unpaid' });
  });

  it('--since becomes last_modified_time, and cannot be given twice', () => {
    expect(planExport('invoices', { since: '2024-05-01' }).query.last_modified_time).toBe(
      '2024-05-01T00:00:00+0000',
    );
    expect(() =>
      planExport('invoices', { since: '2024-05-01', query: ['last_modified_time=2024-01-01T00:00:00+0000'] }),
    ).toThrow(/say the same thing/);
  });

  it('checks --query names against the operation, not against what objects inherit', () => {
    expect(() => planExport('invoices', { query: ['constructor=1'] })).toThrow(/no filter "constructor"/);
    expect(() => planExport('invoices', { query: ['__proto__=1'] })).toThrow(/no filter "__proto__"/);
    expect(() => planExport('invoices', { query: ['=1'] })).toThrow(/not key=value/);
    expect(() => planExport('invoices', { query: ['status=a', 'status=b'] })).toThrow(/given twice/);
    expect(() => planExport('invoices', { query: ['page=3'] })).toThrow(/cannot be set on an export/);
    expect(planExport('invoices', { query: ['search_text=a=b'] }).query.search_text).toBe('a=b');
  });

  it('refuses a bad page size, format, organization, or --resume without a file', () => {
    for (const perPage of ['0', '201', '2.5', 'many']) {
      expect(() => planExport('invoices', { perPage })).toThrow(/--per-page/);
    }
    expect(() => planExport('invoices', { format: 'json' })).toThrow(/ndjson or csv/);
    expect(() => planExport('invoices', { org: '12ab' })).toThrow(/not an organization id/);
    expect(() => planExport('invoices', { resume: true })).toThrow(/--resume needs --out/);
    expect(() => planExport('nothing', {})).toThrow(/no Books module/);
  });
});

describe('resuming', () => {
  const identity: ExportIdentity = {
    module: 'invoices',
    operation: 'list_invoices',
    organizationId: '1',
    query: { sort_column: 'created_time', sort_order: 'A' },
    format: 'csv',
    fields: ['a', 'b'],
    csvCells: 'guarded',
    perPage: 200,
  };

  it('needs the same pages: filters in any order match, anything else is named by its flag', () => {
    expect(
      differences(identity, { ...identity, query: { sort_order: 'A', sort_column: 'created_time' } }),
    ).toEqual([]);
    expect(
      differences(identity, { ...identity, fields: ['b', 'a'], perPage: 100, organizationId: '2' }),
    ).toEqual(['organization (--org)', 'fields (--fields)', 'page size (--per-page)']);
    expect(differences(identity, { ...identity, csvCells: 'raw' })).toEqual(['csv cells (--raw-csv)']);
  });
});
