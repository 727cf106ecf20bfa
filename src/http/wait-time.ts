import type { ResponseHeaders } from './response-headers.js';

/** RFC 9110 §5.6.7 HTTP-date: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept. */
const HTTP_DATE = [
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * `Retry-After` as milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3), else undefined.
 * Anything else (`-5`, `soon`, `1e3`, a date in another format) is treated as absent, so the caller's own backoff applies: Date.parse
 * would read `-5` as a date in the past, that is "retry at once", and a loop of those hammers the server.
 */
export function retryAfterMs(headers: ResponseHeaders, now: number): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  // Whole seconds per the RFC; a decimal is read leniently, its meaning being plain.
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const form = HTTP_DATE.findIndex((pattern) => pattern.test(value));
  if (form === -1) return undefined;
  // asctime carries no zone; HTTP dates are always GMT.
  const date = Date.parse(form === 2 ? `${value} GMT` : value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Zoho's daily counters (REFERENCE §5): limit, what is left, and seconds until the reset. */
export interface RateLimitHeaders {
  limit: number | undefined;
  remaining: number | undefined;
  /** Epoch ms of the reset. */
  resetAt: number | undefined;
}

const int = (value: string | null): number | undefined => {
  const n = value === null || value.trim() === '' ? Number.NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

export function readRateLimitHeaders(headers: ResponseHeaders, now: number): RateLimitHeaders {
  const reset = int(headers.get('x-rate-limit-reset'));
  return {
    limit: int(headers.get('x-rate-limit-limit')),
    remaining: int(headers.get('x-rate-limit-remaining')),
    // Seconds until the reset per REFERENCE §5; a value that large can only be an epoch in seconds.
    resetAt: reset === undefined ? undefined : reset > 1e9 ? reset * 1000 : now + reset * 1000,
  };
}

/** How long a 429 asks us to wait: Retry-After, else the reset of a spent budget, else unknown. */
export function rateLimitWaitMs(headers: ResponseHeaders, now: number): number | undefined {
  const after = retryAfterMs(headers, now);
  if (after !== undefined) return after;
  const { remaining, resetAt } = readRateLimitHeaders(headers, now);
  return remaining === 0 && resetAt !== undefined ? Math.max(0, resetAt - now) : undefined;
}
