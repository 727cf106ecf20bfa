/**
 * Why zbooks is about to wait:
 * - `rate_limit_window`: the per-organization window (100 requests a minute) is full until a slot frees up;
 * - `rate_limited`: Zoho answered 429 (for this call or another of the organization) and asked for a pause;
 * - `retry_backoff`: a failed read is retried after a backoff;
 * - `token_cooldown`: Zoho throttled token requests; no new token is asked for before `until`.
 */
export type WaitReason = 'rate_limit_window' | 'rate_limited' | 'retry_backoff' | 'token_cooldown';

export interface WaitNotice {
  reason: WaitReason;
  /** Epoch ms when the wait ends (on the library's clock). */
  until: number;
  /** The organization whose limit it is, when there is one. */
  organizationId?: string | undefined;
}

/**
 * Told when a wait begins, before it starts: the one hook for every kind of wait (client and token provider
 * take it as `onWait`), so a program can say what it is waiting for instead of looking frozen.
 */
export type WaitListener = (notice: WaitNotice) => void;

/** Calls the listener, if any; a listener that throws must not break the call that waits. */
export function notifyWait(listener: WaitListener | undefined, notice: WaitNotice): void {
  if (!listener) return;
  try {
    listener(notice);
  } catch {
    // The listener's problem, not the request's.
  }
}
