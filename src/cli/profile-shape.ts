// What profiles.json holds and how it is checked, without reading anything: shared by the profile file's
// reader (profile-file.ts) and the synchronous `auth token` fast path (token-fast-path.ts).

/** One saved login. Field names follow Zoho's, so the file reads like a token response. */
export interface Profile {
  client_id?: string;
  client_secret?: string;
  refresh_token?: string;
  /** Set when the refresh token is kept in the OS keychain instead of this file. */
  refresh_token_in?: 'keychain';
  dc?: string;
  accounts_url?: string;
  api_domain?: string;
  organization_id?: string;
  organization_name?: string;
  scope?: string;
  created_at?: string;
}

export interface ProfileFile {
  version: 1;
  profiles: Record<string, Profile>;
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Names that are properties of every JavaScript object: as keys they would read or set something else. */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * A profile name is a key in profiles.json and part of keychain entries: letters, digits, `.`, `_`, `-`,
 * starting with a letter or digit, at most 64 characters, and none of the names every JavaScript object
 * already has (`__proto__`, `constructor`…), which would not be saved as a profile at all.
 */
export function isProfileName(name: string): boolean {
  return PROFILE_NAME.test(name) && !RESERVED.has(name);
}

const STRING_FIELDS = [
  'client_id',
  'client_secret',
  'refresh_token',
  'dc',
  'accounts_url',
  'api_domain',
  'organization_id',
  'organization_name',
  'scope',
  'created_at',
] as const;

/** The file as zbooks writes it, or undefined: every profile an object whose known fields have their types. */
export function parseProfiles(text: string): ProfileFile | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const profiles = (value as { profiles?: unknown } | null)?.profiles;
  if (!isRecord(profiles)) return undefined;
  const out: Record<string, Profile> = Object.create(null);
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isRecord(profile)) return undefined;
    for (const field of STRING_FIELDS) {
      if (profile[field] !== undefined && typeof profile[field] !== 'string') return undefined;
    }
    if (profile.refresh_token_in !== undefined && profile.refresh_token_in !== 'keychain') return undefined;
    out[name] = profile as Profile;
  }
  return { version: 1, profiles: out };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
