import { Readable, Writable } from 'node:stream';
import { inspect } from 'node:util';
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
  const restore = captureStrays(stdout, stderr);
  try {
    const code = await runProgram(['node', 'zbooks', ...args], context);
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    restore();
  }
}

/**
 * Whatever reaches this process's own streams or console during the run (a library printing past the context)
 * is what the binary would have printed too: it is captured with the command's output, so that assertions,
 * secret scans included, see it.
 */
function captureStrays(stdout: Captured, stderr: Captured): () => void {
  const saved = {
    out: process.stdout.write,
    err: process.stderr.write,
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
  };
  const into = (stream: Captured) =>
    ((chunk: string | Uint8Array) => {
      stream.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  const line =
    (stream: Captured) =>
    (...values: unknown[]) => {
      stream.text += `${values.map((v) => (typeof v === 'string' ? v : inspect(v))).join(' ')}\n`;
    };
  process.stdout.write = into(stdout);
  process.stderr.write = into(stderr);
  console.log = line(stdout);
  console.info = line(stdout);
  console.warn = line(stderr);
  console.error = line(stderr);
  return () => {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    console.log = saved.log;
    console.info = saved.info;
    console.warn = saved.warn;
    console.error = saved.error;
  };
}
