import type { ChaosCheck } from './driver.mjs';

export interface ChaosIntent {
  worker: string;
  key: string;
  op: string;
  marker: string;
  outcome?: Record<string, unknown>;
  [field: string]: unknown;
}

export declare function intentsOf(
  journals: { worker: string; entries: Record<string, unknown>[] }[],
): ChaosIntent[];
export declare function reconcile(
  intents: ChaosIntent[],
  records: { contacts: Record<string, unknown>[]; invoices: Record<string, unknown>[] },
  killed: Set<string>,
): ChaosCheck;
