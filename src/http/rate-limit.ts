import { RateLimitWait } from './rate-limit-wait.js';
import type { RateLimiter, Ticket } from './rate-limiter.js';
import { type AttemptGate, changedRequest, type Layer } from './types.js';

/**
 * Holds the organization's in-flight slot for the whole request and a window slot per attempt (the retry
 * layer calls `gate.beforeRetry`), lets a 429 pause the organization, and learns the daily budget.
 */
export function createRateLimitLayer(limiter: RateLimiter, maxRateLimitWaitMs: number): Layer {
  return (next) => async (request) => {
    const org = request.organizationId;
    // One total per call for every wait a 429 causes, whoever received it (see RateLimitWait).
    const rateLimitWait = new RateLimitWait(maxRateLimitWaitMs);
    request.signal?.throwIfAborted();
    const ticket =
      limiter.tryAcquireNow(org, request.signal, rateLimitWait) ??
      (await limiter.acquire(org, request.signal, rateLimitWait));
    try {
      const response = await next(
        changedRequest(request, { gate: new TicketGate(limiter, org, ticket, rateLimitWait) }),
      );
      limiter.learn(org, response.headers);
      return response;
    } finally {
      ticket.release();
    }
  };
}

/** The retry layer's view of the call's slot: one object per call, no closures. */
class TicketGate implements AttemptGate {
  readonly #limiter: RateLimiter;
  readonly #org: string | undefined;
  readonly #ticket: Ticket;
  readonly rateLimitWait: RateLimitWait;

  constructor(limiter: RateLimiter, org: string | undefined, ticket: Ticket, rateLimitWait: RateLimitWait) {
    this.#limiter = limiter;
    this.#org = org;
    this.#ticket = ticket;
    this.rateLimitWait = rateLimitWait;
  }

  beforeRetry(): Promise<void> {
    return this.#ticket.retry();
  }

  pauseUntil(epochMs: number): void {
    this.#limiter.pauseUntil(this.#org, epochMs);
  }
}
