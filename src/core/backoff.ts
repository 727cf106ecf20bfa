/**
 * The one backoff of zbooks (Books retries, accounts-server retries): full jitter over a capped exponential
 * (AWS architecture blog, "Exponential Backoff and Jitter"), so a fleet does not retry in step. `attempt` is
 * 1 for the wait after the first failure.
 */
export function fullJitterMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}
