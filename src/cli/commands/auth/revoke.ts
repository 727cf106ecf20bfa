import type { RunContext } from '../../context.js';
import { forgetProfile } from './forget-profile.js';

export interface RevokeOptions {
  profile?: string;
}

/** `auth revoke`: at Zoho first (so the refresh token is dead everywhere), then locally. */
export async function run(options: RevokeOptions, ctx: RunContext): Promise<number> {
  const settings = await ctx.settings({ profile: options.profile });
  const provider = await ctx.provider(settings);
  const known = await provider.revoke();
  await forgetProfile(settings);
  ctx.err(
    known
      ? '✓ Revoked at Zoho: the refresh token and every access token minted from it no longer work.\n'
      : '✓ Zoho did not know this refresh token any more (already revoked or evicted); removed it locally.\n',
  );
  return 0;
}
