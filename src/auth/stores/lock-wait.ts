import type { Clock } from '../../core/clock.js';

interface LockWaitOptions {
  /** Measures the wait and sleeps between polls. */
  clock: Clock;
  /** The polls' jitter, in [0, 1). */
  random: () => number;
  /** How long the waiter may wait, on `clock`. */
  waitMs: number;
}

const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 100;

/**
 * The waiting of one lock acquisition, shared by the file and the Redis lock: polls from 5 ms, doubling to
 * 100 ms, each pause jittered to [poll/2, 1.5 poll) so that waiting processes do not poll in step, until a
 * deadline on the injected clock.
 *
 * The wait is also bounded by a number of pauses: twice as many as a clock whose sleep takes the time it is
 * asked for could ever make before the deadline (every pause lasts at least half its poll). On a real clock the
 * deadline always comes first; a fake clock whose sleep never moves `now()` ends the wait instead of spinning.
 */
export class LockWait {
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #deadline: number;
  #pausesLeft: number;
  #pollMs = FIRST_POLL_MS;

  constructor(options: LockWaitOptions) {
    this.#clock = options.clock;
    this.#random = options.random;
    this.#deadline = options.clock.now() + options.waitMs;
    this.#pausesLeft = pauseBound(options.waitMs);
  }

  /** Time on the injected clock, for what the waiter itself observes (how long a holder stayed unchanged). */
  now(): number {
    return this.#clock.now();
  }

  /** The deadline has passed, or the pauses are spent: the waiter gives up. */
  get over(): boolean {
    return this.#pausesLeft <= 0 || this.#clock.now() >= this.#deadline;
  }

  /** Sleeps on the clock until the next poll. */
  async pause(): Promise<void> {
    this.#pausesLeft--;
    const ms = this.#pollMs / 2 + this.#random() * this.#pollMs;
    this.#pollMs = Math.min(MAX_POLL_MS, this.#pollMs * 2);
    await this.#clock.sleep(ms);
  }
}

/** Twice the pauses that fit in `waitMs` when each lasts its shortest (half its poll). */
function pauseBound(waitMs: number): number {
  let pauses = 0;
  let rampMs = 0;
  for (let poll = FIRST_POLL_MS; poll < MAX_POLL_MS; poll *= 2) {
    pauses++;
    rampMs += poll / 2;
  }
  return 2 * (pauses + Math.ceil(Math.max(0, waitMs - rampMs) / (MAX_POLL_MS / 2)) + 1);
}
