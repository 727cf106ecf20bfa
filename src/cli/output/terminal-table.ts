import { valueAt } from '../formats/index.js';
import { isIdColumn, moduleColumns } from './default-columns.js';

/** A readable table for a terminal: a few scalar columns, widths fitted to the screen, nothing reformatted. */
export function renderTable(
  records: Record<string, unknown>[],
  options: { fields?: string[] | undefined; width?: number; module?: string | undefined } = {},
): string {
  if (records.length === 0) return '(no records)';
  const { fields, width = 120, module } = options;
  const columns = fields ?? moduleColumns(module, records[0]!) ?? defaultColumns(records);
  const cells = records.map((r) => columns.map((c) => cellText(valueAt(r, c))));
  const natural = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const fitted = shrinkToFit(natural, columns.map(isIdColumn), width - 2 * (columns.length - 1));
  const line = (values: string[]) =>
    values
      .map((v, i) => pad(v, fitted[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

/** A single record as `field  value` lines. */
export function renderRecord(record: Record<string, unknown>, fields: string[] | undefined): string {
  const keys = fields ?? Object.keys(record);
  const width = Math.max(...keys.map((k) => k.length));
  return keys.map((k) => `${k.padEnd(width)}  ${cellText(valueAt(record, k))}`).join('\n');
}

/** Ids, names, numbers, dates and statuses first: what a person scans a list for. */
function defaultColumns(records: Record<string, unknown>[]): string[] {
  const keys = Object.keys(records[0]!).filter((k) => {
    const v = records[0]![k];
    return v === null || ['string', 'number', 'boolean'].includes(typeof v);
  });
  const score = (k: string) =>
    k.endsWith('_id') ? 0 : /(number|name)$/.test(k) ? 1 : /status|date|total|balance/.test(k) ? 2 : 3;
  return keys
    .map((k, i) => ({ k, i }))
    .sort((a, b) => score(a.k) - score(b.k) || a.i - b.i)
    .slice(0, 7)
    .map(({ k }) => k);
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return (typeof value === 'object' ? JSON.stringify(value) : String(value)).replace(/\s+/g, ' ');
}

/** Shrinks the widest columns first until the row fits; `whole` columns (ids) are never shrunk. */
function shrinkToFit(widths: number[], whole: boolean[], available: number): number[] {
  const out = [...widths];
  while (out.reduce((a, b) => a + b, 0) > available) {
    const shrinkable = out.map((w, i) => (whole[i] ? 0 : w));
    const widest = shrinkable.indexOf(Math.max(...shrinkable));
    if (shrinkable[widest]! <= 8) break;
    out[widest]! -= 1;
  }
  return out;
}

function pad(value: string, width: number): string {
  return value.length > width ? `${value.slice(0, Math.max(0, width - 1))}…` : value.padEnd(width);
}
