import type { RunContext } from '../../context.js';
import { forgetProfile } from './forget-profile.js';

export interface LogoutOptions {
  profile?: string;
}

/** `auth logout`: forget the profile and its cached token here; the refresh token stays valid at Zoho. */
export async function run(options: LogoutOptions, ctx: RunContext): Promise<number> {
  const settings = await ctx.settings({ profile: options.profile }, { missingProfile: 'allowed' });
  if (settings.values.refreshToken && settings.values.clientId && settings.values.clientSecret) {
    const provider = await ctx.provider(settings);
    await provider.forget();
  }
  const had = settings.profile !== undefined;
  await forgetProfile(settings);
  ctx.err(
    had
      ? `✓ Logged out of profile "${settings.profileName}". The refresh token is still valid at Zoho; use \`zbooks auth revoke\` to kill it.\n`
      : `Nothing to log out: profile "${settings.profileName}" does not exist.\n`,
  );
  return 0;
}
