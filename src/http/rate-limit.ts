import { RateLimitWait } from './rate-limit-wait.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Layer } from './types.js';

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
      const response = await next({
        ...request,
        gate: {
          beforeRetry: ticket.retry,
          pauseUntil: (epochMs) => limiter.pauseUntil(org, epochMs),
          rateLimitWait,
        },
      });
      limiter.learn(org, response.headers);
      return response;
    } finally {
      ticket.release();
    }
  };
}
