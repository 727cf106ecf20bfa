import { Command, CommanderError, Option } from 'commander';
import { registerExport } from './commands/export-command.js';
import { RunContext } from './context.js';
import { EXIT, reportFailure } from './output.js';
import { Stops } from './stops.js';

/**
 * The `zbooks` command line (everything but the `auth token` fast path). Each command's module is imported
 * only when that command runs. Sets process.exitCode; never throws.
 */
export async function runProgram(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Every command stops the same way on SIGINT and SIGTERM (see Stops): this entry point owns the signal.
  const stops = new Stops().install();
  const run = new RunContext(env, stops);
  const program = new Command('zbooks')
    .description('Headless Zoho Books: Self Client tokens, API calls and an offline emulator.')
    .option('--debug', 'print details (redacted) when something fails')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const action =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      run.debug = Boolean(program.opts().debug);
      await fn(...args);
    };

  /** Secrets as flag values would show in `ps` and shell history: refuse them with the right way instead. */
  const refused = (flag: string, instead: string) =>
    new Option(`${flag} <value>`).hideHelp().argParser(() => {
      throw new CommanderError(
        EXIT.usage,
        'zbooks.secretFlag',
        `error: ${flag} is not accepted: secrets never go on the command line. ${instead}`,
      );
    });

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
    .option('--json', 'print the result as JSON on stdout')
    .addOption(refused('--client-secret', 'Use ZOHO_CLIENT_SECRET, --client-secret-stdin or the prompt.'))
    .addOption(refused('--code', 'Use ZOHO_GRANT_CODE, --code-stdin, --from-file or the prompt.'))
    .addOption(refused('--refresh-token', 'Use ZOHO_REFRESH_TOKEN.'))
    .action(action(async (options) => (await import('./commands/auth-login.js')).authLogin(run, options)));

  auth
    .command('token')
    .description('print a valid access token (cached and shared; refreshed only when needed)')
    .option('--json', 'print token, expiry, api_domain and scope as JSON')
    .option('--profile <name>', 'profile to use')
    .action(action(async (options) => (await import('./commands/auth-token.js')).authToken(run, options)));

  auth
    .command('status')
    .description('show the configuration in force, where each value came from, and the cached token')
    .option('--json', 'as JSON')
    .option('--profile <name>', 'profile to show')
    .action(action(async (options) => (await import('./commands/auth-status.js')).authStatus(run, options)));

  auth
    .command('revoke')
    .description('revoke the refresh token at Zoho, then remove it locally')
    .option('--profile <name>', 'profile to revoke')
    .action(action(async (options) => (await import('./commands/auth-logout.js')).authRevoke(run, options)));

  auth
    .command('logout')
    .description('remove the profile and its cached token locally (the refresh token stays valid at Zoho)')
    .option('--profile <name>', 'profile to remove')
    .action(action(async (options) => (await import('./commands/auth-logout.js')).authLogout(run, options)));

  const orgs = program
    .command('orgs')
    .description('list the organizations this login can reach')
    .option('--json', 'as JSON')
    .option('--profile <name>', 'profile to use')
    .action(action(async (options) => (await import('./commands/orgs.js')).orgsList(run, options)));
  orgs
    .command('use <organization_id>')
    .description("set the profile's organization")
    .option('--profile <name>', 'profile to change')
    .action(
      action(async (id: string, options) => (await import('./commands/orgs.js')).orgsUse(run, id, options)),
    );

  program
    .command('emulator')
    .description('run the Zoho emulator (accounts server, API console, Books API) until stopped')
    .option('--port <n>', 'port of the first data centre (0 = any free port)', '0')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--dc <ids>', 'data centres to run, comma-separated', 'us')
    .option('--token-ttl <seconds>', 'access token lifetime', '3600')
    .option('--seed', 'create a Self Client and print its id, secret and a fresh grant code')
    .option('--scope <scopes>', 'scopes of the seeded grant code', 'ZohoBooks.fullaccess.all')
    .option('--preset <name>', 'fill the seeded organization with a sample ledger: small, demo or large')
    .option('--records <counts>', 'sample records to seed, e.g. invoices=200,contacts=50 (with --seed)')
    .option('--json', 'print the URLs (and seed) as one JSON object on the first line')
    .action(
      action(async (options) => (await import('./commands/emulator.js')).emulatorCommand(options, run.stops)),
    );

  program
    .command('demo')
    .description('show the whole Self Client flow against the embedded emulator, offline, in seconds')
    .action(action(async () => (await import('./commands/demo.js')).demoCommand()));

  registerExport(program, run, action);
  (await import('./commands/serve/register.js')).registerServe(program, run, action);

  program
    .command('doctor')
    .description('check configuration, data centre, token, scopes, organization, clock and daily budget')
    .option('--profile <name>', 'profile to check')
    .action(action(async (options) => (await import('./commands/doctor.js')).doctorCommand(run, options)));

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('api <path>')
    .description('call any Books path, like `gh api`: zbooks api /invoices -f status=unpaid --paginate')
    .option('-X, --method <method>', 'HTTP method (default GET, or POST when fields are given)')
    .option(
      '-f, --raw-field <key=value>',
      'a string field (query for GET, JSON body otherwise); repeatable',
      collect,
    )
    .option(
      '-F, --field <key=value>',
      'a typed field: numbers, true/false/null, @file, @- for stdin; repeatable',
      collect,
    )
    .option('--input <file>', 'the JSON body from a file, or - for stdin')
    .option('-H, --header <line>', 'an extra header, "Name: value"; repeatable', collect)
    .option('-i, --include', 'print the HTTP status and headers first')
    .option('--silent', 'print nothing on success')
    .option('--paginate', 'follow page_context through every page')
    .option('--slurp', 'with --paginate: one JSON array of every record')
    .option('--org <id>', 'organization (default: the profile’s)')
    .option('--profile <name>', 'profile to use')
    .action(
      action(async (path: string, options) =>
        (await import('./commands/api.js')).apiCommand(run, path, options),
      ),
    );

  program
    .command('completion <shell>')
    .description('print shell completion for bash, zsh or fish (e.g. eval "$(zbooks completion bash)")')
    .action(
      action(async (shell: string) => {
        process.stdout.write((await import('./completion.js')).completionScript(shell));
      }),
    );

  program
    .command('__complete [words...]', { hidden: true })
    .allowUnknownOption()
    .action(
      action(async (words: string[] = []) => {
        const candidates = (await import('./completion.js')).completeWords(program, words);
        process.stdout.write(`${candidates.join('\n')}\n`);
      }),
    );

  // Books modules become commands only when one is named (or for help and completion): the table is large.
  const BUILT_IN = new Set(program.commands.map((c) => c.name()));
  const first = argv.slice(2).find((word) => !word.startsWith('-'));
  if (first === undefined || first === 'help' || first === '__complete' || !BUILT_IN.has(first)) {
    const { registerModules } = await import('./commands/module-commands.js');
    const { findModuleIfAny } = await import('./modules.js');
    registerModules(
      program,
      run,
      action,
      first && first !== 'help' && first !== '__complete' ? findModuleIfAny(first) : undefined,
    );
  }

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; everything else commander rejects is a usage error.
      const ok =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0;
      if (error.code === 'zbooks.secretFlag')
        process.stderr.write(`${error.message.replace(/^error: /, 'zbooks: ')}\n`);
      process.exitCode = ok ? EXIT.ok : EXIT.usage;
    } else if ((error as { cancelled?: boolean })?.cancelled) {
      process.stderr.write('zbooks: cancelled.\n');
      process.exitCode = EXIT.usage;
    } else if (!stops.stopped) {
      // After a stop, the failure is the stop's doing (an aborted request): the stop report says what matters.
      reportFailure(run, error);
    }
  } finally {
    await run.close();
    stops.finish();
    stops.dispose();
  }
}
