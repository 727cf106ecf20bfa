import { listOrganizations } from '../../../books/organizations.js';
import type { RunContext } from '../../context.js';

/** The organizations this login reaches, with the settings they were fetched with. */
export async function fetchOrganizations(ctx: RunContext, profile: string | undefined) {
  const settings = await ctx.settings({ profile });
  const provider = await ctx.provider(settings);
  const token = await provider.getToken();
  ctx.addSecret(token.accessToken);
  const organizations = await listOrganizations(token.apiDomain, token.accessToken, undefined, {
    secrets: ctx.secrets,
    ...(token.scope ? { scope: token.scope } : {}),
  });
  return { settings, organizations };
}
