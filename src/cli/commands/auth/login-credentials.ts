import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../../core/errors.js';
import type { RunContext } from '../../context.js';
import { readLines } from '../../io.js';
import type { GuidedAnswers } from '../../login/guided-login.js';

/** The flags of `auth login`. */
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

/** Where the new refresh token is kept: the profile file, the OS keychain, or only printed .env lines. */
export type Storage = GuidedAnswers['storage'];

/** What a login exchanges, wherever it came from. */
interface Credentials {
  clientId: string;
  clientSecret: string;
  code: string;
  dc: string | undefined;
  accountsUrl: string | undefined;
  storage: Storage;
  /** Asked for on a terminal, step by step. */
  guided: boolean;
}

/** The JSON file the API console offers for download after "Generate Code". */
interface SelfClientFile {
  client_id?: string;
  client_secret?: string;
  code?: string;
}

/**
 * The client, its secret and the grant code: from flags, stdin, the environment or the console's file, and on a
 * terminal whatever is missing is asked for. The secret and the code are learnt as secrets at once.
 */
export async function gatherCredentials(options: LoginOptions, ctx: RunContext): Promise<Credentials> {
  const env = ctx.env;
  const file = options.fromFile ? await readSelfClientFile(options.fromFile) : {};
  const piped = options.clientSecretStdin || options.codeStdin ? await readLines(ctx.io.stdin) : [];
  const secretFromStdin = options.clientSecretStdin ? piped.shift() : undefined;
  const codeFromStdin = options.codeStdin ? piped.shift() : undefined;

  let dc = options.dc ?? (options.accountsUrl ? undefined : env.ZOHO_DC);
  const accountsUrl = options.accountsUrl ?? (dc ? undefined : env.ZOHO_ACCOUNTS_URL);
  let clientId = options.clientId ?? env.ZOHO_CLIENT_ID ?? file.client_id;
  let clientSecret = secretFromStdin ?? env.ZOHO_CLIENT_SECRET ?? file.client_secret;
  let code = codeFromStdin ?? env.ZOHO_GRANT_CODE ?? file.code;
  let storage: Storage = 'profile';
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
  const credentials = {
    clientId: required('client id', clientId, 'ZOHO_CLIENT_ID or --client-id'),
    clientSecret: required('client secret', clientSecret, 'ZOHO_CLIENT_SECRET or --client-secret-stdin'),
    code: required('grant code', code, 'ZOHO_GRANT_CODE, --code-stdin or --from-file'),
    dc,
    accountsUrl,
    storage,
    guided,
  };
  if (!dc && !accountsUrl) {
    throw new ConfigError(
      'No data centre given.',
      'Use --dc (us, eu, in, au, jp, ca, cn, sa, uk, or auto), ZOHO_DC or ZOHO_ACCOUNTS_URL.',
    );
  }
  ctx.addSecret(credentials.clientSecret);
  ctx.addSecret(credentials.code);
  return credentials;
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
