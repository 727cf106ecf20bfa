import type { Operation } from './operation-shape.js';

interface Candidate {
  readonly pattern: RegExp;
  readonly rank: number;
  readonly operation: Operation;
}

/**
 * method + path → operation (`GET /invoices/123` → get_invoice), so that the escape hatch `books.request`,
 * `zbooks api` and the gateway's key policies know the scope a call needs exactly as generated methods do.
 * - A custom module's `{module_name}` matches only Zoho's custom module names (`cm_…`): any other unknown
 *   one-segment path is unknown, not a custom module.
 * - Where two operations share a method and path (POST /invoices creates an invoice or, with type=debit_note,
 *   a customer debit note), the one of the module the path names wins (create_invoice).
 * - Literal segments beat parameters (`/invoices/email` over `/invoices/{invoice_id}`).
 * Built on first use: most programs never call request().
 */
export class OperationIndex {
  readonly #operations: readonly Operation[];
  #exact: Map<string, Operation> | undefined;
  #byMethod: Map<string, Candidate[]> | undefined;

  constructor(operations: readonly Operation[]) {
    this.#operations = operations;
  }

  find(method: string, path: string): Operation | undefined {
    if (!this.#exact || !this.#byMethod) this.#build();
    const verb = method.toUpperCase();
    const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const exact = this.#exact?.get(`${verb} ${trimmed}`);
    if (exact) return exact;
    return this.#byMethod?.get(verb)?.find((candidate) => candidate.pattern.test(path))?.operation;
  }

  #build(): void {
    const exact = new Map<string, Operation>();
    const byMethod = new Map<string, Candidate[]>();
    for (const operation of this.#operations) {
      const segments = operation.path.split('/').filter(Boolean);
      const literals = segments.filter((s) => !s.startsWith('{')).length;
      const own = camel(segments[0] ?? '') === operation.module ? 1 : 0;
      if (literals === segments.length) {
        const key = `${operation.httpMethod} ${operation.path}`;
        if (!exact.has(key) || own) exact.set(key, operation);
        continue;
      }
      const pattern = new RegExp(`^/${segments.map(segmentPattern).join('/')}/?$`);
      const list = byMethod.get(operation.httpMethod) ?? [];
      list.push({ pattern, rank: literals * 2 + own, operation });
      byMethod.set(operation.httpMethod, list);
    }
    for (const list of byMethod.values()) list.sort((a, b) => b.rank - a.rank);
    this.#exact = exact;
    this.#byMethod = byMethod;
  }
}

function segmentPattern(segment: string): string {
  if (segment === '{module_name}') return 'cm_[A-Za-z0-9_]+';
  if (/^\{[^}]+\}$/.test(segment)) return '[^/]+';
  return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function camel(segment: string): string {
  return segment.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());
}
