import { AccountsClient, type FetchLike } from '../../auth/accounts-client.js';
import type { GrantResult } from '../../auth/token-response.js';
import { listOrganizations, type Organization } from '../../books/organizations.js';
import type { Clock } from '../../core/clock.js';
import { resolveAccounts } from '../../core/config.js';
import { DC_IDS, dcByAccountsUrl, dcById } from '../../core/data-centres.js';
import { ConfigError, InvalidClientError, NetworkError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { SecretRegistry } from '../../core/redact.js';
import type { Profile } from '../profile-file.js';

interface LoginInput {
  clientId: string;
  clientSecret: string;
  code: string;
  /** A data-centre id, or 'auto' to find the one where the client lives. */
  dc?: string;
  accountsUrl?: string;
  organizationId?: string;
  /** Accounts URLs to use instead of Zoho's, by data centre (ZBOOKS_ACCOUNTS_URLS; the emulator, a proxy). */
  accountsUrlOverrides?: Record<string, string>;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  /** The run's secret registry: the code, the secret and the tokens obtained are learnt into it. */
  secrets?: SecretRegistry;
  /** Asks a person to pick when there are several organizations; absent without a terminal. */
  chooseOrganization?: (organizations: Organization[]) => Promise<string>;
  /** Called as soon as the refresh token exists, before anything else can fail, so it is never lost. */
  persist: (profile: Profile) => Promise<void>;
}

interface LoginResult {
  profile: Profile;
  token: GrantResult;
  organizations: Organization[];
  /** Set when several organizations exist and none was chosen. */
  organizationChoiceNeeded: boolean;
}

/** Parses ZBOOKS_ACCOUNTS_URLS: `us=http://127.0.0.1:4001,eu=http://127.0.0.1:4002`. */
export function parseAccountsUrlOverrides(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [dc, url] = pair.split('=');
    if (!dc || !url)
      throw new ConfigError(
        `ZBOOKS_ACCOUNTS_URLS has a bad entry "${pair}".`,
        'Use dc=url pairs separated by commas.',
      );
    out[dcById(dc).id] = url;
  }
  return out;
}

/** Where to try the code: one accounts server, or with `--dc auto` every data centre in turn. */
function candidates(input: LoginInput): { dc: string | undefined; accountsUrl: string }[] {
  const overrides = input.accountsUrlOverrides ?? {};
  if (input.dc === 'auto') {
    // With overrides (emulator, proxies) only those are tried: never reach past them.
    const ids = Object.keys(overrides).length > 0 ? Object.keys(overrides) : DC_IDS;
    return ids.map((id) => ({
      dc: id,
      accountsUrl: resolveAccounts({ accountsUrl: overrides[id] ?? dcById(id).accountsUrl }).accountsUrl,
    }));
  }
  const dcId = input.dc ? dcById(input.dc).id : undefined;
  const url = input.accountsUrl ?? (dcId ? overrides[dcId] : undefined);
  const location = resolveAccounts(url ? { accountsUrl: url } : { dc: dcId });
  return [{ dc: dcId ?? location.dc?.id, accountsUrl: location.accountsUrl }];
}

/**
 * Exchanges a Self Client grant code, saves the refresh token at once, verifies it against Books and records
 * the organization. Never picks one of several organizations silently.
 */
export async function login(input: LoginInput): Promise<LoginResult> {
  const tried: string[] = [];
  let unreachable: NetworkError | undefined;
  for (const candidate of candidates(input)) {
    const accounts = new AccountsClient({
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      accountsUrl: candidate.accountsUrl,
      ...(input.fetch ? { fetch: input.fetch } : {}),
      ...(input.clock ? { clock: input.clock } : {}),
      ...(input.logger ? { logger: input.logger } : {}),
      ...(input.secrets ? { secrets: input.secrets } : {}),
    });
    let token: GrantResult & { refreshToken: string };
    try {
      token = await accounts.exchangeGrantCode(input.code);
    } catch (error) {
      if (input.dc === 'auto' && (error instanceof InvalidClientError || error instanceof NetworkError)) {
        tried.push(candidate.dc ?? candidate.accountsUrl);
        if (error instanceof NetworkError) unreachable = error;
        continue;
      }
      throw error;
    }
    const profile: Profile = {
      client_id: input.clientId,
      client_secret: input.clientSecret,
      refresh_token: token.refreshToken,
      ...(candidate.dc ? { dc: candidate.dc } : {}),
      accounts_url: accounts.accountsUrl,
      api_domain: token.apiDomain,
      ...(token.scope ? { scope: token.scope } : {}),
      created_at: new Date().toISOString(),
    };
    await input.persist(profile);
    return finish(input, profile, token);
  }
  if (unreachable && tried.length > 0) {
    throw new InvalidClientError(
      `No data centre accepted this client id (tried ${tried.join(', ')}; some could not be reached).`,
      'Check the client id, and the network; or name the data centre with --dc.',
    );
  }
  throw new InvalidClientError(
    `The client id is unknown in every data centre tried (${tried.join(', ')}).`,
    'Copy the client id again from the Self Client in the API console.',
  );
}

async function finish(input: LoginInput, profile: Profile, token: GrantResult): Promise<LoginResult> {
  const organizations = await listOrganizations(token.apiDomain, token.accessToken, input.fetch, {
    ...(input.secrets ? { secrets: input.secrets } : {}),
    ...(token.scope ? { scope: token.scope } : {}),
  });
  let chosen = input.organizationId;
  if (chosen && !organizations.some((o) => o.organization_id === chosen)) {
    throw new ConfigError(
      `Organization ${chosen} is not one this login can reach.`,
      `Logged in and saved; choose one of: ${describeOrganizations(organizations)} (zbooks orgs use <id>).`,
    );
  }
  if (!chosen && organizations.length === 1) chosen = organizations[0]!.organization_id;
  if (!chosen && organizations.length > 1 && input.chooseOrganization) {
    chosen = await input.chooseOrganization(organizations);
  }
  const organization = organizations.find((o) => o.organization_id === chosen);
  if (organization) {
    profile.organization_id = organization.organization_id;
    profile.organization_name = organization.name;
    await input.persist(profile);
  }
  return {
    profile,
    token,
    organizations,
    organizationChoiceNeeded: !organization && organizations.length > 1,
  };
}

export function describeOrganizations(organizations: Organization[]): string {
  return organizations.map((o) => `${o.organization_id} (${o.name})`).join(', ');
}

/** The data centre a profile belongs to, for display. */
export function dcLabel(profile: { dc?: string; accounts_url?: string }): string {
  return (
    profile.dc ??
    (profile.accounts_url ? (dcByAccountsUrl(profile.accounts_url)?.id ?? profile.accounts_url) : '?')
  );
}
