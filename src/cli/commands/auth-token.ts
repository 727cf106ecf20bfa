import type { RunContext } from '../context.js';

export async function authToken(
  run: RunContext,
  options: { json?: boolean; profile?: string },
): Promise<void> {
  const settings = await run.settings({ profile: options.profile });
  const provider = await run.provider(settings);
  const token = await provider.getToken();
  run.addSecret(token.accessToken);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({
        access_token: token.accessToken,
        expires_at: new Date(token.expiresAt).toISOString(),
        expires_in: Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000)),
        api_domain: token.apiDomain,
        scope: token.scope ?? null,
        token_type: 'Zoho-oauthtoken',
      })}\n`,
    );
  } else {
    process.stdout.write(`${token.accessToken}\n`);
  }
}
