import { invalidValue } from './errors.js';
import { FIELD_ENUMS, isDateField } from './field-rules.js';
import type { FieldKind } from './generated/surface.js';
import { isPlainObject } from './records.js';
import { buildReferenceMap, type ReferenceMap, storesFor } from './references.js';
import type { OrgStore, Rec } from './state.js';
import type { Shape, Surface } from './surface-index.js';
import { isDate } from './validate.js';

/** What every Books body is checked against, whatever the resource: built once per emulator. */
export interface BodyRules {
  readonly refs: ReferenceMap;
  /** Kinds of field names that mean one thing everywhere (`quantity` is a number in every body). */
  readonly kinds: ReadonlyMap<string, FieldKind>;
}

/** The rules of an emulator's surface, built once at start. */
export function buildRules(surface: Surface): BodyRules {
  return {
    refs: buildReferenceMap(surface),
    kinds: buildFieldKinds(surface),
  };
}

/** Field names whose kind is the same in every request body of the surface, for nested objects. */
function buildFieldKinds(surface: Pick<Surface, 'operations'>): ReadonlyMap<string, FieldKind> {
  const seen = new Map<string, FieldKind | null>();
  for (const op of surface.operations) {
    for (const [field, kind] of op.bodyShape) {
      const known = seen.get(field);
      seen.set(field, known === undefined || known === kind ? kind : null);
    }
  }
  const out = new Map<string, FieldKind>();
  for (const [field, kind] of seen) if (kind) out.set(field, kind);
  return out;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** A day (`2024-05-01`), or a timestamp starting with one (the spec shows both for start_date). */
function isDay(value: string): boolean {
  return (
    isDate(value.slice(0, 10)) &&
    (value.length === 10 || /^T[\d:.]+(Z|[+-]\d\d:?\d\d)?$/.test(value.slice(10)))
  );
}

/** The value as `kind` when it converts without loss of meaning; code 2 naming `where` otherwise. */
function coerceValue(where: string, field: string, value: unknown, kind: FieldKind): unknown {
  if (value === null) return value;
  switch (kind) {
    case 'n':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
      throw invalidValue(where);
    case 'b':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw invalidValue(where);
    case 's':
      // Ids arrive as numbers from careless clients; keep them strings (REFERENCE §5).
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      if (typeof value === 'object' && /_id$/.test(field)) throw invalidValue(where);
      return value;
    default:
      // The spec mixes arrays and objects for the same fields; either is taken.
      if (typeof value !== 'object') throw invalidValue(where);
      return value;
  }
}

interface CheckOptions {
  /** The body's top-level field kinds (the operation's request shape). */
  shape: Shape;
  /** An id field not to treat as a reference (a record's own id in its update body). */
  own?: string;
}

/**
 * Checks a body the way Books does for every resource: kinds (top level by the operation's shape, nested
 * by field name), calendar dates, allowed values, and every id it names must exist in the organization
 * (code 2 "Invalid value passed for <field>", the field's path named). Returns the converted body.
 */
export function checkBody(store: OrgStore, rules: BodyRules, input: Rec, opts: CheckOptions): Rec {
  const visit = (obj: Rec, shape: Shape | undefined, prefix: string, depth: number): Rec => {
    const out: Rec = {};
    for (const [field, raw] of Object.entries(obj)) {
      const where = `${prefix}${field}`;
      const kind = shape ? shape.get(field) : rules.kinds.get(field);
      let value = kind ? coerceValue(where, field, raw, kind) : raw;
      if (typeof value === 'string' && !isBlank(value)) {
        if (isDateField(field) && !isDay(value)) throw invalidValue(where);
        const allowed = FIELD_ENUMS[field];
        if (allowed && !allowed.includes(value.toLowerCase())) throw invalidValue(where);
        const self = depth === 0 && field === opts.own;
        if (field.endsWith('_ids')) {
          // Comma-separated ids, as Zoho takes them in bodies and queries.
          for (const id of value.split(','))
            if (id.trim()) checkReference(store, rules.refs, field, id, where);
        } else if (!self) checkReference(store, rules.refs, field, value, where);
      }
      if (Array.isArray(value) && depth < 3) {
        value = value.map((entry, i) => {
          if (isPlainObject(entry)) return visit(entry, undefined, `${where}[${i}].`, depth + 1);
          if (typeof entry === 'string' && field.endsWith('_ids'))
            checkReference(store, rules.refs, field, entry, `${where}[${i}]`);
          return entry;
        });
      } else if (isPlainObject(value) && depth < 3) {
        value = visit(value, undefined, `${where}.`, depth + 1);
      }
      out[field] = value;
    }
    return out;
  };
  return visit(input, opts.shape.size ? opts.shape : undefined, '', 0);
}

function checkReference(store: OrgStore, refs: ReferenceMap, field: string, id: string, where: string) {
  const stores = storesFor(refs, field);
  if (!stores) return;
  if (!stores.some((s) => store.table(s).has(id.trim()))) throw invalidValue(where);
}
