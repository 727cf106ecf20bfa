import type { WaitListener, WaitNotice, WaitReason } from '../core/waits.js';

/** Something that shows a wait in place (the export's progress bar) instead of a line on stderr. */
export interface WaitDisplay {
  waiting(text: string, until: number): void;
}

/** Waits shorter than this pass without a word: a person notices nothing below a couple of seconds. */
const QUIET_MS = 2_000;

/**
 * What a person reads, per reason: what zbooks is waiting for (" until 12:04:10" follows), and for a line of
 * its own, why.
 */
const WHAT: Record<WaitReason, { text: string; why: string }> = {
  rate_limit_window: { text: "waiting for Zoho's limit", why: 'requests per minute per organization' },
  rate_limited: { text: "waiting for Zoho's limit", why: 'Zoho answered 429, too many requests' },
  retry_backoff: { text: 'waiting to retry', why: 'a request failed' },
  token_cooldown: { text: 'no new token', why: 'Zoho is throttling token requests' },
};

/** `12:04:10`, local time: the clock on the wall of the person waiting. */
function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * The CLI's side of the library's onWait hook: a wait of more than 2 s is said on stderr (what for, and until
 * when), once per wait even when several requests wait for the same thing; while a progress bar is shown, it
 * shows the wait instead.
 */
export class WaitNotices {
  readonly #write: (text: string) => void;
  readonly #now: () => number;
  readonly #announced = new Map<WaitReason, number>();
  #display: WaitDisplay | undefined;

  constructor(write: (text: string) => void, now: () => number = Date.now) {
    this.#write = write;
    this.#now = now;
  }

  /** Give this to the client and the token provider as `onWait`. */
  readonly listener: WaitListener = (notice: WaitNotice) => {
    if (notice.until - this.#now() <= QUIET_MS) return;
    // Another request of the same kind waiting until no later: the person already knows.
    if (notice.until <= (this.#announced.get(notice.reason) ?? 0)) return;
    this.#announced.set(notice.reason, notice.until);
    const { text, why } = WHAT[notice.reason];
    const line = `${text} until ${clockTime(notice.until)}`;
    if (this.#display) this.#display.waiting(line, notice.until);
    else this.#write(`zbooks: ${line} (${why})\n`);
  };

  /** While set, waits are shown there instead of on their own lines. */
  showIn(display: WaitDisplay | undefined): void {
    this.#display = display;
  }
}
