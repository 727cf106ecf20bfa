import type { FieldKind } from './generated/surface.js';
import type { Rec } from './state.js';
import type { Shape } from './surface-index.js';

/** Zoho's timestamp style, `2024-05-01T10:00:00+0000`: sorts lexicographically like time itself. */
export function zohoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

export function zohoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** What Zoho answers for a field it has no value for: empty strings and zeros, never undefined. */
function defaultFor(kind: FieldKind): unknown {
  switch (kind) {
    case 's':
      return '';
    case 'n':
      return 0;
    case 'b':
      return false;
    case 'a':
      return [];
    case 'o':
      return {};
  }
}

function kindOfValue(value: unknown): FieldKind | undefined {
  if (typeof value === 'string') return 's';
  if (typeof value === 'number') return 'n';
  if (typeof value === 'boolean') return 'b';
  if (Array.isArray(value)) return 'a';
  if (typeof value === 'object' && value !== null) return 'o';
  return undefined;
}

/** The value as `kind` when it converts without loss of meaning, else the kind's default. */
function conform(value: unknown, kind: FieldKind): unknown {
  const actual = kindOfValue(value);
  if (actual === kind) return value;
  // The spec mixes arrays and objects for the same field: a container is kept as it is.
  if ((kind === 'a' || kind === 'o') && (actual === 'a' || actual === 'o')) return value;
  if (kind === 's' && (actual === 'n' || actual === 'b')) return String(value);
  if (kind === 'n' && actual === 's' && value !== '' && Number.isFinite(Number(value))) return Number(value);
  return defaultFor(kind);
}

/**
 * The answer for one record. A full view is every stored field plus the shape's fields Zoho always
 * sends; a list entry is only the shape's fields, as Zoho's lists carry a summary. Values are made to
 * match the shape's kinds so an answer never contradicts the published types.
 */
export function project(record: Rec, shape: Shape, full: boolean, idField?: string): Rec {
  const out: Rec = full ? { ...record } : {};
  if (idField && record[idField] !== undefined) out[idField] = record[idField];
  for (const [field, kind] of shape) out[field] = conform(record[field], kind);
  return out;
}

export function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}

export function isPlainObject(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
