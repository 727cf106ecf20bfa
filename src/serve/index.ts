export { Gateway } from './gateway.js';
export {
  addKey,
  hashKey,
  type KeyEntry,
  type KeyPolicy,
  KeyRing,
  keysPath,
  readKeyFile,
  revokeKey,
} from './keys.js';
export { type GatewayLimits, type GatewayOptions, SERVE_DEFAULTS } from './options.js';
export { CountedTokens } from './tokens.js';
export type { Upstream } from './upstream.js';
