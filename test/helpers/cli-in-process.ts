import { Readable, Writable } from 'node:stream';
import { RunContext } from '../../src/cli/context.js';
import { runProgram } from '../../src/cli/program.js';
import type { CliResult } from './cli.js';

/** A stream that keeps what is written as a string, optionally looking like a terminal. */
class Captured extends Writable {
  text = '';
  readonly isTTY: boolean;
  readonly columns: number | undefined;

  constructor(options: { isTTY?: boolean; columns?: number } = {}) {
    super();
    this.isTTY = options.isTTY ?? false;
    this.columns = options.columns;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

export interface InProcessOptions {
  env?: Record<string, string>;
  input?: string;
  /** stdout as a terminal of this many columns (a table by default). */
  terminal?: { columns: number };
}

/**
 * Runs a `zbooks` command in this process, as `zbooks(args)` runs the built binary: the same environment (only
 * the one given, plus PATH and HOME), stdin from `input`, stdout and stderr captured. For tests about a
 * command; start-up, signals and pipes need the real process.
 */
export async function zbooksInProcess(args: string[], options: InProcessOptions = {}): Promise<CliResult> {
  const stdout = new Captured({
    isTTY: options.terminal !== undefined,
    ...(options.terminal ? { columns: options.terminal.columns } : {}),
  });
  const stderr = new Captured();
  const stdin = Readable.from([Buffer.from(options.input ?? '')]);
  const context = new RunContext({
    io: { stdout, stderr, stdin },
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
  });
  const code = await runProgram(['node', 'zbooks', ...args], context);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
