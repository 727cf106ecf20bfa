import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../auth/stores/atomic-file.js';
import { FileRefusedError } from '../auth/stores/file-refused.js';
import { ensurePrivateDir } from '../auth/stores/private-dir.js';
import { readPrivateText } from '../auth/stores/safe-read.js';
import { ConfigError } from '../core/errors.js';
import { isProfileName, type Profile, type ProfileFile, parseProfiles } from './profile-shape.js';

export type { Profile } from './profile-shape.js';

export const DEFAULT_PROFILE = 'default';
const CONFIG_DIR_ELSEWHERE = 'ZBOOKS_CONFIG_DIR';

/** Where profiles live, by the run's environment (HOME included, so an in-process run sees its own). */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.ZBOOKS_CONFIG_DIR) return env.ZBOOKS_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'zbooks');
}

export const profilesPath = (dir: string) => join(dir, 'profiles.json');

/**
 * A profile name is a key in profiles.json and part of keychain entries: letters, digits, `.`, `_`, `-`,
 * starting with a letter or digit, at most 64 characters, and none of the names every JavaScript object
 * already has (`__proto__`, `constructor`…), which would not be saved as a profile at all.
 */
export function checkProfileName(name: string): string {
  if (isProfileName(name)) return name;
  throw new ConfigError(
    `"${printable(name)}" cannot be a profile name.`,
    'Use letters, digits, ".", "_" or "-" (starting with a letter or digit, at most 64 characters), e.g. --profile prod; not a name such as constructor or __proto__.',
    { reason: 'bad_profile_name' },
  );
}

/**
 * Creates the config directory (0700) or checks the one that exists: it must belong to this user and be
 * closed to others' writes, and is then tightened to 0700. Called before any secret is obtained, so a login
 * never exchanges a grant code only to find it cannot keep the refresh token.
 */
export async function prepareConfigDir(dir: string): Promise<void> {
  try {
    await ensurePrivateDir(dir, { create: true, tighten: true, elsewhere: CONFIG_DIR_ELSEWHERE });
  } catch (error) {
    throw fileError(error, dir, 'create');
  }
}

/** Reads every profile; a missing file is empty, a damaged or unsafe one is a clear error (never silently replaced). */
export async function readProfiles(dir: string): Promise<ProfileFile> {
  const path = profilesPath(dir);
  let text: string | undefined;
  try {
    // A profile names the accounts server the client secret is sent to: never read one others could write.
    const exists = await ensurePrivateDir(dir, { create: false, elsewhere: CONFIG_DIR_ELSEWHERE });
    text = exists ? await readPrivateText(path) : undefined;
  } catch (error) {
    throw fileError(error, path, 'read');
  }
  if (text === undefined) return { version: 1, profiles: Object.create(null) };
  const parsed = parseProfiles(text);
  if (parsed) return parsed;
  throw new ConfigError(
    `${path} is damaged (not the JSON zbooks writes).`,
    `Move it aside and run \`zbooks auth login\` again, or fix it by hand.`,
  );
}

export async function readProfile(dir: string, name: string): Promise<Profile | undefined> {
  const { profiles } = await readProfiles(dir);
  const key = checkProfileName(name);
  return Object.hasOwn(profiles, key) ? profiles[key] : undefined;
}

/**
 * Writes a profile (or removes it, with undefined) through the atomic writer: the directory checked and 0700,
 * the file 0600. Reads the file back, so that a caller reporting success (`Logged in`) knows it was written.
 */
export async function saveProfile(dir: string, name: string, profile: Profile | undefined): Promise<string> {
  const key = checkProfileName(name);
  await prepareConfigDir(dir);
  const file = await readProfiles(dir);
  if (profile) file.profiles[key] = profile;
  else delete file.profiles[key];
  const path = profilesPath(dir);
  try {
    await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
  } catch (error) {
    throw fileError(error, path, 'write');
  }
  const saved = (await readProfiles(dir)).profiles;
  const expected = profile ? JSON.stringify(profile) : undefined;
  const found = Object.hasOwn(saved, key) ? JSON.stringify(saved[key]) : undefined;
  if (found !== expected) {
    throw new ConfigError(
      `Profile "${key}" was not saved in ${path} (the file read back differs).`,
      'Another zbooks process may have written the file at the same moment: run the command again.',
    );
  }
  return path;
}

/** A configuration error naming the path and the OS code, or the reason the file or directory was refused. */
function fileError(error: unknown, path: string, what: string): ConfigError {
  if (error instanceof ConfigError) return error;
  if (error instanceof FileRefusedError) {
    return error.toConfigError(
      error.path === path && what !== 'create' ? 'the profile file' : 'the config directory',
    );
  }
  const code = (error as NodeJS.ErrnoException)?.code ?? 'unknown error';
  return new ConfigError(
    `Cannot ${what} ${path} (${code}).`,
    `Check that this user owns it and can write to it, or choose another directory with ${CONFIG_DIR_ELSEWHERE}.`,
  );
}

/** For messages: a name someone typed, without control characters, and short. */
const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
