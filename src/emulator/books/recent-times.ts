/**
 * The last `capacity` admission times of a rolling window, in a fixed ring: recording and asking "is the
 * window full, and since when" are O(1) whatever the traffic. A per-minute limit of N only ever needs the
 * N most recent times (the window is full exactly when the N-th most recent is still inside it), so a
 * long load run keeps the same cost per request instead of growing and trimming an array of every request.
 */
export class RecentTimes {
  #times: Float64Array;
  #next = 0;
  #count = 0;

  constructor(capacity: number) {
    this.#times = new Float64Array(Math.max(0, capacity));
  }

  get capacity(): number {
    return this.#times.length;
  }

  /** A new capacity (the limit was changed while running) keeps the most recent times that still fit. */
  resize(capacity: number): void {
    if (capacity === this.#times.length) return;
    const kept = Math.min(this.#count, capacity);
    const next = new Float64Array(Math.max(0, capacity));
    for (let i = 0; i < kept; i += 1) next[kept - 1 - i] = this.#fromNewest(i);
    this.#times = next;
    this.#count = kept;
    this.#next = capacity === 0 ? 0 : kept % capacity;
  }

  record(time: number): void {
    const size = this.#times.length;
    if (size === 0) return;
    this.#times[this.#next] = time;
    this.#next = (this.#next + 1) % size;
    if (this.#count < size) this.#count += 1;
  }

  /** The oldest time kept when the ring is full (the capacity-th most recent), else undefined. */
  oldestWhenFull(): number | undefined {
    const size = this.#times.length;
    if (size === 0 || this.#count < size) return undefined;
    return this.#times[this.#next];
  }

  #fromNewest(i: number): number {
    const size = this.#times.length;
    return this.#times[(this.#next - 1 - i + size * 2) % size]!;
  }
}
