import type { RunContext } from '../context.js';
import { keychainAccount, keychainDelete } from '../keychain.js';
import { saveProfile } from '../profile-file.js';
import type { ResolvedSettings } from '../settings.js';

/** `auth revoke`: at Zoho first (so the refresh token is dead everywhere), then locally. */
export async function authRevoke(run: RunContext, options: { profile?: string }): Promise<void> {
  const settings = await run.settings({ profile: options.profile });
  const provider = await run.provider(settings);
  const known = await provider.revoke();
  await forgetProfile(settings);
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
  }
  const had = settings.profile !== undefined;
  await forgetProfile(settings);
  process.stderr.write(
    had
      ? `✓ Logged out of profile "${settings.profileName}". The refresh token is still valid at Zoho; use \`zbooks auth revoke\` to kill it.\n`
      : `Nothing to log out: profile "${settings.profileName}" does not exist.\n`,
  );
}

async function forgetProfile(settings: ResolvedSettings): Promise<void> {
  const { profile, profileName } = settings;
  if (!profile) return;
  if (profile.refresh_token_in === 'keychain' && profile.client_id) {
    await keychainDelete(keychainAccount(profileName, profile.client_id));
  }
  await saveProfile(settings.configDir, profileName, undefined);
}
