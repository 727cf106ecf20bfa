import { readFile } from 'node:fs/promises';
import { TokenProvider } from '../../../auth/token-provider.js';
import { ConfigError, StoreError } from '../../../core/errors.js';
import { mask } from '../../../core/redact.js';
import type { RunContext } from '../../context.js';
import { readLines } from '../../io.js';
import { keychainAccount, keychainSet } from '../../keychain.js';
import type { GuidedAnswers } from '../../login/guided-login.js';
import { dcLabel, describeOrganizations, login, parseAccountsUrlOverrides } from '../../login/login.js';
import { type Profile, prepareConfigDir, saveProfile } from '../../profile-file.js';
import { openCliTokenStore, prepareCliTokenStore } from '../../token-store.js';
import { askRevokePrevious, findPreviousToken, settlePreviousToken } from './previous-token.js';

export interface LoginOptions {
  profile?: string;
  dc?: string;
  accountsUrl?: string;
  clientId?: string;
  clientSecretStdin?: boolean;
  codeStdin?: boolean;
  fromFile?: string;
  org?: string;
  json?: boolean;
  /** Revoke the refresh token the profile held before, without asking. */
  revokeOld?: boolean;
}

/** The JSON file the API console offers for download after "Generate Code". */
interface SelfClientFile {
  client_id?: string;
  client_secret?: string;
  code?: string;
}

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
  const file = options.fromFile ? await readSelfClientFile(options.fromFile) : {};
  const piped = options.clientSecretStdin || options.codeStdin ? await readLines(ctx.io.stdin) : [];
  const secretFromStdin = options.clientSecretStdin ? piped.shift() : undefined;
  const codeFromStdin = options.codeStdin ? piped.shift() : undefined;

  let dc = options.dc ?? (options.accountsUrl ? undefined : env.ZOHO_DC);
  const accountsUrl = options.accountsUrl ?? (dc ? undefined : env.ZOHO_ACCOUNTS_URL);
  let clientId = options.clientId ?? env.ZOHO_CLIENT_ID ?? file.client_id;
  let clientSecret = secretFromStdin ?? env.ZOHO_CLIENT_SECRET ?? file.client_secret;
  let code = codeFromStdin ?? env.ZOHO_GRANT_CODE ?? file.code;
  let storage: GuidedAnswers['storage'] = 'profile';
  const guided = ctx.interactive && !(clientId && clientSecret && code);
  if (guided) {
    const { guidedLogin } = await import('../../login/guided-login.js');
    const answers = await guidedLogin({
      ...(dc || accountsUrl ? { dc: dc ?? 'custom' } : {}),
      ...(clientId ? { clientId } : {}),
      ...(clientSecret ? { clientSecret } : {}),
    });
    if (!accountsUrl) dc = answers.dc;
    ({ clientId, clientSecret, code, storage } = answers);
  }
  clientId = required('client id', clientId, 'ZOHO_CLIENT_ID or --client-id');
  clientSecret = required('client secret', clientSecret, 'ZOHO_CLIENT_SECRET or --client-secret-stdin');
  code = required('grant code', code, 'ZOHO_GRANT_CODE, --code-stdin or --from-file');
  if (!dc && !accountsUrl) {
    throw new ConfigError(
      'No data centre given.',
      'Use --dc (us, eu, in, au, jp, ca, cn, sa, uk, or auto), ZOHO_DC or ZOHO_ACCOUNTS_URL.',
    );
  }
  ctx.addSecret(clientSecret);
  ctx.addSecret(code);

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

  // The first access token goes into the shared cache: the next `zbooks auth token` needs no request. The
  // login itself is done (the profile is saved): a cache that cannot take the token only costs a refresh later.
  const provider = new TokenProvider({
    clientId,
    clientSecret,
    refreshToken: result.profile.refresh_token!,
    accountsUrl: result.profile.accounts_url!,
    store,
    secrets: ctx.secrets,
  });
  await provider.store.set(provider.cacheKey, { ...result.token, obtainedAt: Date.now() }).catch((error) => {
    if (!(error instanceof StoreError)) throw error;
    ctx.logger.warn(
      `zbooks: the first access token was not cached (${error.message.replace(/\.$/, '')}); the next command mints one. ${error.hint}`,
    );
  });

  if (previous) await settlePreviousToken(ctx, previous, revokePrevious);

  const { profile } = result;
  const org = profile.organization_id
    ? `${profile.organization_name} (${profile.organization_id})`
    : 'not chosen';
  if (options.json) {
    ctx.out(
      `${JSON.stringify({
        profile: profileName,
        dc: profile.dc ?? null,
        accounts_url: profile.accounts_url,
        api_domain: profile.api_domain,
        scope: profile.scope ?? null,
        organization_id: profile.organization_id ?? null,
        organizations: result.organizations.map((o) => ({
          organization_id: o.organization_id,
          name: o.name,
        })),
        refresh_token_in: storage,
      })}\n`,
    );
  }
  const summary = [
    `✓ Logged in: profile "${profileName}", data centre ${dcLabel(profile)}, client ${mask(clientId)}, organization ${org}; refresh token in ${STORAGE_LABEL[storage]}.`,
    '  Each login creates a new refresh token and Zoho keeps only 20 per client (older ones are deleted): log in again only when you must.',
  ];
  if (guided)
    (await import('../../login/guided-login.js')).done([
      ...summary,
      '  Next: zbooks auth token | zbooks orgs | zbooks auth status',
    ]);
  else ctx.err(`${summary.join('\n')}\n`);
  if (result.organizationChoiceNeeded) {
    throw new ConfigError(
      `Logged in, but this account has ${result.organizations.length} organizations and none was chosen: ${describeOrganizations(result.organizations)}.`,
      'Choose one with `zbooks orgs use <id>`, or set ZOHO_ORGANIZATION_ID.',
    );
  }
  return 0;
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
  storage: GuidedAnswers['storage'],
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

function required(what: string, value: string | undefined, how: string): string {
  if (value?.trim()) return value.trim();
  throw new ConfigError(
    `No ${what} given.`,
    `Give it with ${how}; with a terminal attached zbooks asks for it.`,
  );
}

async function readSelfClientFile(path: string): Promise<SelfClientFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Cannot read ${path} (${(error as NodeJS.ErrnoException).code}).`,
      'Give the path of the self_client.json file the API console downloaded.',
    );
  }
  try {
    const parsed = JSON.parse(text) as SelfClientFile;
    if (parsed && typeof parsed === 'object') return parsed;
  } catch {
    // below
  }
  throw new ConfigError(
    `${path} is not the JSON file the API console downloads.`,
    'Download it again from the Self Client, or give the values by environment.',
  );
}
