import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';

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

interface ProfileFile {
  version: 1;
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ZBOOKS_CONFIG_DIR) return env.ZBOOKS_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'zbooks');
}

export const profilesPath = (dir: string) => join(dir, 'profiles.json');

/** Reads every profile; a missing file is empty, a damaged one is a clear error (never silently replaced). */
export async function readProfiles(dir: string): Promise<ProfileFile> {
  const path = profilesPath(dir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, profiles: {} };
    throw new ConfigError(
      `Cannot read ${path} (${(error as NodeJS.ErrnoException).code}).`,
      'Check its permissions.',
    );
  }
  try {
    const parsed = JSON.parse(text) as ProfileFile;
    if (parsed && typeof parsed.profiles === 'object' && parsed.profiles !== null) return parsed;
  } catch {
    // fall through to the error below
  }
  throw new ConfigError(
    `${path} is damaged (not the JSON zbooks writes).`,
    `Move it aside and run \`zbooks auth login\` again, or fix it by hand.`,
  );
}

export async function readProfile(dir: string, name: string): Promise<Profile | undefined> {
  return (await readProfiles(dir)).profiles[name];
}

/** Writes a profile: the directory 0700, the file 0600 (re-applied on every save), atomically. */
export async function saveProfile(dir: string, name: string, profile: Profile | undefined): Promise<string> {
  const file = await readProfiles(dir);
  if (profile) file.profiles[name] = profile;
  else delete file.profiles[name];
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = profilesPath(dir);
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temp, 0o600);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return path;
}
