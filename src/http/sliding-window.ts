/**
 * An exact sliding-window log: at most `limit` starts in any `windowMs`. Chosen over a token bucket because a
 * full bucket lets `limit` requests through at once and then more before the minute is over, which a
 * server counting the last 60 s answers with 429s; a log never exceeds the limit in any window, whether the
 * server counts in fixed or in sliding windows.
 */
export class SlidingWindow {
  readonly limit: number;
  readonly windowMs: number;
  readonly #starts: number[] = [];

  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Takes a slot and answers 0, or answers how many ms until one frees up (taking nothing). */
  tryTake(now: number): number {
    this.#forget(now);
    if (this.#starts.length < this.limit) {
      this.#starts.push(now);
      return 0;
    }
    return Math.max(1, this.#starts[0]! + this.windowMs - now);
  }

  used(now: number): number {
    this.#forget(now);
    return this.#starts.length;
  }

  #forget(now: number): void {
    while (this.#starts.length > 0 && this.#starts[0]! <= now - this.windowMs) this.#starts.shift();
  }
}
