export interface RetryBudgetOptions {
  /** Tokens when full. */
  capacity: number;
  /** Taken by a retry after a 5xx or a dropped connection. */
  retryCost: number;
  /** Taken by a retry after a timeout (a slow server is hurt more by resends). */
  timeoutCost: number;
}

/**
 * The AWS SDK's retry quota: every retry spends tokens, every success gives some back, and once the bucket
 * is empty nothing is retried, so a sustained outage is met with fast failures instead of a retry storm.
 * One per client, shared by all its requests.
 */
export class RetryBudget {
  readonly #options: RetryBudgetOptions;
  #tokens: number;

  constructor(options: RetryBudgetOptions) {
    this.#options = options;
    this.#tokens = options.capacity;
  }

  get available(): number {
    return this.#tokens;
  }

  /** Spends the cost of one retry; false (and nothing spent) when the budget cannot afford it. */
  take(kind: 'retry' | 'timeout'): number | undefined {
    const cost = kind === 'timeout' ? this.#options.timeoutCost : this.#options.retryCost;
    if (this.#tokens < cost) return undefined;
    this.#tokens -= cost;
    return cost;
  }

  /** A success gives back what its last retry cost, or 1 when it needed none. */
  succeeded(lastCost: number | undefined): void {
    this.#tokens = Math.min(this.#options.capacity, this.#tokens + (lastCost ?? 1));
  }
}
