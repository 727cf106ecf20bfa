/**
 * How long one call may still spend waiting on 429s: Retry-After sleeps and the pauses other callers' 429s
 * impose on its organization, together (`maxRateLimitWaitMs`, total per call). Without a total, an answer
 * that says `Retry-After: 120` every time keeps one call waiting 120 s × every allowed retry.
 */
export class RateLimitWait {
  #leftMs: number;

  constructor(maxMs: number) {
    this.#leftMs = maxMs;
  }

  get leftMs(): number {
    return this.#leftMs;
  }

  /** Whether waiting `ms` more stays within the total. */
  allows(ms: number): boolean {
    return ms <= this.#leftMs;
  }

  spend(ms: number): void {
    this.#leftMs = Math.max(0, this.#leftMs - Math.max(0, ms));
  }
}
