export interface ChaosOptions {
  durationMs: number;
  /** Worker processes at the start (a killed one is replaced). Default 4. */
  workers?: number;
  /** Concurrent callers per worker. Default 3. */
  loops?: number;
  /** Mean pause between two calls of one caller. Default 2000 ms. */
  pauseMs?: number;
  /** The workers' per-attempt timeout. Default 5000 ms. */
  timeoutMs?: number;
  keepJournals?: boolean;
  log?: (line: string) => void;
}

export interface ChaosCheck {
  intended: number;
  confirmed: number;
  unknownExisting: number;
  unknownMissing: number;
  killedExisting: number;
  killedMissing: number;
  failed: number;
  failedBy: Record<string, number>;
  lost: number;
  duplicated: number;
  misreported: number;
  unexpected: number;
  unresolved: number;
  changes: {
    intended: number;
    confirmed: number;
    unknown: number;
    unknownApplied: number;
    failed: number;
    failedBy: Record<string, number>;
    lost: number;
    misreported: number;
  };
  problems: string[];
}

export interface ChaosSummary {
  wallMs: number;
  durationMs: number;
  workers: number;
  killed: number;
  check: ChaosCheck;
  crashes: { name: string }[];
  untyped: unknown[];
  tokens: {
    requests: number;
    minted: number;
    throttled: number;
    injectedThrottles: number;
    maxMintsInWindow: number;
    mintLimit: number;
    revocations: number;
    evicted: number;
    books401: number;
    books429: number;
    booksRequests: number;
  };
  /** Faults put in place, by kind. */
  injected: Record<string, number>;
  eventFailures: string[];
  observed: {
    status: Record<string, number>;
    failures: Record<string, number>;
    slow: number;
    reads: number;
    readsOk: number;
  };
  warnings: Record<string, number>;
  verdict: { ok: boolean; failures: string[] };
}

export declare const LIMITS: Readonly<Record<string, number>>;
export declare function runChaos(options: ChaosOptions): Promise<ChaosSummary>;
export declare function formatSummary(summary: ChaosSummary): string;
