#!/usr/bin/env node
/**
 * The `zbooks` entry point, the only place that touches the process: its arguments, streams, environment,
 * signals and exit code. `zbooks auth token` is what scripts call in a loop, so that exact call skips the
 * command-line parser and loads only what it needs; everything else goes through the full program.
 */
const args = process.argv.slice(2);

// `zbooks … | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

if (isPlainTokenCall(args)) {
  await (await import('./token-fast-path.js')).tokenFastPath(args);
} else {
  // The program builds its context from this process (streams, environment, signals) in its own bundle: a
  // context made here would carry a second copy of the error classes, and instanceof would fail across them.
  process.exitCode = await (await import('./program.js')).runProgram(process.argv);
}

/** `auth token` with only `--json` and `--profile <name>`: anything else (help, --debug, typos) takes the full path. */
function isPlainTokenCall(argv: string[]): boolean {
  if (argv[0] !== 'auth' || argv[1] !== 'token') return false;
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--json') continue;
    if (argv[i] === '--profile' && argv[i + 1] && !argv[i + 1]!.startsWith('-')) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}
