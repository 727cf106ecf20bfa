import type { RateLimiter } from './rate-limiter.js';
import type { Layer } from './types.js';

/**
 * Holds the organization's in-flight slot for the whole request and a window slot per attempt (the retry
 * layer calls `gate.beforeRetry`), lets a 429 pause the organization, and learns the daily budget.
 */
export function createRateLimitLayer(limiter: RateLimiter): Layer {
  return (next) => async (request) => {
    const org = request.organizationId;
    const ticket = await limiter.acquire(org, request.signal);
    try {
      const response = await next({
        ...request,
        gate: {
          beforeRetry: ticket.retry,
          pauseUntil: (epochMs) => limiter.pauseUntil(org, epochMs),
        },
      });
      limiter.learn(org, response.headers);
      return response;
    } finally {
      ticket.release();
    }
  };
}
