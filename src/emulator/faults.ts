import { EmulatorInputError } from './errors.js';
import type { Fault } from './types.js';

export type FaultTarget = Fault['target'];
export type FaultKind = Fault['kind'];

/** A validated fault with its remaining uses. */
export interface QueuedFault {
  target: FaultTarget;
  kind: FaultKind;
  status: number;
  delayMs: number;
  /** Seconds of Retry-After on a Books `throttle`. */
  retryAfter: number;
  remaining: number;
  /** Upper-case method filter, if any. */
  method: string | undefined;
  /** Path prefix filter, if any. */
  path: string | undefined;
}

/** What a fault filter is compared with. */
interface FaultRequest {
  method: string;
  /** Full path, e.g. /books/v3/invoices. */
  path: string;
}

const TARGETS: readonly string[] = ['token', 'revoke', 'books'];
/** Faults that rewrite a Books request or its answer (see rewrite-faults.ts): taken before routing. */
export const REWRITE_KINDS: readonly FaultKind[] = [
  'ignore_page',
  'repeat_page',
  'empty_page',
  'numeric_ids',
];
const KINDS: readonly string[] = [
  'status',
  'html',
  'empty',
  'truncated',
  'drop',
  'drop_after',
  'delay',
  'throttle',
  ...REWRITE_KINDS,
];

function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new EmulatorInputError(`fault ${what} must be a string`);
  return value;
}

function intIn(value: unknown, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EmulatorInputError(`fault ${what} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Accepts the camelCase API shape and the console's snake_case `delay_ms`. */
export function parseFault(input: unknown): QueuedFault {
  if (typeof input !== 'object' || input === null) throw new EmulatorInputError('fault must be an object');
  const f = input as Record<string, unknown>;
  if (typeof f.target !== 'string' || !TARGETS.includes(f.target)) {
    throw new EmulatorInputError(`fault target must be one of ${TARGETS.join(', ')}`);
  }
  if (typeof f.kind !== 'string' || !KINDS.includes(f.kind)) {
    throw new EmulatorInputError(`fault kind must be one of ${KINDS.join(', ')}`);
  }
  if (REWRITE_KINDS.includes(f.kind as FaultKind) && f.target !== 'books') {
    throw new EmulatorInputError(`fault kind ${f.kind} applies to target books only`);
  }
  return {
    target: f.target as FaultTarget,
    kind: f.kind as FaultKind,
    status: intIn(f.status, 500, 100, 599, 'status'),
    delayMs: intIn(f.delayMs ?? f.delay_ms, 1000, 0, 600_000, 'delayMs'),
    retryAfter: intIn(f.retryAfter ?? f.retry_after, 60, 0, 86_400, 'retryAfter'),
    remaining: intIn(f.count, 1, 1, 1_000_000, 'count'),
    method: optionalString(f.method, 'method')?.toUpperCase(),
    path: optionalString(f.path, 'path'),
  };
}

const BOOKS_BASE = '/books/v3';

function matches(fault: QueuedFault, req: FaultRequest | undefined): boolean {
  if (!req) return fault.method === undefined && fault.path === undefined;
  if (fault.method !== undefined && fault.method !== req.method.toUpperCase()) return false;
  if (fault.path === undefined) return true;
  const relative = req.path.startsWith(BOOKS_BASE) ? req.path.slice(BOOKS_BASE.length) : req.path;
  return req.path.startsWith(fault.path) || relative.startsWith(fault.path);
}

/** First in, first out per target: the next matching request consumes the oldest fault. */
export class FaultQueue {
  #queue: QueuedFault[] = [];

  inject(fault: QueuedFault): void {
    this.#queue.push(fault);
  }

  clear(): void {
    this.#queue = [];
  }

  /**
   * The oldest fault for `target` whose method and path filters accept `req` (and `kinds`, if given),
   * consumed once.
   */
  take(target: FaultTarget, req?: FaultRequest, kinds?: readonly FaultKind[]): QueuedFault | undefined {
    const index = this.#queue.findIndex(
      (f) => f.target === target && matches(f, req) && (kinds === undefined || kinds.includes(f.kind)),
    );
    const fault = this.#queue[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#queue.splice(index, 1);
    return fault;
  }
}
