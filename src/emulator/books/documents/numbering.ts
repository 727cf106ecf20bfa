import { claimUnique, releaseUnique } from '../models/common.js';
import type { ModelContext } from '../models/model.js';
import type { Rec } from '../state.js';
import type { DocumentKind } from './kinds.js';

function indexOf(kind: DocumentKind): string {
  return `${kind.store}.${kind.number?.field}`;
}

function duplicate(kind: DocumentKind) {
  return (n: string) => `${kind.thing[0]!.toUpperCase()}${kind.thing.slice(1)} number "${n}" already exists.`;
}

/** The organization's prefix for a document type: its own setting, else Zoho's default. */
function prefixOf(ctx: ModelContext, kind: DocumentKind): string {
  return (
    ctx.core.state.prefixes.get(ctx.store.org.organization_id)?.[kind.number?.sequence ?? ''] ??
    kind.number?.prefix ??
    ''
  );
}

/** `INV-000001`: the next number of the type's sequence not already taken by a document. */
export function nextNumber(ctx: ModelContext, kind: DocumentKind): string {
  const prefix = prefixOf(ctx, kind);
  const index = ctx.store.index(indexOf(kind));
  for (;;) {
    const candidate = `${prefix}${String(ctx.store.next(kind.number!.sequence)).padStart(6, '0')}`;
    if (!index.has(candidate.toLowerCase())) return candidate;
  }
}

/** Claims a document's number (REFERENCE §5: a number used by another document is code 1001). */
export function claimNumber(ctx: ModelContext, kind: DocumentKind, doc: Rec, previous?: string): void {
  if (!kind.number) return;
  const n = String(doc[kind.number.field]);
  claimUnique(ctx, indexOf(kind), n, String(doc[kind.idField]), duplicate(kind), previous);
}

export function releaseNumber(ctx: ModelContext, kind: DocumentKind, doc: Rec): void {
  if (kind.number) releaseUnique(ctx, indexOf(kind), doc[kind.number.field]);
}
