// The emulator of Zoho's accounts server, API console and Books API. It shares no code with the client
// (src/core, auth, http, books) so that a misunderstanding of Zoho there cannot hide in a common helper.

export type { BusinessCodes } from './books/codes.js';
export { clientOptionsFor } from './client-options.js';
export { startEmulator } from './emulator.js';
export { EmulatorInputError } from './errors.js';
export type {
  AccountsLimits,
  BooksLimits,
  CodeDuration,
  ConfigPatch,
  CreateClientOptions,
  CreatedClient,
  Emulator,
  EmulatorClientOptions,
  EmulatorDc,
  EmulatorOptions,
  EmulatorStats,
  ExpiryShape,
  Fault,
  GenerateCodeOptions,
  GeneratedCode,
  LedgerCounts,
  LedgerSpec,
  OrganizationInput,
  OrganizationRef,
  RefreshTokenStats,
  SampleRequest,
  SeedOptions,
  SeedResult,
} from './types.js';
