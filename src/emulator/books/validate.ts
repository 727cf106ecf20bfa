import { invalidValue, missingField } from './errors.js';
import type { Rec } from './state.js';

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Code 4 naming the first required field that is absent or empty. */
export function requireFields(body: Rec, required: readonly string[]): void {
  for (const field of required) if (isBlank(body[field])) throw missingField(field);
}

/** A number field of a nested object (a line item's rate): code 2 names `parent.field` when wrong. */
export function numberField(obj: Rec, field: string, where: string, fallback?: number): number {
  const value = obj[field];
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw missingField(where);
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw invalidValue(where);
  return n;
}

export function stringField(obj: Rec, field: string): string | undefined {
  const value = obj[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw invalidValue(field);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A real calendar day as Zoho writes it, `yyyy-mm-dd`. `Date.parse` alone takes 2024-02-30 (as 1 March),
 * so the day must survive the round trip.
 */
export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export function dateField(obj: Rec, field: string): string | undefined {
  const value = stringField(obj, field);
  if (value !== undefined && !isDate(value)) throw invalidValue(field);
  return value;
}
