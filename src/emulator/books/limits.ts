import type { EmulatorCore } from '../emulator-core.js';
import { RecentTimes } from '../recent-times.js';
import type { OrgUsage } from './state.js';

/** REFERENCE §5: daily calls per organization by plan. */
const DAILY_BY_PLAN: Readonly<Record<string, number>> = {
  FREE: 1000,
  STANDARD: 2000,
  PROFESSIONAL: 5000,
  PREMIUM: 10000,
  ELITE: 10000,
  ULTIMATE: 10000,
};

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

const THROTTLED_MESSAGE = 'You have made too many requests continuously. Please try again after some time.';

type LimitOutcome =
  | { ok: true; headers: Record<string, string>; release: () => void }
  | { ok: false; headers: Record<string, string>; body: { code: number; message: string } };

function usageOf(core: EmulatorCore, orgId: string, now: number): OrgUsage {
  let usage = core.books.usage.get(orgId);
  if (!usage) {
    usage = {
      minute: new RecentTimes({ capacity: core.config.books.perMinute }),
      dayStart: now - (now % DAY_MS),
      dayCount: 0,
      inFlight: 0,
    };
    core.books.usage.set(orgId, usage);
  }
  if (now - usage.dayStart >= DAY_MS) {
    usage.dayStart = now - (now % DAY_MS);
    usage.dayCount = 0;
  }
  usage.minute.resize(core.config.books.perMinute);
  // Only the last minute counts: older admissions leave, so memory follows the traffic of one minute.
  usage.minute.forgetUpTo(now - MINUTE_MS);
  return usage;
}

function dailyLimit(core: EmulatorCore, plan: string): number {
  const perDay = core.config.books.perDay;
  return perDay === 'plan' ? (DAILY_BY_PLAN[plan.toUpperCase()] ?? 1000) : perDay;
}

/**
 * Per-organization limits, checked in Zoho's order of cost: concurrency, then the minute window, then
 * the day. A refused request costs nothing; an accepted one counts until its answer is done (release).
 */
export function admit(core: EmulatorCore, orgId: string, plan: string): LimitOutcome {
  const now = core.clock.now();
  const usage = usageOf(core, orgId, now);
  const { perMinute, concurrency } = core.config.books;
  const perDay = dailyLimit(core, plan);
  const resetSeconds = Math.ceil((usage.dayStart + DAY_MS - now) / 1000);
  const headers = (used: number): Record<string, string> =>
    perDay > 0
      ? {
          'X-Rate-Limit-Limit': String(perDay),
          'X-Rate-Limit-Remaining': String(Math.max(0, perDay - used)),
          'X-Rate-Limit-Reset': String(resetSeconds),
        }
      : {};
  const refuse = (retryAfter: number, message: string): LimitOutcome => {
    core.stats.booksThrottled += 1;
    return {
      ok: false,
      headers: { ...headers(usage.dayCount), 'Retry-After': String(Math.max(1, retryAfter)) },
      body: { code: 44, message },
    };
  };
  if (concurrency > 0 && usage.inFlight >= concurrency) return refuse(1, THROTTLED_MESSAGE);
  const oldest = perMinute > 0 ? usage.minute.oldestWhenFull() : undefined;
  if (oldest !== undefined && oldest > now - MINUTE_MS) {
    return refuse(Math.ceil((oldest + MINUTE_MS - now) / 1000), THROTTLED_MESSAGE);
  }
  if (perDay > 0 && usage.dayCount >= perDay) {
    return refuse(resetSeconds, 'You have reached the maximum number of API calls allowed for the day.');
  }
  usage.minute.record(now);
  usage.dayCount += 1;
  usage.inFlight += 1;
  let released = false;
  return {
    ok: true,
    headers: headers(usage.dayCount),
    release: () => {
      if (released) return;
      released = true;
      usage.inFlight -= 1;
    },
  };
}
