import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerApi } from './commands/api/register.js';
import { registerAuth } from './commands/auth/register.js';
import { registerCompletion } from './commands/completion/register.js';
import { registerDemo } from './commands/demo/register.js';
import { registerDoctor } from './commands/doctor/register.js';
import { registerEmulator } from './commands/emulator/register.js';
import { registerExport } from './commands/export/register.js';
import { registerOrgs } from './commands/orgs/register.js';
import type { Action, RegisterGroup } from './commands/registration.js';
import { registerServe } from './commands/serve/register.js';
import { RunContext, type RunContextOptions } from './context.js';
import { findModuleIfAny } from './modules.js';
import { EXIT, printFailure } from './output.js';
import { Stops } from './stops.js';

/** The built-in command groups, in the order `--help` lists them. A new group is one line here. */
const GROUPS: readonly RegisterGroup[] = [
  registerAuth,
  registerOrgs,
  registerEmulator,
  registerDemo,
  registerExport,
  registerDoctor,
  registerApi,
  registerCompletion,
  registerServe,
];

/**
 * The `zbooks` command line (everything but the `auth token` fast path), run with `context`'s streams,
 * environment and stop signal (by default the process's; options make a context with its own stop signal). Each command's module is imported only when that command runs. Returns the exit
 * code; never throws.
 */
export async function runProgram(
  argv: string[],
  given: RunContext | RunContextOptions = processContext(),
): Promise<number> {
  const context = given instanceof RunContext ? given : new RunContext(given);
  let exitCode: number = EXIT.ok;
  const program = new Command('zbooks')
    .description('Headless Zoho Books: Self Client tokens, API calls and an offline emulator.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--debug', 'print details (redacted) when something fails')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    })
    .exitOverride();

  const action: Action =
    (run) =>
    async (...args) => {
      context.debug = Boolean(program.opts().debug);
      exitCode = await run(...args);
    };

  for (const register of GROUPS) register({ program, context, action });

  // Books modules become commands only when one is named (or for help and completion): the table is large.
  const words = helpToFlag(argv.slice(2));
  const builtIn = new Set(program.commands.map((c) => c.name()));
  const first = words.find((word) => !word.startsWith('-'));
  if (first === undefined || first === 'help' || first === '__complete' || !builtIn.has(first)) {
    const { registerModules } = await import('./commands/modules/register.js');
    const named = first && first !== 'help' && first !== '__complete' ? findModuleIfAny(first) : undefined;
    registerModules({ program, context, action }, named);
  }

  try {
    await program.parseAsync(words, { from: 'user' });
  } catch (error) {
    exitCode = failureCode(error, context);
  } finally {
    await context.close();
    context.stops.finish();
    context.stops.dispose();
  }
  return exitCode;
}

/**
 * The entry point's context: the process's streams and environment, and its signals: every command stops the
 * same way on SIGINT and SIGTERM (see Stops).
 */
function processContext(): RunContext {
  return new RunContext({ stops: new Stops().install() });
}

/** What a failure prints, and the exit code it ends with. */
function failureCode(error: unknown, context: RunContext): number {
  if (error instanceof CommanderError) {
    // Help and version are not failures; everything else commander rejects is a usage error.
    const ok =
      error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0;
    if (error.code === 'zbooks.secretFlag') context.err(`${error.message.replace(/^error: /, 'zbooks: ')}\n`);
    return ok ? EXIT.ok : EXIT.usage;
  }
  if ((error as { cancelled?: boolean })?.cancelled) {
    context.err('zbooks: cancelled.\n');
    return EXIT.usage;
  }
  // After a stop, the failure is the stop's doing (an aborted request): the stop report says what matters.
  if (context.stops.stopped) return EXIT.ok;
  return printFailure(context, error);
}

/**
 * `zbooks help invoices list` → `zbooks invoices list --help`: commander's own help command takes one word,
 * so the help of a module's operation would otherwise be the module's.
 */
function helpToFlag(words: string[]): string[] {
  if (words[0] !== 'help' || words.length < 2) return words;
  return [...words.slice(1), '--help'];
}

/** The version in package.json: two levels up from src/cli, dist/cli and dist/bin alike. */
function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
