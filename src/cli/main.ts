#!/usr/bin/env node
import { writeSync } from 'node:fs';
import { cachedTokenOutput } from './token-fast-path.js';

/**
 * The `zbooks` entry point, the only place that touches the process: its arguments, streams, environment,
 * signals and exit code. `zbooks auth token` is what scripts call in a loop, so that exact call is first
 * answered from the token cache synchronously (a CommonJS bundle loading only node:fs, one write to fd 1);
 * anything else, and that call whenever the cache cannot answer it plainly, goes through the full program.
 */
const args = process.argv.slice(2);
const cached = isPlainTokenCall(args) ? cachedTokenOutput(args, process.env, Date.now()) : undefined;
if (cached === undefined || !printed(cached)) runFullProgram();

function runFullProgram(): void {
  // `zbooks … | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  // The program builds its context from this process (streams, environment, signals) in its own bundle: a
  // context made here would carry a second copy of the error classes, and instanceof would fail across them.
  void import('./program.js').then(async ({ runProgram }) => {
    process.exitCode = await runProgram(process.argv);
  });
}

/**
 * One synchronous write of the whole text to stdout. False when nothing could be written (the full program
 * then answers, and reports the problem); a reader that closed the pipe (`| head -c0`) is its choice: exit 0.
 */
function printed(text: string): boolean {
  const bytes = Buffer.from(text);
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(1, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue; // a non-blocking pipe that is full: the reader drains it
      if (code === 'EPIPE') process.exit(0);
      if (written === 0) return false;
      throw error;
    }
  }
  return true;
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
