import { invalidValue, missingField } from './errors.js';
import type { Rec } from './state.js';
import type { Shape } from './surface-index.js';

const isBlank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/** Code 4 naming the first required field that is absent or empty. */
export const requireFields = (body: Rec, required: readonly string[]): void => {
  for (const field of required) if (isBlank(body[field])) throw missingField(field);
};

const coerce = (field: string, value: unknown, kind: string): unknown => {
  if (value === null) return value;
  switch (kind) {
    case 'n': {
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
      throw invalidValue(field);
    }
    case 'b': {
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw invalidValue(field);
    }
    case 's': {
      // Ids arrive as numbers from careless clients; keep them strings (REFERENCE §5).
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      if (typeof value === 'object' && /_id$/.test(field)) throw invalidValue(field);
      return value;
    }
    default:
      // The spec mixes arrays and objects for the same fields; either is taken.
      if (typeof value !== 'object') throw invalidValue(field);
      return value;
  }
};

/** The body with known fields converted to their published kinds; a value that cannot be is code 2. */
export const coerceBody = (body: Rec, shape: Shape): Rec => {
  const out: Rec = {};
  for (const [field, value] of Object.entries(body)) {
    const kind = shape.get(field);
    out[field] = kind ? coerce(field, value, kind) : value;
  }
  return out;
};

/** A number field of a nested object (a line item's rate): code 2 names `parent.field` when wrong. */
export const numberField = (obj: Rec, field: string, where: string, fallback?: number): number => {
  const value = obj[field];
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw missingField(where);
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw invalidValue(where);
  return n;
};

export const stringField = (obj: Rec, field: string): string | undefined => {
  const value = obj[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw invalidValue(field);
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const dateField = (obj: Rec, field: string): string | undefined => {
  const value = stringField(obj, field);
  if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(value))))
    throw invalidValue(field);
  return value;
};

export const isDate = (value: string): boolean => DATE.test(value) && !Number.isNaN(Date.parse(value));
