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
import { mergeSettings, preferExplicitLocation, type SettingKey } from './settings-merge.js';

export type { SettingKey } from './settings-merge.js';

/** The settings in force and where each one came from (for `auth status` and error messages). */
export interface ResolvedSettings {
  values: ZbooksSettings;
  sources: Partial<Record<SettingKey, string>>;
  profileName: string;
  configDir: string;
  profile: Profile | undefined;
}

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
  const merged = mergeSettings({
    flags,
    fromEnv,
    profile,
    profileWhere: `profile "${profileName}" (${profilesPath(dir)})`,
  });
  const values: ZbooksSettings = { profile: profileName, configDir: dir, ...merged.values };
  const sources = merged.sources;
  if (!values.refreshToken && profile?.refresh_token_in === 'keychain' && values.clientId) {
    const { keychainAccount, keychainGet } = await import('./keychain.js');
    const fromKeychain = await keychainGet(keychainAccount(profileName, values.clientId));
    if (fromKeychain) {
      values.refreshToken = fromKeychain;
      sources.refreshToken = 'OS keychain';
    }
  }
  preferExplicitLocation(values, sources);
  return { values, sources, profileName, configDir: dir, profile };
}

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
