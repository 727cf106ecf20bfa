import { type BusinessCodes, DEFAULT_CODES } from './books/codes.js';
import { EmulatorInputError } from './errors.js';
import type { AccountsLimits, BooksLimits, ExpiryShape } from './types.js';

export interface EmulatorConfig extends AccountsLimits {
  tokenTtlSeconds: number;
  expiryShape: ExpiryShape;
  books: BooksLimits;
  /** Codes of Books' business refusals (REFERENCE §5); the [open] ones are settings. */
  codes: BusinessCodes;
}

/** REFERENCE §5: 100 a minute and 10 at once per organization; the day's cap follows the plan. */
const DEFAULT_BOOKS_LIMITS: Readonly<BooksLimits> = Object.freeze({
  perMinute: 100,
  perDay: 'plan',
  concurrency: 10,
});

/** REFERENCE §3 values; the [open] ones (cap 15, throttle status 200) take Zoho's documented side. */
const DEFAULT_CONFIG: Readonly<EmulatorConfig> = Object.freeze({
  mintsPerWindow: 10,
  mintWindowSeconds: 600,
  activeTokenCap: 15,
  refreshTokensPerClient: 20,
  throttleStatus: 200,
  grantCodesPerWindow: 10,
  omitScopeOnRefresh: false,
  tokenTtlSeconds: 3600,
  expiryShape: 'seconds',
  books: DEFAULT_BOOKS_LIMITS,
  codes: DEFAULT_CODES,
});

/** A fresh, unfrozen copy: the nested books limits and codes must not be shared between instances. */
export function defaultConfig(): EmulatorConfig {
  return {
    ...DEFAULT_CONFIG,
    books: { ...DEFAULT_BOOKS_LIMITS },
    codes: { ...DEFAULT_CODES },
  };
}

type Check = (value: unknown) => string | undefined;

function count(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'an integer >= 0';
}

const BOOKS_CHECKS: Readonly<Record<keyof BooksLimits, Check>> = {
  perMinute: count,
  perDay: (v) => (v === 'plan' || count(v) === undefined ? undefined : 'an integer >= 0 or "plan"'),
  concurrency: count,
};

/** An object whose keys each pass their own check: nested settings merged key by key. */
function objectOf(checks: Record<string, Check>): Check {
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object';
    for (const [key, value] of Object.entries(v)) {
      if (value === undefined) continue;
      const check = Object.hasOwn(checks, key) ? checks[key] : undefined;
      if (!check) return `an object of ${Object.keys(checks).join(', ')} (not "${key}")`;
      const problem = check(value);
      if (problem) return `an object whose ${key} is ${problem}`;
    }
    return undefined;
  };
}

const booksCheck = objectOf(BOOKS_CHECKS);

function zohoCode(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v !== 0 ? undefined : 'a non-zero integer';
}

const codesCheck = objectOf(Object.fromEntries(Object.keys(DEFAULT_CODES).map((k) => [k, zohoCode])));

function positive(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : 'an integer >= 1';
}

const CHECKS: Readonly<Record<keyof EmulatorConfig, Check>> = {
  mintsPerWindow: count,
  mintWindowSeconds: positive,
  activeTokenCap: count,
  refreshTokensPerClient: count, // 0 = unlimited, like the other caps
  throttleStatus: (v) => (v === 200 || v === 400 ? undefined : '200 or 400'),
  grantCodesPerWindow: count,
  omitScopeOnRefresh: (v) => (typeof v === 'boolean' ? undefined : 'a boolean'),
  tokenTtlSeconds: positive,
  expiryShape: (v) => (v === 'seconds' || v === 'legacy' ? undefined : '"seconds" or "legacy"'),
  books: booksCheck,
  codes: codesCheck,
};

function isKey(key: string): key is keyof EmulatorConfig {
  return Object.hasOwn(CHECKS, key);
}

/** Validates the whole patch before touching anything, so a bad patch changes nothing. */
export function applyConfigPatch(config: EmulatorConfig, patch: unknown): void {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new EmulatorInputError('config patch must be an object');
  }
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  for (const [key, value] of entries) {
    if (!isKey(key)) throw new EmulatorInputError(`unknown config key "${key}"`);
    const problem = CHECKS[key](value);
    if (problem) throw new EmulatorInputError(`config ${key} must be ${problem}`);
  }
  for (const [key, value] of entries) {
    // Nested settings merge key by key, so `{ books: { perMinute: 0 } }` leaves the others alone.
    if (key === 'books' || key === 'codes') {
      const defined = Object.entries(value as object).filter(([, v]) => v !== undefined);
      Object.assign(config, { [key]: { ...config[key], ...Object.fromEntries(defined) } });
    } else Object.assign(config, { [key]: value });
  }
}
