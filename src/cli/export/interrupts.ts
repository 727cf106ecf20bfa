import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const SLOW_STOP_MS = 1_000;

/**
 * Ctrl-C and SIGTERM ask the export to stop at the next page boundary: the page being written is finished,
 * flushed and recorded first, and a page being fetched is abandoned (the abort signal). A second signal
 * stops at once: that is safe because the files are consistent at every instant (the state is replaced
 * atomically and only ever describes flushed bytes; a torn page past them is cut off on --resume).
 */
export class Interrupts {
  readonly #controller = new AbortController();
  readonly #afterForcedStop: string;
  #received: NodeJS.Signals | undefined;
  #slowStop: NodeJS.Timeout | undefined;
  readonly #handler = (signal: NodeJS.Signals) => {
    if (this.#received) {
      // The progress bar hides the cursor and will not get to show it again.
      const showCursor = process.stderr.isTTY ? '\x1b[?25h' : '';
      process.stderr.write(`${showCursor}\nzbooks: stopped at once${this.#afterForcedStop}.\n`);
      process.exit(exitCodeOf(signal));
    }
    this.#received = signal;
    this.#controller.abort(new Error(`${signal} received`));
    // A stop normally takes milliseconds; a request that does not end on abort deserves a word.
    this.#slowStop = setTimeout(() => {
      process.stderr.write(
        '\nzbooks: stopping after the current request; press Ctrl-C again to stop at once.\n',
      );
    }, SLOW_STOP_MS).unref();
  };

  /** `resumable`: the export goes to a file, whose state lets --resume continue it. */
  constructor(resumable: boolean) {
    this.#afterForcedStop = resumable ? '; run the same command with --resume to continue' : '';
    for (const signal of SIGNALS) process.on(signal, this.#handler);
  }

  /** Passed to every request, so a stop waits neither for a page to arrive nor for a rate-limit pause. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get requested(): boolean {
    return this.#received !== undefined;
  }

  /** 128 + the signal number, as shells report a process ended by it (130 for Ctrl-C). */
  get exitCode(): number {
    return exitCodeOf(this.#received ?? 'SIGINT');
  }

  dispose(): void {
    clearTimeout(this.#slowStop);
    for (const signal of SIGNALS) process.off(signal, this.#handler);
  }
}

const exitCodeOf = (signal: NodeJS.Signals) => 128 + (constants.signals[signal] ?? 2);
