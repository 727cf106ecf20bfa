import type { RunContext } from '../context.js';
import { saveProfile } from '../profile-file.js';

/** `auth revoke`: at Zoho first (so the refresh token is dead everywhere), then locally. */
export async function authRevoke(run: RunContext, options: { profile?: string }): Promise<void> {
  const settings = await run.settings({ profile: options.profile });
  const provider = await run.provider(settings);
  const known = await provider.revoke();
  await provider.store.close?.();
  await forgetProfile(settings.configDir, settings.profileName, settings.profile !== undefined);
  process.stderr.write(
    known
      ? '✓ Revoked at Zoho: the refresh token and every access token minted from it no longer work.\n'
      : '✓ Zoho did not know this refresh token any more (already revoked or evicted); removed it locally.\n',
  );
}

/** `auth logout`: forget the profile and its cached token here; the refresh token stays valid at Zoho. */
export async function authLogout(run: RunContext, options: { profile?: string }): Promise<void> {
  const settings = await run.settings({ profile: options.profile });
  if (settings.values.refreshToken && settings.values.clientId && settings.values.clientSecret) {
    const provider = await run.provider(settings);
    await provider.forget();
    await provider.store.close?.();
  }
  const had = settings.profile !== undefined;
  await forgetProfile(settings.configDir, settings.profileName, had);
  process.stderr.write(
    had
      ? `✓ Logged out of profile "${settings.profileName}". The refresh token is still valid at Zoho; use \`zbooks auth revoke\` to kill it.\n`
      : `Nothing to log out: profile "${settings.profileName}" does not exist.\n`,
  );
}

async function forgetProfile(dir: string, name: string, exists: boolean): Promise<void> {
  if (exists) await saveProfile(dir, name, undefined);
}
