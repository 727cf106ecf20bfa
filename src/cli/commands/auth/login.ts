import type { TokenStore } from '../../../auth/stores/token-store.js';
import { TokenProvider } from '../../../auth/token-provider.js';
import { ConfigError, StoreError } from '../../../core/errors.js';
import { mask } from '../../../core/redact.js';
import type { RunContext } from '../../context.js';
import { keychainAccount, keychainSet } from '../../keychain.js';
import { dcLabel, describeOrganizations, login, parseAccountsUrlOverrides } from '../../login/login.js';
import { type Profile, prepareConfigDir, saveProfile } from '../../profile-file.js';
import { openCliTokenStore, prepareCliTokenStore } from '../../token-store.js';
import { gatherCredentials, type LoginOptions, type Storage } from './login-credentials.js';
import { askRevokePrevious, findPreviousToken, settlePreviousToken } from './previous-token.js';

/** `zbooks auth login`: a grant code exchanged for a refresh token, saved in a profile. */
export async function run(options: LoginOptions, ctx: RunContext): Promise<number> {
  const settings = await ctx.settings({ profile: options.profile }, { missingProfile: 'allowed' });
  const env = ctx.env;
  // Before anything is asked or exchanged: the places that will keep the refresh token and the token cache
  // must be this user's own. Refused now, the grant code is still unused once the directory is fixed.
  await prepareConfigDir(settings.configDir);
  const store = await openCliTokenStore(settings, { env, logger: ctx.logger });
  ctx.onClose(async () => store.close?.());
  await prepareCliTokenStore(store);
  // Asked before the grant code is spent (it lasts minutes); never revoked by default: it may be in use elsewhere.
  const previous = await findPreviousToken(ctx, settings);
  const revokePrevious =
    previous !== undefined &&
    (options.revokeOld === true || (ctx.interactive && (await askRevokePrevious(previous))));
  const given = await gatherCredentials(options, ctx);
  const { clientId, clientSecret, code, dc, accountsUrl } = given;
  let { storage } = given;

  const profileName = settings.profileName;
  let refreshToken: string | undefined;
  const result = await login({
    clientId,
    clientSecret,
    code,
    ...(dc ? { dc } : {}),
    ...(accountsUrl ? { accountsUrl } : {}),
    ...((options.org ?? env.ZOHO_ORGANIZATION_ID)
      ? { organizationId: options.org ?? env.ZOHO_ORGANIZATION_ID }
      : {}),
    accountsUrlOverrides: parseAccountsUrlOverrides(env.ZBOOKS_ACCOUNTS_URLS),
    logger: ctx.logger,
    secrets: ctx.secrets,
    ...(ctx.interactive
      ? {
          chooseOrganization: async (orgs) =>
            (await import('../../login/guided-login.js')).pickOrganization(orgs),
        }
      : {}),
    persist: async (profile) => {
      refreshToken = profile.refresh_token;
      ctx.addSecret(refreshToken);
      storage = await persistProfile(ctx, settings.configDir, profileName, profile, storage);
    },
  }).finally(() => {
    // With "print .env lines" the screen is the only copy: print it even if a later step failed.
    if (storage === 'env' && refreshToken)
      ctx.out(envLines(clientId, clientSecret, refreshToken, dc, accountsUrl, env));
  });
  ctx.addSecret(result.token.accessToken);
  await cacheFirstToken(ctx, store, { clientId, clientSecret }, result);
  if (previous) await settlePreviousToken(ctx, previous, revokePrevious);
  await reportLogin(
    ctx,
    { profileName, clientId, storage, guided: given.guided, json: options.json === true },
    result,
  );
  if (result.organizationChoiceNeeded) {
    throw new ConfigError(
      `Logged in, but this account has ${result.organizations.length} organizations and none was chosen: ${describeOrganizations(result.organizations)}.`,
      'Choose one with `zbooks orgs use <id>`, or set ZOHO_ORGANIZATION_ID.',
    );
  }
  return 0;
}

type LoginResult = Awaited<ReturnType<typeof login>>;

/**
 * The first access token goes into the shared cache: the next `zbooks auth token` needs no request. The login
 * itself is done (the profile is saved): a cache that cannot take the token only costs a refresh later.
 */
async function cacheFirstToken(
  ctx: RunContext,
  store: TokenStore,
  client: { clientId: string; clientSecret: string },
  result: LoginResult,
): Promise<void> {
  const provider = new TokenProvider({
    ...client,
    refreshToken: result.profile.refresh_token!,
    accountsUrl: result.profile.accounts_url!,
    store,
    secrets: ctx.secrets,
  });
  await provider.store
    .set(provider.cacheKey, { ...result.token, obtainedAt: ctx.clock.now() })
    .catch((error) => {
      if (!(error instanceof StoreError)) throw error;
      ctx.logger.warn(
        `zbooks: the first access token was not cached (${error.message.replace(/\.$/, '')}); the next command mints one. ${error.hint}`,
      );
    });
}

/** The login's outcome: JSON on stdout with --json; the summary on stderr (or closing the guided flow). */
async function reportLogin(
  ctx: RunContext,
  how: { profileName: string; clientId: string; storage: Storage; guided: boolean; json: boolean },
  result: LoginResult,
): Promise<void> {
  const { profile } = result;
  const org = profile.organization_id
    ? `${profile.organization_name} (${profile.organization_id})`
    : 'not chosen';
  if (how.json) {
    ctx.out(
      `${JSON.stringify({
        profile: how.profileName,
        dc: profile.dc ?? null,
        accounts_url: profile.accounts_url,
        api_domain: profile.api_domain,
        scope: profile.scope ?? null,
        organization_id: profile.organization_id ?? null,
        organizations: result.organizations.map((o) => ({
          organization_id: o.organization_id,
          name: o.name,
        })),
        refresh_token_in: how.storage,
      })}\n`,
    );
  }
  const summary = [
    `✓ Logged in: profile "${how.profileName}", data centre ${dcLabel(profile)}, client ${mask(how.clientId)}, organization ${org}; refresh token in ${STORAGE_LABEL[how.storage]}.`,
    '  Each login creates a new refresh token and Zoho keeps only 20 per client (older ones are deleted): log in again only when you must.',
  ];
  if (how.guided)
    (await import('../../login/guided-login.js')).done([
      ...summary,
      '  Next: zbooks auth token | zbooks orgs | zbooks auth status',
    ]);
  else ctx.err(`${summary.join('\n')}\n`);
}

const STORAGE_LABEL = {
  profile: 'the profile file (0600)',
  keychain: 'the OS keychain',
  env: 'the .env lines printed above',
} as const;

/** Saves the profile; the refresh token goes where the person chose, and never silently anywhere else. */
async function persistProfile(
  ctx: RunContext,
  dir: string,
  name: string,
  profile: Profile,
  storage: Storage,
) {
  if (storage === 'profile') {
    await saveProfile(dir, name, profile);
    return storage;
  }
  const { client_secret: _secret, refresh_token: refreshToken, ...withoutSecrets } = profile;
  if (storage === 'keychain') {
    if (refreshToken && (await keychainSet(keychainAccount(name, profile.client_id!), refreshToken))) {
      await saveProfile(dir, name, { ...profile, refresh_token: undefined, refresh_token_in: 'keychain' });
      return storage;
    }
    ctx.err('! The OS keychain refused the refresh token: it is saved in the profile file (0600) instead.\n');
    await saveProfile(dir, name, profile);
    return 'profile' as const;
  }
  await saveProfile(dir, name, withoutSecrets);
  return storage;
}

/** The .env lines of "print them": the only copy of the refresh token. */
function envLines(
  clientId: string,
  clientSecret: string,
  refreshToken: string,
  dc: string | undefined,
  accountsUrl: string | undefined,
  env: NodeJS.ProcessEnv,
) {
  const lines = [
    '# zbooks: put these in your secrets manager; nothing secret was saved on disk',
    `ZOHO_CLIENT_ID=${clientId}`,
    `ZOHO_CLIENT_SECRET=${clientSecret}`,
    `ZOHO_REFRESH_TOKEN=${refreshToken}`,
    dc && dc !== 'auto' ? `ZOHO_DC=${dc}` : `ZOHO_ACCOUNTS_URL=${accountsUrl ?? env.ZOHO_ACCOUNTS_URL ?? ''}`,
  ];
  return `${lines.join('\n')}\n`;
}
