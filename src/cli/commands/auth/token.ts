import type { RunContext } from '../../context.js';

export interface TokenOptions {
  json?: boolean;
  profile?: string;
}

/** `auth token`: a valid access token, from the shared cache or freshly minted. */
export async function run(options: TokenOptions, ctx: RunContext): Promise<number> {
  const settings = await ctx.settings({ profile: options.profile });
  const provider = await ctx.provider(settings);
  const token = await provider.getToken();
  ctx.addSecret(token.accessToken);
  if (options.json) {
    ctx.out(
      `${JSON.stringify({
        access_token: token.accessToken,
        expires_at: new Date(token.expiresAt).toISOString(),
        expires_in: Math.max(0, Math.floor((token.expiresAt - ctx.clock.now()) / 1000)),
        api_domain: token.apiDomain,
        scope: token.scope ?? null,
        token_type: 'Zoho-oauthtoken',
      })}\n`,
    );
  } else {
    ctx.out(`${token.accessToken}\n`);
  }
  return 0;
}
