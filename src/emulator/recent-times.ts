/**
 * The most recent event times of a rolling window (admissions, mints, grant codes), oldest first, in a ring
 * that holds at most `capacity` of them. A limit of N per window only ever needs the N most recent times (the
 * window is full exactly when the N-th most recent is still inside it), and times that have left the window
 * are dropped from the old end, so recording and asking cost O(1) (amortized) whatever the traffic, and a
 * long load run keeps the same cost per request instead of growing and trimming an array of every request.
 * The storage grows by doubling up to what is actually held, so a huge or unlimited (Infinity) capacity
 * costs only the times currently in the window. Times are recorded in non-decreasing order (the emulator's
 * clock is monotonic), which keeps the ring sorted.
 */
export class RecentTimes {
  #times: Float64Array;
  /** Index of the oldest time kept. */
  #head = 0;
  #count = 0;
  #capacity: number;

  constructor(options: { capacity: number }) {
    this.#capacity = checkCapacity(options.capacity);
    this.#times = new Float64Array(Math.min(this.#capacity, INITIAL_STORAGE));
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** How many times are kept. */
  get size(): number {
    return this.#count;
  }

  /** A new capacity (the limit was changed while running) keeps the most recent times that still fit. */
  resize(capacity: number): void {
    if (capacity === this.#capacity) return;
    this.#capacity = checkCapacity(capacity);
    const kept = Math.min(this.#count, this.#capacity);
    this.#relayout(Math.min(Math.max(kept, INITIAL_STORAGE), this.#capacity), kept);
  }

  record(time: number): void {
    if (this.#capacity === 0) return;
    if (this.#count === this.#capacity) {
      // Full: the newest replaces the oldest.
      this.#times[this.#head] = time;
      this.#head = (this.#head + 1) % this.#times.length;
      return;
    }
    if (this.#count === this.#times.length)
      this.#relayout(Math.min(this.#times.length * 2, this.#capacity), this.#count);
    this.#times[(this.#head + this.#count) % this.#times.length] = time;
    this.#count += 1;
  }

  /** Drops the times at or before `time` (they have left the window); costs one step per time dropped. */
  forgetUpTo(time: number): void {
    while (this.#count > 0 && this.#times[this.#head]! <= time) {
      this.#head = (this.#head + 1) % this.#times.length;
      this.#count -= 1;
    }
  }

  /** The oldest time kept when the ring is full (the capacity-th most recent), else undefined. */
  oldestWhenFull(): number | undefined {
    if (this.#capacity === 0 || this.#count < this.#capacity) return undefined;
    return this.#times[this.#head];
  }

  /** How many kept times are after `time` (binary search: the ring is sorted). */
  countAfter(time: number): number {
    let low = 0;
    let high = this.#count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#at(mid) > time) high = mid;
      else low = mid + 1;
    }
    return this.#count - low;
  }

  /** The kept times, oldest first (inspection and tests). */
  toArray(): number[] {
    return Array.from({ length: this.#count }, (_, i) => this.#at(i));
  }

  /** The i-th oldest time kept. */
  #at(i: number): number {
    return this.#times[(this.#head + i) % this.#times.length]!;
  }

  /** Moves the newest `kept` times, in order, to the start of a new storage of `size` slots. */
  #relayout(size: number, kept: number): void {
    const next = new Float64Array(size);
    const skip = this.#count - kept;
    for (let i = 0; i < kept; i += 1) next[i] = this.#at(skip + i);
    this.#times = next;
    this.#head = 0;
    this.#count = kept;
  }
}

/** Storage allocated up front; more is added by doubling as times arrive. */
const INITIAL_STORAGE = 64;

function checkCapacity(capacity: number): number {
  if (!(capacity >= 0) || (!Number.isInteger(capacity) && capacity !== Number.POSITIVE_INFINITY)) {
    throw new RangeError('capacity must be an integer >= 0 or Infinity');
  }
  return capacity;
}
