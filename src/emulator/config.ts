import { EmulatorInputError } from './errors.js';
import type { AccountsLimits, BooksLimits, ExpiryShape } from './types.js';

export interface EmulatorConfig extends AccountsLimits {
  tokenTtlSeconds: number;
  expiryShape: ExpiryShape;
  books: BooksLimits;
}

/** REFERENCE §5: 100 a minute and 10 at once per organization; the day's cap follows the plan. */
export const DEFAULT_BOOKS_LIMITS: Readonly<BooksLimits> = Object.freeze({
  perMinute: 100,
  perDay: 'plan',
  concurrency: 10,
});

/** REFERENCE §3 values; the [open] ones (cap 15, throttle status 200) take Zoho's documented side. */
export const DEFAULT_CONFIG: Readonly<EmulatorConfig> = Object.freeze({
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
});

/** A fresh, unfrozen copy: the nested books limits must not be shared between instances. */
export const defaultConfig = (): EmulatorConfig => ({
  ...DEFAULT_CONFIG,
  books: { ...DEFAULT_BOOKS_LIMITS },
});

type Check = (value: unknown) => string | undefined;

const count: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'an integer >= 0';

const BOOKS_CHECKS: Record<keyof BooksLimits, Check> = {
  perMinute: count,
  perDay: (v) => (v === 'plan' || count(v) === undefined ? undefined : 'an integer >= 0 or "plan"'),
  concurrency: count,
};

const booksCheck: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object';
  for (const [key, value] of Object.entries(v)) {
    if (value === undefined) continue;
    const check = BOOKS_CHECKS[key as keyof BooksLimits];
    if (!check) return `an object of ${Object.keys(BOOKS_CHECKS).join(', ')} (not "${key}")`;
    const problem = check(value);
    if (problem) return `an object whose ${key} is ${problem}`;
  }
  return undefined;
};

const positive: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : 'an integer >= 1';

const CHECKS: Record<keyof EmulatorConfig, Check> = {
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
};

const isKey = (key: string): key is keyof EmulatorConfig => Object.hasOwn(CHECKS, key);

/** Validates the whole patch before touching anything, so a bad patch changes nothing. */
export const applyConfigPatch = (config: EmulatorConfig, patch: unknown): void => {
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
    // Books limits merge key by key, so `{ books: { perMinute: 0 } }` leaves the others alone.
    if (key === 'books') {
      const defined = Object.entries(value as object).filter(([, v]) => v !== undefined);
      config.books = { ...config.books, ...Object.fromEntries(defined) };
    } else Object.assign(config, { [key]: value });
  }
};
