import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Ctrl-C and SIGTERM ask the export to stop at the next page boundary: the page being written is finished,
 * flushed and recorded first, and a page being fetched is abandoned (the abort signal). A second signal
 * stops at once: that is safe because the files are consistent at every instant (the state is replaced
 * atomically and only ever describes flushed bytes; a torn page past them is cut off on --resume).
 */
export class Interrupts {
  readonly #controller = new AbortController();
  #received: NodeJS.Signals | undefined;
  readonly #handler = (signal: NodeJS.Signals) => {
    if (this.#received) {
      process.stderr.write('\nzbooks: stopped at once; the export state is intact.\n');
      process.exit(exitCodeOf(signal));
    }
    this.#received = signal;
    this.#controller.abort(new Error(`${signal} received`));
  };

  constructor() {
    for (const signal of SIGNALS) process.on(signal, this.#handler);
  }

  /** Passed to every request, so a stop does not wait for a page (or a rate-limit pause) to arrive. */
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
    for (const signal of SIGNALS) process.off(signal, this.#handler);
  }
}

const exitCodeOf = (signal: NodeJS.Signals) => 128 + (constants.signals[signal] ?? 2);
