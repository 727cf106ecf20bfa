import { EmulatorInputError } from './errors.js';
import type { AccountsLimits, ExpiryShape } from './types.js';

export interface EmulatorConfig extends AccountsLimits {
  tokenTtlSeconds: number;
  expiryShape: ExpiryShape;
}

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
});

type Check = (value: unknown) => string | undefined;

const count: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'an integer >= 0';
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
  Object.assign(config, Object.fromEntries(entries));
};
