import { CommanderError, Option } from 'commander';
import { EXIT } from '../../output.js';
import type { Registration } from '../registration.js';
import type { LoginOptions } from './login-credentials.js';
import type { LogoutOptions } from './logout.js';
import type { RevokeOptions } from './revoke.js';
import type { StatusOptions } from './status.js';
import type { TokenOptions } from './token.js';

/** Secrets as flag values would show in `ps` and shell history: refuse them with the right way instead. */
function refused(flag: string, instead: string): Option {
  return new Option(`${flag} <value>`).hideHelp().argParser(() => {
    throw new CommanderError(
      EXIT.usage,
      'zbooks.secretFlag',
      `error: ${flag} is not accepted: secrets never go on the command line. ${instead}`,
    );
  });
}

/** `zbooks auth login|token|status|revoke|logout`. */
export function registerAuth({ program, context, action }: Registration): void {
  const auth = program.command('auth').description('log in with a Self Client and get access tokens');

  auth
    .command('login')
    .description('exchange a Self Client grant code for a refresh token and save it in a profile')
    .option('--dc <id>', 'data centre: us, eu, in, au, jp, ca, cn, sa, uk, or auto to find it')
    .option('--accounts-url <url>', 'accounts server URL (instead of --dc)')
    .option('--client-id <id>', 'Self Client id (or ZOHO_CLIENT_ID)')
    .option('--client-secret-stdin', 'read the client secret from stdin (or ZOHO_CLIENT_SECRET)')
    .option('--code-stdin', 'read the grant code from stdin (or ZOHO_GRANT_CODE); after the secret if both')
    .option('--from-file <path>', 'the self_client.json the API console downloads (client id, secret, code)')
    .option('--org <id>', 'organization to use when the account has several')
    .option('--profile <name>', 'profile to save (default: ZBOOKS_PROFILE or "default")')
    .option('--revoke-old', 'revoke the refresh token this profile held before (it may be in use elsewhere)')
    .option('--json', 'print the result as JSON on stdout')
    .addOption(refused('--client-secret', 'Use ZOHO_CLIENT_SECRET, --client-secret-stdin or the prompt.'))
    .addOption(refused('--code', 'Use ZOHO_GRANT_CODE, --code-stdin, --from-file or the prompt.'))
    .addOption(refused('--refresh-token', 'Use ZOHO_REFRESH_TOKEN.'))
    .action(action(async (options: LoginOptions) => (await import('./login.js')).run(options, context)));

  auth
    .command('token')
    .description('print a valid access token (cached and shared; refreshed only when needed)')
    .option('--json', 'print token, expiry, api_domain and scope as JSON')
    .option('--profile <name>', 'profile to use')
    .action(action(async (options: TokenOptions) => (await import('./token.js')).run(options, context)));

  auth
    .command('status')
    .description('show the configuration in force, where each value came from, and the cached token')
    .option('--json', 'as JSON')
    .option('--profile <name>', 'profile to show')
    .action(action(async (options: StatusOptions) => (await import('./status.js')).run(options, context)));

  auth
    .command('revoke')
    .description('revoke the refresh token at Zoho, then remove it locally')
    .option('--profile <name>', 'profile to revoke')
    .action(action(async (options: RevokeOptions) => (await import('./revoke.js')).run(options, context)));

  auth
    .command('logout')
    .description('remove the profile and its cached token locally (the refresh token stays valid at Zoho)')
    .option('--profile <name>', 'profile to remove')
    .action(action(async (options: LogoutOptions) => (await import('./logout.js')).run(options, context)));
}
