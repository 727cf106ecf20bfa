/**
 * An exact sliding-window log: at most `limit` starts in any `windowMs`. Chosen over a token bucket because a
 * full bucket lets `limit` requests through at once and then more before the minute is over, which a
 * server counting the last 60 s answers with 429s; a log never exceeds the limit in any window, whether the
 * server counts in fixed or in sliding windows.
 *
 * O(1) per request however many starts the window holds: expired starts are skipped by moving a head index,
 * and the array is compacted only when the dead prefix is as long as the live part (amortized). The former
 * `Array.shift()` moved every entry on each request: at thousands of requests a second and limits off, the
 * window held 100k+ starts and each request paid for all of them.
 */
export class SlidingWindow {
  readonly limit: number;
  readonly windowMs: number;
  #starts: number[] = [];
  #head = 0;

  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Takes a slot and answers 0, or answers how many ms until one frees up (taking nothing). */
  tryTake(now: number): number {
    this.#forget(now);
    if (this.#starts.length - this.#head < this.limit) {
      this.#starts.push(now);
      return 0;
    }
    return Math.max(1, this.#starts[this.#head]! + this.windowMs - now);
  }

  used(now: number): number {
    this.#forget(now);
    return this.#starts.length - this.#head;
  }

  #forget(now: number): void {
    const starts = this.#starts;
    const oldest = now - this.windowMs;
    let head = this.#head;
    while (head < starts.length && starts[head]! <= oldest) head++;
    if (head > 64 && head * 2 >= starts.length) {
      this.#starts = starts.slice(head);
      head = 0;
    }
    this.#head = head;
  }
}
