export * from './auth/index.js';
export { type Clock, systemClock } from './core/clock.js';
export { ENV_NAMES, resolveAccounts, settingsFromEnv, type ZbooksSettings } from './core/config.js';
export {
  DATA_CENTRES,
  type DataCentre,
  type DcId,
  dcByAccountsUrl,
  dcByApiDomain,
  dcById,
} from './core/data-centres.js';
export * from './core/errors.js';
export { mask, redact } from './core/redact.js';
