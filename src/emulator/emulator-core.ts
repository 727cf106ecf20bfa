import type { BodyRules } from './books/body-check.js';
import type { BooksState } from './books/state.js';
import type { Surface } from './books/surface-index.js';
import type { Clock } from './clock.js';
import type { EmulatorConfig } from './config.js';
import type { FaultQueue } from './faults.js';
import type { EmulatorState } from './state.js';
import type { StatsCounters } from './stats.js';
import type { EmulatorDc } from './types.js';

/** Everything a handler needs, owned by one emulator instance (nothing lives at module level). */
export interface EmulatorCore {
  readonly clock: Clock;
  readonly config: EmulatorConfig;
  readonly state: EmulatorState;
  readonly stats: StatsCounters;
  readonly faults: FaultQueue;
  readonly dcs: Record<string, EmulatorDc>;
  /** Books records and rate-limit usage of every organization. */
  readonly books: BooksState;
  /** The Books operations and collections, decoded from the generated surface. */
  readonly surface: Surface;
  /** What every Books body is checked against (references, field kinds), from the surface. */
  readonly rules: BodyRules;
  /** Sleeps used by `delay` faults, so close() can cancel them and let the process exit. */
  readonly timers: Set<NodeJS.Timeout>;
}

export function sleep(core: EmulatorCore, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      core.timers.delete(timer);
      resolve();
    }, ms);
    core.timers.add(timer);
  });
}
