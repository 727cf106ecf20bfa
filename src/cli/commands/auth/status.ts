import { resolveAccounts } from '../../../core/config.js';
import { mask } from '../../../core/redact.js';
import type { RunContext } from '../../context.js';
import { dcLabel } from '../../login/login.js';
import { EXIT } from '../../output.js';

export interface StatusOptions {
  json?: boolean;
  profile?: string;
}

/**
 * `auth status`: the configuration in force, where each value came from, and the cached token. Not logged in
 * is the auth exit code (gh exits non-zero too), so that a script can test it.
 */
export async function run(options: StatusOptions, ctx: RunContext): Promise<number> {
  const settings = await ctx.settings({ profile: options.profile });
  const v = settings.values;
  const accounts = v.accountsUrl || v.dc ? resolveAccounts(v) : undefined;
  let cached: { expiresAt: number; apiDomain: string; scope?: string } | undefined;
  let store = 'none';
  if (v.clientId && v.clientSecret && v.refreshToken && accounts) {
    const provider = await ctx.provider(settings);
    store = provider.store.description;
    cached = await provider.peek();
  }
  const source = (key: keyof typeof settings.sources) => settings.sources[key] ?? 'not set';
  const report = {
    profile: settings.profileName,
    config_dir: settings.configDir,
    dc: accounts?.dc?.id ?? (accounts ? dcLabel({ accounts_url: accounts.accountsUrl }) : null),
    accounts_url: accounts?.accountsUrl ?? null,
    api_domain: cached?.apiDomain ?? v.apiDomain ?? accounts?.dc?.apiDomain ?? null,
    organization_id: v.organizationId ?? null,
    client_id: { value: v.clientId ? mask(v.clientId) : null, source: source('clientId') },
    client_secret: { value: v.clientSecret ? '****' : null, source: source('clientSecret') },
    refresh_token: { value: v.refreshToken ? mask(v.refreshToken) : null, source: source('refreshToken') },
    token_store: store,
    cached_token: cached
      ? { valid: true, expires_at: new Date(cached.expiresAt).toISOString(), scope: cached.scope ?? null }
      : { valid: false },
  };
  if (options.json) {
    ctx.out(`${JSON.stringify(report, null, 2)}\n`);
    return v.refreshToken ? EXIT.ok : EXIT.auth;
  }
  const lines = [
    `Profile:        ${report.profile} (${report.config_dir})`,
    `Data centre:    ${report.dc ?? 'not set'}`,
    `Accounts URL:   ${report.accounts_url ?? 'not set'}`,
    `API domain:     ${report.api_domain ?? 'not known yet'}`,
    `Organization:   ${report.organization_id ?? 'not chosen'}${settings.sources.organizationId ? ` (${settings.sources.organizationId})` : ''}`,
    `Client id:      ${report.client_id.value ?? '-'}  from ${report.client_id.source}`,
    `Client secret:  ${report.client_secret.value ?? '-'}  from ${report.client_secret.source}`,
    `Refresh token:  ${report.refresh_token.value ?? '-'}  from ${report.refresh_token.source}`,
    `Token store:    ${report.token_store}`,
    `Cached token:   ${cached ? `valid until ${report.cached_token.expires_at}` : 'none (the next `zbooks auth token` mints one)'}`,
  ];
  ctx.out(`${lines.join('\n')}\n`);
  if (v.refreshToken) return EXIT.ok;
  ctx.err(
    'Not logged in: run `zbooks auth login`, or set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_DC.\n',
  );
  return EXIT.auth;
}
