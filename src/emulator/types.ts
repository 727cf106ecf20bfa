// The public shapes of the emulator. Kept apart from index.ts so internal modules can share them
// without importing the entry point (which would make import cycles).

export interface AccountsLimits {
  /** Access tokens per refresh token per rolling window; 0 = unlimited. */
  mintsPerWindow: number;
  mintWindowSeconds: number;
  /** Active access tokens per refresh token; one more silently evicts the oldest. 0 = unlimited. */
  activeTokenCap: number;
  /** Refresh tokens per client+user; one more silently deletes the oldest. */
  refreshTokensPerClient: number;
  /** HTTP status of the "Access Denied" throttle answer (REFERENCE §2 says 200, the field saw 400). */
  throttleStatus: 200 | 400;
  /** Grant codes per client per 10 minutes in the console; 0 = unlimited. */
  grantCodesPerWindow: number;
  /** When true, refresh answers carry no `scope` (Zoho does this sometimes). */
  omitScopeOnRefresh: boolean;
}

export type ExpiryShape = 'seconds' | 'legacy';
export type CodeDuration = 3 | 5 | 7 | 10;

export interface EmulatorOptions {
  host?: string;
  port?: number;
  dcs?: string[];
  tokenTtlSeconds?: number;
  expiryShape?: ExpiryShape;
  limits?: Partial<AccountsLimits>;
  startTime?: number;
}

export interface EmulatorDc {
  dc: string;
  accountsUrl: string;
  apiDomain: string;
}

export interface OrganizationInput {
  name: string;
  currency_code?: string;
}

export interface OrganizationRef {
  organization_id: string;
  name: string;
}

export interface SeedOptions {
  dc?: string;
  scope?: string | string[];
  durationMinutes?: CodeDuration;
  organizations?: OrganizationInput[];
}

export interface SeedResult {
  dc: string;
  accounts_url: string;
  api_domain: string;
  client_id: string;
  client_secret: string;
  code: string;
  scope: string;
  code_expires_at: number;
  organizations: OrganizationRef[];
}

export interface CreateClientOptions {
  dc?: string;
  organizations?: OrganizationInput[];
}

export interface CreatedClient {
  client_id: string;
  client_secret: string;
  dc: string;
  organizations: OrganizationRef[];
}

export interface GenerateCodeOptions {
  scope?: string | string[];
  durationMinutes?: CodeDuration;
}

export interface GeneratedCode {
  code: string;
  scope: string;
  expires_at: number;
}

export type ConfigPatch = Partial<AccountsLimits> & { tokenTtlSeconds?: number; expiryShape?: ExpiryShape };

export interface Fault {
  target: 'token' | 'revoke' | 'books';
  kind: 'status' | 'html' | 'empty' | 'truncated' | 'drop' | 'delay' | 'throttle';
  status?: number;
  delayMs?: number;
  /** Applies to the next N matching requests; default 1. */
  count?: number;
}

export interface RefreshTokenStats {
  id: string;
  client_id: string;
  created_at: number;
  revoked: boolean;
  mints_in_window: number;
  active_access_tokens: number;
  total_mints: number;
}

export interface EmulatorStats {
  token_requests: number;
  by_grant_type: Record<string, number>;
  minted: number;
  throttled: number;
  errors: Record<string, number>;
  revocations: number;
  books_requests: number;
  books_unauthorized: number;
  evicted_access_tokens: number;
  refresh_tokens: RefreshTokenStats[];
}

export interface Emulator {
  readonly dcs: Record<string, EmulatorDc>;
  readonly accountsUrl: string;
  readonly apiDomain: string;
  now(): number;
  advance(ms: number): void;
  configure(patch: ConfigPatch): void;
  seed(opts?: SeedOptions): SeedResult;
  createClient(opts?: CreateClientOptions): CreatedClient;
  generateCode(clientId: string, opts?: GenerateCodeOptions): GeneratedCode;
  injectFault(f: Fault): void;
  clearFaults(): void;
  stats(): EmulatorStats;
  close(): Promise<void>;
}
