import { readFile } from 'node:fs/promises';
import { TokenProvider } from '../../auth/token-provider.js';
import type { Organization } from '../../books/organizations.js';
import { DATA_CENTRES } from '../../core/data-centres.js';
import { ConfigError } from '../../core/errors.js';
import { mask } from '../../core/redact.js';
import type { RunContext } from '../context.js';
import { dcLabel, describeOrganizations, login, parseAccountsUrlOverrides } from '../login.js';
import { saveProfile } from '../profile-file.js';
import { ask, interactive, readStdinLines } from '../terminal.js';
import { openCliTokenStore } from '../token-store.js';

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
}

/** The JSON file the API console offers for download after "Generate Code". */
interface SelfClientFile {
  client_id?: string;
  client_secret?: string;
  code?: string;
}

export async function authLogin(run: RunContext, options: LoginOptions): Promise<void> {
  const settings = await run.settings({ profile: options.profile });
  const env = run.env;
  const file = options.fromFile ? await readSelfClientFile(options.fromFile) : {};
  const piped = options.clientSecretStdin || options.codeStdin ? await readStdinLines() : [];
  const fromStdin = (wanted: boolean | undefined) => (wanted ? piped.shift() : undefined);
  const secretFromStdin = fromStdin(options.clientSecretStdin);
  const codeFromStdin = fromStdin(options.codeStdin);

  const dc = options.dc ?? (options.accountsUrl ? undefined : env.ZOHO_DC) ?? (await askDc(options, env));
  const clientId = await input(
    'client id',
    options.clientId ?? env.ZOHO_CLIENT_ID ?? file.client_id,
    'ZOHO_CLIENT_ID or --client-id',
    false,
  );
  const clientSecret = await input(
    'client secret',
    secretFromStdin ?? env.ZOHO_CLIENT_SECRET ?? file.client_secret,
    'ZOHO_CLIENT_SECRET or --client-secret-stdin',
    true,
  );
  const code = await input(
    'grant code',
    codeFromStdin ?? env.ZOHO_GRANT_CODE ?? file.code,
    'ZOHO_GRANT_CODE or --code-stdin',
    true,
  );
  run.addSecret(clientSecret);
  run.addSecret(code);

  const profileName = settings.profileName;
  const result = await login({
    clientId,
    clientSecret,
    code,
    ...(dc ? { dc } : {}),
    ...((options.accountsUrl ?? (!dc ? env.ZOHO_ACCOUNTS_URL : undefined))
      ? { accountsUrl: options.accountsUrl ?? env.ZOHO_ACCOUNTS_URL }
      : {}),
    ...((options.org ?? env.ZOHO_ORGANIZATION_ID)
      ? { organizationId: options.org ?? env.ZOHO_ORGANIZATION_ID }
      : {}),
    accountsUrlOverrides: parseAccountsUrlOverrides(env.ZBOOKS_ACCOUNTS_URLS),
    ...(interactive() ? { chooseOrganization: pickOrganization } : {}),
    persist: async (profile) => {
      run.addSecret(profile.refresh_token);
      await saveProfile(settings.configDir, profileName, profile);
    },
  });
  run.addSecret(result.token.accessToken);

  // The first access token goes into the shared cache: the next `zbooks auth token` needs no request.
  const provider = new TokenProvider({
    clientId,
    clientSecret,
    refreshToken: result.profile.refresh_token!,
    accountsUrl: result.profile.accounts_url!,
    store: await openCliTokenStore(settings),
  });
  await provider.store.set(provider.cacheKey, { ...result.token, obtainedAt: Date.now() });
  await provider.store.close?.();

  const { profile } = result;
  const org = profile.organization_id
    ? `${profile.organization_name} (${profile.organization_id})`
    : 'not chosen';
  if (options.json) {
    process.stdout.write(
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
      })}\n`,
    );
  }
  process.stderr.write(
    [
      `✓ Logged in: profile "${profileName}", data centre ${dcLabel(profile)}, client ${mask(clientId)}, organization ${org}.`,
      '  Each login creates a new refresh token and Zoho keeps only 20 per client (older ones are deleted): log in again only when you must.',
      '',
    ].join('\n'),
  );
  if (result.organizationChoiceNeeded) {
    throw new ConfigError(
      `Logged in, but this account has ${result.organizations.length} organizations and none was chosen: ${describeOrganizations(result.organizations)}.`,
      'Choose one with `zbooks orgs use <id>`, or set ZOHO_ORGANIZATION_ID.',
    );
  }
}

async function input(what: string, value: string | undefined, how: string, secret: boolean): Promise<string> {
  if (value?.trim()) return value.trim();
  if (interactive()) {
    const answer = await ask(`${what[0]!.toUpperCase()}${what.slice(1)}: `, { hidden: secret });
    if (answer) return answer;
  }
  throw new ConfigError(
    `No ${what} given.`,
    `Give it with ${how}; with a terminal attached zbooks asks for it.`,
  );
}

async function askDc(options: LoginOptions, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (options.accountsUrl || env.ZOHO_ACCOUNTS_URL || !interactive()) return undefined;
  const list = DATA_CENTRES.map((d) => `${d.id} (${new URL(d.accountsUrl).host})`).join(', ');
  return (await ask(`Data centre where the Self Client was created [${list}, or auto]: `)) || undefined;
}

async function pickOrganization(organizations: Organization[]): Promise<string> {
  organizations.forEach((o, i) => {
    process.stderr.write(`  ${i + 1}. ${o.name} (${o.organization_id})\n`);
  });
  const answer = await ask(`Organization [1-${organizations.length}]: `);
  const picked = organizations[Number(answer) - 1] ?? organizations.find((o) => o.organization_id === answer);
  if (!picked)
    throw new ConfigError(
      `"${answer}" is not one of the organizations listed.`,
      'Run the login again and pick a number.',
    );
  return picked.organization_id;
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
