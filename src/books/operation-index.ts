import type { Operation } from './operation-shape.js';

interface Candidate {
  readonly pattern: RegExp;
  /** Segments that are not parameters: `/invoices/email` beats `/invoices/{invoice_id}`. */
  readonly literals: number;
  readonly operation: Operation;
}

/**
 * Finds the operation a raw `books.request(method, path)` is (`GET /invoices/123` → get_invoice), so that
 * the escape hatch and `zbooks api` know the scope a call needs exactly as generated methods do. Built on
 * first use: most programs never call request().
 */
export class OperationIndex {
  readonly #operations: readonly Operation[];
  #byMethod: Map<string, Candidate[]> | undefined;

  constructor(operations: readonly Operation[]) {
    this.#operations = operations;
  }

  find(method: string, path: string): Operation | undefined {
    this.#byMethod ??= build(this.#operations);
    return this.#byMethod.get(method.toUpperCase())?.find((c) => c.pattern.test(path))?.operation;
  }
}

function build(operations: readonly Operation[]): Map<string, Candidate[]> {
  const byMethod = new Map<string, Candidate[]>();
  for (const operation of operations) {
    const segments = operation.path.split('/').filter(Boolean);
    const pattern = new RegExp(
      `^/${segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : escapeRegExp(s))).join('/')}/?$`,
    );
    const list = byMethod.get(operation.httpMethod) ?? [];
    list.push({ pattern, literals: segments.filter((s) => !s.startsWith('{')).length, operation });
    byMethod.set(operation.httpMethod, list);
  }
  for (const list of byMethod.values()) list.sort((a, b) => b.literals - a.literals);
  return byMethod;
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
