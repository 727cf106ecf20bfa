import { ENV_NAMES, settingsFromEnv, type ZbooksSettings } from '../core/config.js';
import { ConfigError } from '../core/errors.js';
import {
  checkProfileName,
  configDir,
  DEFAULT_PROFILE,
  type Profile,
  profilesPath,
  readProfile,
} from './profile-file.js';

export type SettingKey = Exclude<keyof ZbooksSettings, 'profile' | 'configDir'>;

/** The settings in force and where each one came from (for `auth status` and error messages). */
export interface ResolvedSettings {
  values: ZbooksSettings;
  sources: Partial<Record<SettingKey, string>>;
  profileName: string;
  configDir: string;
  profile: Profile | undefined;
}

const PROFILE_FIELDS: Record<SettingKey, keyof Profile | undefined> = {
  clientId: 'client_id',
  clientSecret: 'client_secret',
  refreshToken: 'refresh_token',
  dc: 'dc',
  accountsUrl: 'accounts_url',
  apiDomain: 'api_domain',
  organizationId: 'organization_id',
  tokenStore: undefined,
};

/** Flags over environment over the profile file. */
export async function resolveSettings(
  flags: Partial<Record<SettingKey | 'profile', string | undefined>>,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedSettings> {
  const fromEnv = settingsFromEnv(env);
  const dir = configDir(env);
  // Checked before anything is read or asked: `__proto__` or `../x` is no profile to log in to.
  const profileName = checkProfileName(flags.profile ?? fromEnv.profile ?? DEFAULT_PROFILE);
  const profile = await readProfile(dir, profileName);
  const values: ZbooksSettings = { profile: profileName, configDir: dir };
  const sources: ResolvedSettings['sources'] = {};
  for (const key of Object.keys(PROFILE_FIELDS) as SettingKey[]) {
    const field = PROFILE_FIELDS[key];
    const candidates: [string | undefined, string][] = [
      [flags[key], `flag --${kebab(key)}`],
      [fromEnv[key], `env ${ENV_NAMES[key]}`],
      [field ? profile?.[field] : undefined, `profile "${profileName}" (${profilesPath(dir)})`],
    ];
    const hit = candidates.find(([value]) => value !== undefined && value !== '');
    if (hit) {
      values[key] = hit[0];
      sources[key] = hit[1];
    }
  }
  if (!values.refreshToken && profile?.refresh_token_in === 'keychain' && values.clientId) {
    const { keychainAccount, keychainGet } = await import('./keychain.js');
    const fromKeychain = await keychainGet(keychainAccount(profileName, values.clientId));
    if (fromKeychain) {
      values.refreshToken = fromKeychain;
      sources.refreshToken = 'OS keychain';
    }
  }
  // An explicit data centre beats an accounts URL that only the profile remembers, and vice versa.
  if (values.dc && values.accountsUrl && rank(sources.dc) < rank(sources.accountsUrl))
    delete values.accountsUrl;
  else if (values.dc && values.accountsUrl && rank(sources.accountsUrl) < rank(sources.dc)) delete values.dc;
  return { values, sources, profileName, configDir: dir, profile };
}

const rank = (source: string | undefined) =>
  source?.startsWith('flag') ? 0 : source?.startsWith('env') ? 1 : 2;

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The value of a setting that must be there, or a configuration error naming every way to give it. */
export function required(settings: ResolvedSettings, key: SettingKey, fix: string): string {
  const value = settings.values[key];
  if (value) return value;
  if (key === 'refreshToken' && settings.profile?.refresh_token_in === 'keychain') {
    throw new ConfigError(
      `The refresh token of profile "${settings.profileName}" is kept in the OS keychain, which did not give it.`,
      'Unlock the keychain (or run where it is reachable), set ZOHO_REFRESH_TOKEN, or log in again choosing the profile file.',
    );
  }
  throw new ConfigError(`No ${describe(key)} configured.`, `Set ${ENV_NAMES[key]}, or ${fix}.`);
}

function describe(key: SettingKey): string {
  return {
    clientId: 'client id',
    clientSecret: 'client secret',
    refreshToken: 'refresh token',
    dc: 'data centre',
    accountsUrl: 'accounts URL',
    apiDomain: 'API domain',
    organizationId: 'organization',
    tokenStore: 'token store',
  }[key];
}
