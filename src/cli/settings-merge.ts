import { ENV_NAMES, type ZbooksSettings } from '../core/config.js';
import type { Profile } from './profile-shape.js';

// How the settings in force are chosen from flags, environment and profile, without reading anything: shared
// by resolveSettings (settings.ts) and the synchronous `auth token` fast path (token-fast-path.ts).

export type SettingKey = Exclude<keyof ZbooksSettings, 'profile' | 'configDir'>;

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

interface SettingSources {
  flags: Partial<Record<SettingKey, string | undefined>>;
  fromEnv: ZbooksSettings;
  profile: Profile | undefined;
  /** How the profile is named as a source, e.g. `profile "default" (/home/me/.config/zbooks/profiles.json)`. */
  profileWhere: string;
}

/** Flags over environment over the profile: each setting's value and where it came from. */
export function mergeSettings(from: SettingSources): {
  values: ZbooksSettings;
  sources: Partial<Record<SettingKey, string>>;
} {
  const values: ZbooksSettings = {};
  const sources: Partial<Record<SettingKey, string>> = {};
  for (const key of Object.keys(PROFILE_FIELDS) as SettingKey[]) {
    const field = PROFILE_FIELDS[key];
    const candidates: [string | undefined, string][] = [
      [from.flags[key], `flag --${kebab(key)}`],
      [from.fromEnv[key], `env ${ENV_NAMES[key]}`],
      [field ? from.profile?.[field] : undefined, from.profileWhere],
    ];
    const hit = candidates.find(([value]) => value !== undefined && value !== '');
    if (hit) {
      values[key] = hit[0];
      sources[key] = hit[1];
    }
  }
  return { values, sources };
}

/** An explicit data centre beats an accounts URL that only the profile remembers, and vice versa. */
export function preferExplicitLocation(
  values: ZbooksSettings,
  sources: Partial<Record<SettingKey, string>>,
): void {
  if (values.dc && values.accountsUrl && rank(sources.dc) < rank(sources.accountsUrl))
    delete values.accountsUrl;
  else if (values.dc && values.accountsUrl && rank(sources.accountsUrl) < rank(sources.dc)) delete values.dc;
}

const rank = (source: string | undefined) =>
  source?.startsWith('flag') ? 0 : source?.startsWith('env') ? 1 : 2;

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
