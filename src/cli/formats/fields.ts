import { ConfigError } from '../../core/errors.js';

/** `--fields a,b,c.d` → ['a', 'b', 'c.d']; undefined when the flag is absent. */
export function parseFields(flag: string | undefined): string[] | undefined {
  if (flag === undefined) return undefined;
  const fields = flag
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) {
    throw new ConfigError(
      '--fields names no field.',
      'Give a comma-separated list, e.g. --fields invoice_id,total,customer.name.',
    );
  }
  return fields;
}

/**
 * The value at a dotted path (`line_items.0.name`). A key that itself contains a dot is found as it is first,
 * so the columns taken from a record's own keys always read back their values.
 */
export function valueAt(record: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(record, path)) return record[path];
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A flat record of the chosen paths, keyed by the path as written (the same names as the csv columns). */
export function pick(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = valueAt(record, field);
  return out;
}
