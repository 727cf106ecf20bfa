import { fullJitterMs } from '../core/backoff.js';
import { type Clock, sleepUnlessAborted } from '../core/clock.js';
import { notifyWait, type WaitListener } from '../core/waits.js';
import { ConnectionError, OutcomeUnknownError } from './errors.js';
import { RateLimitWait } from './rate-limit-wait.js';
import type { RetryBudget } from './retry-budget.js';
import type { HttpRequest, HttpResponse, Layer } from './types.js';
import { rateLimitWaitMs, retryAfterMs } from './wait-time.js';

export interface RetryOptions {
  /** Attempts per request for network errors and 5xx, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** 429s waited out per request before the RateLimitError is handed to the caller. */
  maxRateLimitRetries: number;
  /**
   * The total one call may wait on 429s (Retry-After sleeps and pauses, together); a 429 whose wait would go
   * past it is reported as a RateLimitError instead of waited out.
   */
  maxRateLimitWaitMs: number;
  budget: RetryBudget;
  clock: Clock;
  random: () => number;
  /** Told before each 429 wait and each backoff. */
  onWait?: WaitListener | undefined;
}

/** Safe to repeat: reading twice changes nothing at Zoho. */
const IDEMPOTENT = new Set(['GET', 'HEAD']);
const RETRYABLE_STATUS = (status: number) => status >= 500 && status !== 501 && status !== 505;

/**
 * Resends what is safe to resend. 429: any method (Zoho refused it, nothing was applied), after the wait the
 * answer asks for. GET/HEAD: network errors, 5xx and cut-off bodies, within the attempt limit and the retry
 * budget. POST/PUT/DELETE/PATCH: only failures proven to happen before sending, unless the caller opted in;
 * otherwise a lost answer is an OutcomeUnknownError, because Zoho has no idempotency keys.
 */
export function createRetryLayer(options: RetryOptions): Layer {
  return (next) => async (request) => {
    const resendable = IDEMPOTENT.has(request.method) || request.retryUnsafe === true;
    let attempt = 1;
    let throttled = 0;
    let lastCost: number | undefined;
    // Normally the rate-limit layer's, shared with its pauses; a retry layer used alone keeps its own.
    const rateLimitWait = request.gate?.rateLimitWait ?? new RateLimitWait(options.maxRateLimitWaitMs);
    for (;;) {
      let response: HttpResponse;
      try {
        response = await next(request);
      } catch (error) {
        if (!(error instanceof ConnectionError)) throw error;
        if (!resendable && error.sent === 'maybe') throw outcomeUnknown(request, error);
        const cost = attempt < options.maxAttempts ? options.budget.take(kindOf(error)) : undefined;
        if (cost === undefined) throw error;
        lastCost = cost;
        await backoff(options, request, attempt++);
        continue;
      }
      if (response.status === 429) {
        const now = options.clock.now();
        const waitMs =
          rateLimitWaitMs(response.headers, now) ??
          fullJitterMs(throttled + 1, 1000, options.maxDelayMs, options.random);
        if (throttled >= options.maxRateLimitRetries || !rateLimitWait.allows(waitMs)) return response;
        throttled++;
        rateLimitWait.spend(waitMs);
        request.gate?.pauseUntil(now + waitMs);
        notifyWait(options.onWait, {
          reason: 'rate_limited',
          until: now + waitMs,
          organizationId: request.organizationId,
        });
        await sleepUnlessAborted(options.clock, waitMs, request.signal);
        await request.gate?.beforeRetry();
        continue;
      }
      if (resendable && attempt < options.maxAttempts && isTransientAnswer(response)) {
        // A 503 (or any 5xx) saying when to come back is honoured as a 429 is; one asking for longer than
        // this client waits is reported at once. A malformed Retry-After reads as absent: the usual backoff.
        const now = options.clock.now();
        const askedMs = response.status >= 500 ? retryAfterMs(response.headers, now) : undefined;
        if (askedMs !== undefined && askedMs > options.maxRateLimitWaitMs) return response;
        const cost = options.budget.take('retry');
        if (cost !== undefined) {
          lastCost = cost;
          if (askedMs === undefined) await backoff(options, request, attempt++);
          else {
            attempt++;
            request.gate?.pauseUntil(now + askedMs);
            await sleepUnlessAborted(options.clock, askedMs, request.signal);
            await request.gate?.beforeRetry();
          }
          continue;
        }
      }
      if (response.status < 500) options.budget.succeeded(lastCost);
      return response;
    }
  };
}

/**
 * A 5xx, or a success whose JSON arrived empty or cut off (a binary download is not judged here). A 4xx is
 * a complete refusal whatever its body (an empty 401, a gateway's HTML 403): resending it changes nothing,
 * and a 401 is the auth layer's to handle.
 */
function isTransientAnswer(response: HttpResponse): boolean {
  if (RETRYABLE_STATUS(response.status)) return true;
  if (response.status >= 300) return false;
  const type = response.headers.get('content-type') ?? '';
  if (type !== '' && !/json/i.test(type)) return false;
  const kind = response.body.kind;
  return kind === 'empty' || kind === 'malformed';
}

const kindOf = (error: ConnectionError) => (error.reason === 'timeout' ? 'timeout' : 'retry');

async function backoff(options: RetryOptions, request: HttpRequest, attempt: number): Promise<void> {
  const waitMs = fullJitterMs(attempt, options.baseDelayMs, options.maxDelayMs, options.random);
  notifyWait(options.onWait, {
    reason: 'retry_backoff',
    until: options.clock.now() + waitMs,
    organizationId: request.organizationId,
  });
  await sleepUnlessAborted(options.clock, waitMs, request.signal);
  await request.gate?.beforeRetry();
}

function outcomeUnknown(request: HttpRequest, error: ConnectionError): OutcomeUnknownError {
  const what = `${request.method} ${request.path}`;
  return new OutcomeUnknownError(
    `Outcome unknown: ${what} may or may not have been applied by Zoho Books; the connection failed after the request may have reached it (${error.reason ?? 'network error'}).`,
    'Zoho has no idempotency keys, so zbooks did not send it again. Reconcile first: for a create, list the records with a filter on a value you set (a reference number, a custom field); for an update or delete, get the record. Send it again only if the change is missing, or pass { retryUnsafe: true } to let zbooks resend at the risk of a duplicate.',
    { reason: 'outcome_unknown', cause: error, method: request.method, path: request.path },
  );
}
