import { type DataCentre, type DcId, dcByAccountsUrl, dcById, normalizeBaseUrl } from './data-centres.js';
import { ConfigError } from './errors.js';

/** The settings every entry point (library, CLI, profile file) understands, by one set of names. */
export interface ZbooksSettings {
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  dc?: string;
  accountsUrl?: string;
  apiDomain?: string;
  organizationId?: string;
  profile?: string;
  configDir?: string;
  tokenStore?: string;
}

/** Environment variable for each setting (the first three are the names the seed article uses). */
export const ENV_NAMES: Readonly<Record<keyof ZbooksSettings, string>> = Object.freeze({
  clientId: 'ZOHO_CLIENT_ID',
  clientSecret: 'ZOHO_CLIENT_SECRET',
  refreshToken: 'ZOHO_REFRESH_TOKEN',
  dc: 'ZOHO_DC',
  accountsUrl: 'ZOHO_ACCOUNTS_URL',
  apiDomain: 'ZOHO_API_DOMAIN',
  organizationId: 'ZOHO_ORGANIZATION_ID',
  profile: 'ZBOOKS_PROFILE',
  configDir: 'ZBOOKS_CONFIG_DIR',
  tokenStore: 'ZBOOKS_TOKEN_STORE',
});

/** Reads the settings present (non-empty) in an environment. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ZbooksSettings {
  const out: ZbooksSettings = {};
  for (const [key, name] of Object.entries(ENV_NAMES) as [keyof ZbooksSettings, string][]) {
    const value = env[name]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

export interface AccountsLocation {
  accountsUrl: string;
  /** The data centre, when the accounts URL is one of Zoho's. */
  dc: DataCentre | undefined;
}

/** Where the accounts server is: an explicit URL wins over a data-centre id; one of the two is required. */
export function resolveAccounts(settings: { dc?: string; accountsUrl?: string }): AccountsLocation {
  if (settings.accountsUrl) {
    const accountsUrl = normalizeBaseUrl(settings.accountsUrl, ENV_NAMES.accountsUrl);
    return { accountsUrl, dc: dcByAccountsUrl(accountsUrl) };
  }
  if (settings.dc) {
    const dc = dcById(settings.dc as DcId);
    return { accountsUrl: dc.accountsUrl, dc };
  }
  throw new ConfigError(
    'No data centre given.',
    `Set ${ENV_NAMES.dc} (us, eu, in, au, jp, ca, cn, sa, uk) or ${ENV_NAMES.accountsUrl}; a Self Client works only in the data centre where it was created.`,
  );
}
