import { ledgerCounts, seedLedger } from '../books/ledger-seed.js';
import type { EmulatorCore } from '../emulator-core.js';
import { EmulatorInputError } from '../errors.js';
import { newClientId, newClientSecret, newTokenString } from '../ids.js';
import { makeOrganization } from '../org-factory.js';
import { RecentTimes } from '../recent-times.js';
import type { ClientRecord, GrantCodeRecord } from '../state.js';
import type {
  CodeDuration,
  CreateClientOptions,
  CreatedClient,
  GenerateCodeOptions,
  GeneratedCode,
  OrganizationInput,
  SeedOptions,
  SeedResult,
} from '../types.js';
import { createRefreshToken } from './mint.js';

const DEFAULT_SCOPE = 'ZohoBooks.fullaccess.all';
const DURATIONS: readonly number[] = [3, 5, 7, 10];
const PLANS: readonly string[] = ['FREE', 'STANDARD', 'PROFESSIONAL', 'PREMIUM', 'ELITE', 'ULTIMATE'];
/** The console's grant-code limit counts over ten minutes whatever the token window is. */
const CODE_WINDOW_MS = 10 * 60 * 1000;

function runningDc(core: EmulatorCore, dc: string | undefined): string {
  const chosen = dc ?? Object.keys(core.dcs)[0]!;
  if (typeof chosen !== 'string' || !core.dcs[chosen]) {
    throw new EmulatorInputError(`data centre "${String(chosen)}" is not running in this emulator`);
  }
  return chosen;
}

function checkOrganizations(orgs: unknown): OrganizationInput[] {
  if (orgs === undefined) return [{ name: 'Demo Org' }];
  if (!Array.isArray(orgs)) throw new EmulatorInputError('organizations must be an array');
  return orgs.map((o, i) => {
    const org = o as Partial<OrganizationInput> | null;
    if (typeof org?.name !== 'string' || org.name.trim() === '') {
      throw new EmulatorInputError(`organizations[${i}].name must be a non-empty string`);
    }
    if (org.currency_code !== undefined && !/^[A-Za-z]{3}$/.test(String(org.currency_code))) {
      throw new EmulatorInputError(`organizations[${i}].currency_code must be a 3-letter code`);
    }
    if (org.plan !== undefined && !PLANS.includes(String(org.plan).toUpperCase())) {
      throw new EmulatorInputError(`organizations[${i}].plan must be one of ${PLANS.join(', ')}`);
    }
    const prefixes = org.prefixes as unknown;
    if (
      prefixes !== undefined &&
      (typeof prefixes !== 'object' ||
        prefixes === null ||
        Object.values(prefixes).some((p) => typeof p !== 'string' || p.length > 20))
    ) {
      throw new EmulatorInputError(`organizations[${i}].prefixes must map document types to short strings`);
    }
    return {
      name: org.name,
      ...(org.currency_code ? { currency_code: org.currency_code } : {}),
      ...(org.plan ? { plan: org.plan } : {}),
      ...(org.prefixes ? { prefixes: org.prefixes } : {}),
    };
  });
}

/** Scopes as the console takes them: a comma-separated string or a list; kept in the given order. */
function normalizeScope(scope: unknown): string {
  if (scope === undefined) return DEFAULT_SCOPE;
  const parts = Array.isArray(scope) ? scope : typeof scope === 'string' ? scope.split(',') : undefined;
  if (!parts || parts.some((p) => typeof p !== 'string')) {
    throw new EmulatorInputError('scope must be a comma-separated string or an array of strings');
  }
  const cleaned = (parts as string[]).map((p) => p.trim()).filter((p) => p !== '');
  if (cleaned.length === 0) throw new EmulatorInputError('scope must name at least one scope');
  return cleaned.join(',');
}

function checkDuration(value: unknown): CodeDuration {
  if (value === undefined) return 3;
  if (typeof value !== 'number' || !DURATIONS.includes(value)) {
    throw new EmulatorInputError('duration must be 3, 5, 7 or 10 minutes');
  }
  return value as CodeDuration;
}

export function createClient(core: EmulatorCore, opts: CreateClientOptions = {}): CreatedClient {
  const dc = runningDc(core, opts.dc);
  const inputs = checkOrganizations(opts.organizations);
  const now = core.clock.now();
  const client: ClientRecord = {
    clientId: newClientId(),
    secret: newClientSecret(),
    dc,
    createdAt: now,
    organizations: inputs.map((input, i) => makeOrganization(core.state, dc, input, i === 0, now)),
    codeTimes: new RecentTimes({ capacity: core.config.grantCodesPerWindow }),
  };
  core.state.clients.set(client.clientId, client);
  return {
    client_id: client.clientId,
    client_secret: client.secret,
    dc,
    organizations: client.organizations.map((o) => ({ organization_id: o.organization_id, name: o.name })),
  };
}

export function generateCode(
  core: EmulatorCore,
  clientId: string,
  opts: GenerateCodeOptions = {},
): GeneratedCode {
  const client = core.state.clients.get(clientId);
  if (!client) throw new EmulatorInputError(`unknown client "${clientId}"`, 404);
  const scope = normalizeScope(opts.scope);
  const duration = checkDuration(opts.durationMinutes);
  const now = core.clock.now();
  const limit = core.config.grantCodesPerWindow;
  client.codeTimes.resize(limit);
  client.codeTimes.forgetUpTo(now - CODE_WINDOW_MS);
  if (client.codeTimes.oldestWhenFull() !== undefined) {
    throw new EmulatorInputError('grant code limit reached for this client', 400, 'access_denied');
  }
  client.codeTimes.record(now);
  const record: GrantCodeRecord = {
    code: newTokenString(),
    clientId,
    scope,
    duration,
    expiresAt: now + duration * 60 * 1000,
    used: false,
  };
  core.state.codes.set(record.code, record);
  return { code: record.code, scope, expires_at: record.expiresAt };
}

export function seed(core: EmulatorCore, opts: SeedOptions = {}): SeedResult {
  // Validate code options before creating a client, so a bad seed leaves no orphan behind.
  normalizeScope(opts.scope);
  checkDuration(opts.durationMinutes);
  if (opts.ledger !== undefined) ledgerCounts(opts.ledger);
  const client = createClient(core, { dc: opts.dc, organizations: opts.organizations });
  if (opts.ledger !== undefined) {
    for (const org of client.organizations) seedLedger(core, org.organization_id, opts.ledger);
  }
  const code = generateCode(core, client.client_id, {
    scope: opts.scope,
    durationMinutes: opts.durationMinutes,
  });
  const dc = core.dcs[client.dc]!;
  return {
    dc: client.dc,
    accounts_url: dc.accountsUrl,
    api_domain: dc.apiDomain,
    client_id: client.client_id,
    client_secret: client.client_secret,
    code: code.code,
    scope: code.scope,
    code_expires_at: code.expires_at,
    organizations: client.organizations,
  };
}

/**
 * A Self Client as it is after a person logged in: its grant code already exchanged for a refresh token (no
 * access token minted yet). The exchange happens inside the emulator, so token statistics start at zero:
 * for tests and benchmarks that begin where `zbooks auth login` ends.
 */
export function seedLoggedIn(
  core: EmulatorCore,
  opts: SeedOptions = {},
): SeedResult & { refresh_token: string } {
  const result = seed(core, opts);
  core.state.codes.get(result.code)!.used = true;
  const rt = createRefreshToken(core, result.client_id, result.dc, result.scope);
  return { ...result, refresh_token: rt.token };
}
