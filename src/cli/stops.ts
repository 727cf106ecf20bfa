import { constants } from 'node:os';
import { howToCheck, type WriteInFlight, WritesInFlight } from './writes-in-flight.js';

interface StopsOptions {
  /** How long a stopped command has to end by itself before the process exits anyway. Default 600 ms. */
  graceMs?: number;
  /** Where the stop report goes. Default: the process's stderr. */
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Default process.exit. */
  exit?: (code: number) => void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The reason requests are aborted with when the process is asked to stop. */
class StopRequested extends Error {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
    this.name = 'StopRequested';
    this.signal = signal;
  }
}

/**
 * SIGINT and SIGTERM, handled the same way for every command: the entry point owns one Stops, and every
 * library call of the command gets its `signal`, so a request or a wait (rate-limit window, 429, backoff) in
 * progress ends at once. The command then ends as it sees fit (an export saves the page in hand); whatever it
 * does, within `graceMs` the process prints what the stop left behind and exits with the signal's code
 * (128 + its number: 130 for Ctrl-C, 143 for SIGTERM). A second signal exits at once. A write that was on
 * the wire when the signal came is reported as having an unknown outcome, with how to check it.
 */
export class Stops {
  readonly writes = new WritesInFlight();
  readonly #controller = new AbortController();
  #graceMs: number;
  readonly #stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly #exit: (code: number) => void;
  #received: NodeJS.Signals | undefined;
  #inFlight: WriteInFlight[] = [];
  #explain: (() => string) | undefined;
  #normalEnd = false;
  #ended = false;
  #grace: NodeJS.Timeout | undefined;
  #stopped: (() => void) | undefined;
  readonly #onSignal = (signal: NodeJS.Signals) => this.#receive(signal);

  constructor(options: StopsOptions = {}) {
    this.#graceMs = options.graceMs ?? 600;
    this.#stderr = options.stderr ?? process.stderr;
    this.#exit = options.exit ?? ((code) => process.exit(code));
  }

  /** Aborts when the first signal arrives: give it to every library call of the command. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The signal received, if any. */
  get stopped(): NodeJS.Signals | undefined {
    return this.#received;
  }

  install(): this {
    for (const signal of SIGNALS) process.on(signal, this.#onSignal);
    return this;
  }

  dispose(): void {
    clearTimeout(this.#grace);
    for (const signal of SIGNALS) process.off(signal, this.#onSignal);
  }

  /** The command's own account of a stop (an export: how far it got and how to resume it). */
  explain(describe: () => string): void {
    this.#explain = describe;
  }

  /** For a command whose normal end is a signal (the emulator): resolves on it; that stop is no failure. */
  untilStopped(): Promise<void> {
    this.#normalEnd = true;
    return new Promise((resolve) => {
      if (this.#received) resolve();
      else this.#stopped = resolve;
    });
  }

  /** For a command that drains work after a stop (`zbooks serve`): the time it gets before the process exits. */
  graceFor(ms: number): void {
    this.#graceMs = ms;
  }

  /** Called by the entry point once the command has ended: after a stop, reports it and exits. */
  finish(): void {
    if (this.#received) this.#end(false);
  }

  #receive(signal: NodeJS.Signals): void {
    if (this.#received) {
      this.#end(true);
      return;
    }
    this.#received = signal;
    // Taken before the abort: these writes were sent and their answers had not arrived.
    this.#inFlight = this.writes.snapshot();
    this.#stopped?.();
    this.#controller.abort(new StopRequested(signal));
    // Kept referenced: it must fire even if the command is stuck on something that holds nothing open.
    this.#grace = setTimeout(() => this.#end(true), this.#graceMs);
  }

  #end(forced: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#grace);
    if (this.#normalEnd) {
      this.#exit(Number(process.exitCode ?? 0));
      return;
    }
    // A progress bar cut off mid-line hides the cursor and leaves its line open.
    const prefix = forced && this.#stderr.isTTY ? '\x1b[?25h\n' : '';
    this.#stderr.write(`${prefix}${this.#report()}\n`);
    this.#exit(128 + (constants.signals[this.#received!] ?? 2));
  }

  #report(): string {
    const lines = [this.#explain?.() ?? `zbooks: interrupted by ${this.#received}.`];
    for (const write of this.#inFlight) {
      lines.push(
        `zbooks: the outcome of ${write.method} ${write.path} is unknown: it was sent, and the stop came before Zoho's answer, so the change may or may not have been applied.`,
        `  Before sending it again, ${howToCheck(write)}.`,
      );
    }
    return lines.join('\n');
  }
}
