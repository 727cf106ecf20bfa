import { keychainAccount, keychainDelete } from '../../keychain.js';
import { saveProfile } from '../../profile-file.js';
import type { ResolvedSettings } from '../../settings.js';

/** Removes the profile, and its refresh token from the keychain when it was kept there. */
export async function forgetProfile(settings: ResolvedSettings): Promise<void> {
  const { profile, profileName } = settings;
  if (!profile) return;
  if (profile.refresh_token_in === 'keychain' && profile.client_id) {
    await keychainDelete(keychainAccount(profileName, profile.client_id));
  }
  await saveProfile(settings.configDir, profileName, undefined);
}
