import type { RecentTimes } from './recent-times.js';
import type { CodeDuration } from './types.js';

/** The Books organization as GET /organizations lists it. */
export interface OrganizationRecord {
  organization_id: string;
  name: string;
  contact_name: string;
  email: string;
  is_default_org: boolean;
  plan_type: number;
  plan_name: string;
  currency_id: string;
  currency_code: string;
  currency_symbol: string;
  price_precision: number;
  time_zone: string;
  language_code: string;
  date_format: string;
  field_separator: string;
  fiscal_year_start_month: number;
  country: string;
  account_created_date: string;
  is_org_active: boolean;
  version: string;
  mode: string;
}

export interface ClientRecord {
  clientId: string;
  secret: string;
  dc: string;
  createdAt: number;
  organizations: OrganizationRecord[];
  /** When the recent grant codes were generated: the console limits codes per window. */
  codeTimes: RecentTimes;
}

export interface GrantCodeRecord {
  code: string;
  clientId: string;
  scope: string;
  duration: CodeDuration;
  expiresAt: number;
  used: boolean;
}

export interface AccessTokenRecord {
  token: string;
  clientId: string;
  dc: string;
  scope: string;
  issuedAt: number;
  expiresAt: number;
  /** Absent for client_credentials tokens, which have no refresh token. */
  refreshTokenId: string | undefined;
  /** Set for client_credentials tokens: they act for one organization only (`soid`). */
  organizationId: string | undefined;
  revoked: boolean;
  evicted: boolean;
}

export interface RefreshTokenRecord {
  id: string;
  token: string;
  clientId: string;
  dc: string;
  scope: string;
  createdAt: number;
  /** Revoked by a caller, or deleted by the per-client cap: either way Zoho forgets it. */
  revoked: boolean;
  /** The mints still inside the rolling window (at most the limit's worth). */
  mintTimes: RecentTimes;
  totalMints: number;
  accessTokens: AccessTokenRecord[];
}

export function isActive(t: AccessTokenRecord, now: number): boolean {
  return !t.revoked && !t.evicted && now < t.expiresAt;
}

/** Everything Zoho would remember, for every DC of one emulator instance. */
export class EmulatorState {
  readonly clients = new Map<string, ClientRecord>();
  readonly codes = new Map<string, GrantCodeRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly organizationIds = new Set<string>();
  /** Document number prefixes an organization was created with (`{ invoice: 'FAC-' }`), by organization id. */
  readonly prefixes = new Map<string, Readonly<Record<string, string>>>();
  #refreshTokenSeq = 0;

  nextRefreshTokenId(): string {
    this.#refreshTokenSeq += 1;
    return `rt_${this.#refreshTokenSeq}`;
  }
}
