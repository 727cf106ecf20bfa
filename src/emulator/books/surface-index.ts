import {
  COLLECTIONS,
  type FieldKind,
  OPERATIONS,
  SHAPES,
  type SurfaceCollection,
  type SurfaceOperation,
} from './generated/surface.js';
import { SPEC_CORRECTIONS } from './spec-corrections.js';

export type Shape = ReadonlyMap<string, FieldKind>;

export interface Collection extends SurfaceCollection {
  readonly index: number;
  readonly recordShape: Shape;
  readonly listShape: Shape;
}

export interface Operation extends SurfaceOperation {
  readonly responseShape: Shape;
  readonly bodyShape: Shape;
}

/** The generated surface decoded for fast lookups; built once per emulator instance. */
export interface Surface {
  readonly operations: readonly Operation[];
  readonly byId: ReadonlyMap<string, Operation>;
  readonly collections: readonly Collection[];
  /** Every collection by store name and by plural key, for inspection (`invoices`, `settings/taxes`, `taxes`). */
  findCollection(name: string): Collection | undefined;
}

const EMPTY: Shape = new Map();

/** The surface with SPEC_CORRECTIONS applied: Zoho's documented shape where the file contradicts it. */
function corrected(collections: Collection[], operations: Operation[]): void {
  for (const fix of SPEC_CORRECTIONS) {
    for (const [store, idField] of Object.entries(fix.idField ?? {})) {
      for (const [i, c] of collections.entries()) if (c.store === store) collections[i] = { ...c, idField };
    }
    for (const [i, op] of operations.entries()) {
      const required = fix.required?.[op.id];
      const kinds = fix.kinds?.[op.id];
      if (!required && !kinds) continue;
      operations[i] = {
        ...op,
        ...(required ? { required } : {}),
        ...(kinds ? { bodyShape: new Map([...op.bodyShape, ...Object.entries(kinds)]) } : {}),
      };
    }
  }
}

function decodeShape(index: number): Shape {
  const text = index < 0 ? undefined : SHAPES[index];
  if (!text) return EMPTY;
  return new Map(
    text.split(' ').map((entry) => {
      const at = entry.lastIndexOf(':');
      return [entry.slice(0, at), entry.slice(at + 1) as FieldKind];
    }),
  );
}

export function buildSurface(): Surface {
  const shapes = new Map<number, Shape>();
  const shape = (i: number): Shape => {
    let s = shapes.get(i);
    if (!s) {
      s = decodeShape(i);
      shapes.set(i, s);
    }
    return s;
  };
  const collections: Collection[] = COLLECTIONS.map((c, index) => ({
    ...c,
    index,
    recordShape: shape(c.record),
    listShape: shape(c.list),
  }));
  const operations: Operation[] = OPERATIONS.map((op) => ({
    ...op,
    responseShape: shape(op.shape),
    bodyShape: shape(op.fields),
  }));
  corrected(collections, operations);
  const byName = new Map<string, Collection>();
  // Store names first; plural keys only where they name one collection unambiguously.
  for (const c of collections) if (!byName.has(c.store)) byName.set(c.store, c);
  for (const c of collections) if (c.plural && !byName.has(c.plural)) byName.set(c.plural, c);
  return {
    operations,
    byId: new Map(operations.map((op) => [op.id, op])),
    collections,
    findCollection: (name: string) => byName.get(name.replace(/^\/+|\/+$/g, '')),
  };
}
