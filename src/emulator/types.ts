import type { BusinessCodes } from './books/codes.js';

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

/**
 * Per-organization limits of the Books API (REFERENCE §5), on the emulator clock. 0 turns a limit off.
 * Over a limit Books answers HTTP 429 `{"code":44,…}` with `Retry-After`.
 */
export interface BooksLimits {
  /** Requests per organization per rolling minute (default 100). */
  perMinute: number;
  /** Requests per organization per UTC day; `'plan'` (default) takes it from the organization's plan
   * (FREE 1000, STANDARD 2000, PROFESSIONAL 5000, PREMIUM/ELITE/ULTIMATE 10000). Shown in the
   * `X-Rate-Limit-Limit`/`-Remaining`/`-Reset` headers of every answer for an organization. */
  perDay: number | 'plan';
  /** Requests of one organization in flight at once (default 10); one more is answered 429 at once. */
  concurrency: number;
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
  /** Books rate limits, e.g. `{ perMinute: 0 }` to turn the minute window off for a fast test. */
  books?: Partial<BooksLimits>;
  /** Codes of Books' business refusals where Zoho's are [open] (REFERENCE §5). */
  codes?: Partial<BusinessCodes>;
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
  /** Zoho plan (FREE, STANDARD, PROFESSIONAL, PREMIUM, ELITE, ULTIMATE): sets the daily call cap. Default STANDARD. */
  plan?: string;
  /**
   * Document number prefixes, as set in the organization's preferences, e.g. `{ invoice: 'FAC-' }`.
   * Keys: invoice, estimate, salesorder, purchaseorder, creditnote, vendorcredit, retainerinvoice,
   * salesreceipt. Defaults are Zoho's: INV-, EST-, SO-, PO-, CN-, DN-, RET-, SR-.
   */
  prefixes?: Record<string, string>;
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
  /** Fills every organization of the seeded client with a sample ledger (see `seedLedger`). */
  ledger?: LedgerSpec;
}

/** Counts of sample records by kind: contacts, items, taxes, invoices, estimates, salesorders,
 * purchaseorders, bills, creditnotes, vendorcredits, customerpayments, vendorpayments, expenses, journals. */
export type LedgerCounts = Partial<Record<string, number>>;

/**
 * A sample ledger: a preset (`empty`, `small`, `demo` (the default), `large`) and/or counts that override
 * it, e.g. `{ records: { invoices: 200, contacts: 50 } }` (with records alone the base is `empty`;
 * contacts are added when documents need them).
 */
export interface LedgerSpec {
  preset?: string;
  records?: LedgerCounts;
}

/**
 * What a zbooks client needs to talk to a seeded emulator, as plain data shaped like the client's options
 * (`new ZohoBooks(emu.clientOptions())`); the emulator imports nothing of the client.
 */
export interface EmulatorClientOptions {
  auth: { clientId: string; clientSecret: string; refreshToken: string; accountsUrl: string };
  apiDomain: string;
  organizationId: string;
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

/** What `configure()` and `POST /_emulator/config` accept; `books` and `codes` merge key by key. */
export type ConfigPatch = Partial<AccountsLimits> & {
  tokenTtlSeconds?: number;
  expiryShape?: ExpiryShape;
  books?: Partial<BooksLimits>;
  /** Codes of Books' business refusals, e.g. `{ recordInUse: 3001 }` where Zoho's is [open]. */
  codes?: Partial<BusinessCodes>;
};

/**
 * A failure served to the next matching request(s) instead of (or around) the normal answer.
 * On Books, `drop` closes the connection BEFORE the change is applied (nothing happened), and
 * `drop_after` applies the change and THEN closes the connection (the record exists, the client never
 * hears so). Books `delay` and `drop_after` are taken only by a request that passes auth, organization and
 * rate limits: one refused before that (401, 429) leaves them for the next. `throttle` answers 429 code 44 with Retry-After: a burst of them with `count`.
 * Console: `POST /_emulator/faults` with the same fields (`delay_ms` accepted), `DELETE` to clear.
 */
export interface Fault {
  target: 'token' | 'revoke' | 'books';
  /**
   * Paging faults act on Books list GETs: `ignore_page` drops the `page` parameter before Books sees it (a
   * proxy that loses the query, a server that ignores it: page 1 comes back, saying page 1); `repeat_page`
   * answers page 1's records while `page_context.page` echoes the page asked for; `empty_page` answers an
   * empty list whose `page_context` still claims `has_more_page`. `numeric_ids` (any method) sends every id
   * field (`id`, `…_id`) of the answer as a bare JSON number.
   */
  kind:
    | 'status'
    | 'html'
    | 'empty'
    | 'truncated'
    | 'drop'
    | 'drop_after'
    | 'delay'
    | 'throttle'
    | 'ignore_page'
    | 'repeat_page'
    | 'empty_page'
    | 'numeric_ids';
  status?: number;
  delayMs?: number;
  /** `throttle` on Books: the Retry-After it sends, in seconds (default 60). */
  retryAfter?: number;
  /** Applies to the next N matching requests; default 1. */
  count?: number;
  /** Only requests with this HTTP method (e.g. 'POST'). */
  method?: string;
  /** Only requests whose path starts with this prefix, with or without `/books/v3` (e.g. '/invoices'). */
  path?: string;
}

/**
 * A well-formed request for one Books operation in one organization, from `sampleRequest()` or
 * `GET /_emulator/books/{org}/_sample/{operationId}`: path ids point at records created for it.
 */
export interface SampleRequest {
  operationId: string;
  method: string;
  /** Full path from the host, e.g. `/books/v3/invoices/1234…/status/sent`. */
  path: string;
  /** Query parameters, organization_id included. */
  query: Record<string, string>;
  headers: Record<string, string>;
  /** JSON body, when the operation takes one. */
  body?: Record<string, unknown>;
  /** Set when the operation takes a file: send multipart with this field name. */
  fileField?: string;
  /**
   * False for the operations the emulator does not model: they answer HTTP 501 (after checking the path's
   * records), and the README lists them.
   */
  modelled: boolean;
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
  /** Books answers 429 from the rate limits or injected throttle faults. */
  books_throttled: number;
  /** TCP connections the listeners accepted since start: few, over many requests, when clients keep them alive. */
  connections: number;
  refresh_tokens: RefreshTokenStats[];
}

/**
 * A running emulator. Besides the accounts server, it serves the whole Books v3 surface (the 515
 * operations of Zoho's OpenAPI files) under `{apiDomain}/books/v3`, with organizations, scopes,
 * pagination, filters, the error envelope, rate limits and faults of REFERENCE §5.
 *
 * Books console endpoints (JSON, no auth), beside the accounts ones:
 * - `GET  /_emulator/books/{organization_id}/{collection}`: `{ records: [...] }`, as `records()`;
 * - `POST /_emulator/books/{organization_id}/{collection}` with `{ "count": n }`: `{ created, ids }`,
 *   as `seedRecords()`;
 * - `GET  /_emulator/books/{organization_id}/_sample/{operationId}`: a `SampleRequest`, as
 *   `sampleRequest()`;
 * - `POST /_emulator/config` with `{ "books": { "perMinute": 0 } }`: Books limits, as `configure()`;
 * - `POST /_emulator/faults` with `{ "target": "books", "kind": "drop_after", "method": "POST",
 *   "path": "/invoices" }`: Books faults, as `injectFault()`.
 */
export interface Emulator {
  readonly dcs: Record<string, EmulatorDc>;
  readonly accountsUrl: string;
  readonly apiDomain: string;
  now(): number;
  advance(ms: number): void;
  /** Changes limits while running; `{ books: { perMinute, perDay, concurrency } }` merges key by key. */
  configure(patch: ConfigPatch): void;
  seed(opts?: SeedOptions): SeedResult;
  /** As seed(), with the grant code already exchanged (as after a login): adds `refresh_token`; not counted in stats. */
  seedLoggedIn(opts?: SeedOptions): SeedResult & { refresh_token: string };
  createClient(opts?: CreateClientOptions): CreatedClient;
  generateCode(clientId: string, opts?: GenerateCodeOptions): GeneratedCode;
  injectFault(f: Fault): void;
  clearFaults(): void;
  stats(): EmulatorStats;
  /**
   * Fills an organization with a coherent sample ledger (customers, vendors, items, taxes, documents in
   * every status, payments, credits): a preset (`small`, `demo`, `large`) and/or counts per kind. Returns
   * the organization's record counts. Console: `POST /_emulator/books/{org}/_ledger`.
   */
  seedLedger(organizationId: string, spec?: LedgerSpec): LedgerCounts;
  /**
   * A logged-in Self Client (as `seedLoggedIn`), optionally with a sample ledger, as ready client options:
   * `new ZohoBooks(emu.clientOptions({ ledger: { preset: 'demo' } }))`.
   */
  clientOptions(opts?: SeedOptions): EmulatorClientOptions;
  /**
   * Copies of the records of a Books collection in an organization, oldest first. `collection` is a
   * store name (`invoices`, `settings/taxes`, `invoices/comments`) or a plural key (`taxes`).
   * Console: `GET /_emulator/books/{org}/{collection}`.
   */
  records(organizationId: string, collection: string): Record<string, unknown>[];
  /**
   * Creates `count` valid records fast (no HTTP), e.g. 100,000 invoices for a benchmark; core resources
   * get their computed fields and the contacts or items they need. Returns the new ids.
   * Console: `POST /_emulator/books/{org}/{collection}` with `{"count": n}`.
   */
  seedRecords(organizationId: string, collection: string, count: number): string[];
  /**
   * A request the emulator will answer with success for `operationId` (an OpenAPI operationId), creating
   * the records its path and body name and putting them in the state it needs (an invoice sent before it is
   * written off). For an operation not modelled, `modelled` is false and the answer is a 501.
   * Console: `GET /_emulator/books/{org}/_sample/{operationId}`.
   */
  sampleRequest(organizationId: string, operationId: string): SampleRequest;
  close(): Promise<void>;
}
