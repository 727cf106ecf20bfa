export interface LoadOptions {
  /** How long the client drives the emulator. Default 6. */
  seconds?: number;
  /** Instead of `seconds`: this many operations in all (a create+delete is one operation of two calls). */
  operations?: number;
  /** Concurrent callers in the client process. Default 16. */
  concurrency?: number;
  /** Memory (after a full GC, nothing in flight) and the emulator's connection count, every this many ms. Default 250. */
  sampleMs?: number;
  /** Samples before this are warm-up (JIT, connection pool, first token) and left out of the trend. Default 2000. */
  warmupMs?: number;
  /** Invoices seeded for the reads. Default 500. */
  invoices?: number;
}

/** One sample of the client's memory, after a full GC with no call in flight. */
export interface MemorySample {
  ms: number;
  calls: number;
  heapUsed: number;
  external: number;
  rss: number;
}

export interface Trend {
  /** Median of the first quarter of the samples after the warm-up. */
  first: number;
  /** Median of the last quarter. */
  last: number;
  growth: number;
  peak: number;
  /** The sample taken once every call had finished. */
  final: number;
}

export interface MemoryTrend {
  samples: number;
  fromMs: number;
  calls: number;
  heap: Trend;
  external: Trend;
  rss: Trend;
  /** Least-squares slope of the heap over the calls made after the warm-up. */
  heapBytesPerCall: number;
}

export interface LoadReport {
  seconds: number;
  concurrency: number;
  ms: number;
  /** Client calls (one HTTP request each). */
  calls: number;
  /** Operations that succeeded (a create+delete is one operation of two calls). */
  ok: number;
  failed: number;
  errors: Record<string, number>;
  byOperation: Record<string, number>;
  requestsPerSecond: number;
  /** What the emulator saw during the run. */
  emulator: {
    booksRequests: number;
    tokenRequests: number;
    /** TCP connections accepted. */
    connections: number;
    throttled: number;
    unauthorized: number;
    /** Invoices left over: every one created was deleted, so 0. */
    recordsLeft: number;
  };
  memory: MemoryTrend;
  samples: MemorySample[];
  connectionsOverTime: { ms: number; connections: number }[];
  exitCode: number | null;
}

export declare const WORKER: string;
export declare function runLoad(options?: LoadOptions): Promise<LoadReport>;
export declare function memoryTrend(samples: MemorySample[], warmupMs: number): MemoryTrend;
