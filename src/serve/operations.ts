import type { Operation } from '../books/operation-shape.js';

interface Candidate {
  readonly pattern: RegExp;
  readonly rank: number;
  readonly operation: Operation;
}

/**
 * path + method → operation, for policy checks and metrics. Stricter than the client's OperationIndex, whose
 * callers name the operation themselves: here the path is all there is, so
 * - a custom module's `{module_name}` matches only Zoho's custom module names (`cm_…`), otherwise every unknown
 *   one-segment path would pass for a custom module and reach Zoho instead of getting the gateway's 404;
 * - where two operations share a method and path (POST /invoices creates an invoice or, with type=debit_note, a
 *   customer debit note), the one of the module the path names wins (create_invoice), so a key limited to
 *   invoices can create invoices.
 * Literal paths are found in a map; the rest by patterns, most literal segments first.
 */
export class OperationLookup {
  readonly #exact = new Map<string, Operation>();
  readonly #byMethod = new Map<string, Candidate[]>();

  constructor(operations: readonly Operation[]) {
    for (const operation of operations) {
      const segments = operation.path.split('/').filter(Boolean);
      const literals = segments.filter((s) => !s.startsWith('{')).length;
      const own = camel(segments[0] ?? '') === operation.module ? 1 : 0;
      if (literals === segments.length) {
        const key = `${operation.httpMethod} ${operation.path}`;
        const seen = this.#exact.get(key);
        if (!seen || own) this.#exact.set(key, operation);
        continue;
      }
      const pattern = new RegExp(
        `^/${segments
          .map((s) =>
            s === '{module_name}' ? 'cm_[A-Za-z0-9_]+' : /^\{[^}]+\}$/.test(s) ? '[^/]+' : escape(s),
          )
          .join('/')}/?$`,
      );
      const list = this.#byMethod.get(operation.httpMethod) ?? [];
      list.push({ pattern, rank: literals * 2 + own, operation });
      this.#byMethod.set(operation.httpMethod, list);
    }
    for (const list of this.#byMethod.values()) list.sort((a, b) => b.rank - a.rank);
  }

  find(method: string, path: string): Operation | undefined {
    const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const exact = this.#exact.get(`${method} ${trimmed}`);
    if (exact) return exact;
    const list = this.#byMethod.get(method);
    if (!list) return undefined;
    for (const candidate of list) if (candidate.pattern.test(path)) return candidate.operation;
    return undefined;
  }
}

const camel = (segment: string) => segment.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());
