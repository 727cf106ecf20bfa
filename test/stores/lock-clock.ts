import type { Clock } from '../../src/core/clock.js';

/**
 * A clock for driving lock waits without sleeping: `sleep` resolves at once, recording what it was asked, and
 * (unless frozen) moves `now()` by that much. `onSleep` runs inside each sleep, for what the world does
 * meanwhile (a holder's heartbeat).
 */
export function fakeLockClock(options: { frozen?: boolean; onSleep?: () => Promise<void> } = {}) {
  const start = 1_800_000_000_000;
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      if (!options.frozen) now += ms;
      await options.onSleep?.();
    },
  };
  return { clock, sleeps, elapsed: () => now - start };
}

/** mulberry32: the same numbers in [0, 1) for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The pauses a lock wait makes with `random`, as the house rule says they go: polls from 5 ms doubling to a
 * 100 ms cap, each pause in [poll/2, 1.5 poll).
 */
export function expectedPauses(random: () => number, count: number): number[] {
  const pauses: number[] = [];
  for (let i = 0, poll = 5; i < count; i++, poll = Math.min(100, poll * 2)) {
    pauses.push(poll / 2 + random() * poll);
  }
  return pauses;
}

export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
