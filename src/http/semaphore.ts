/** A counting semaphore with a FIFO queue: the concurrency cap of one organization. */
export class Semaphore {
  readonly limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Takes a slot now and answers its release, or undefined when none is free or others queue for one. */
  tryAcquire(): (() => void) | undefined {
    if (this.#active >= this.limit || this.#waiting.length > 0) return undefined;
    this.#active++;
    return this.#releaser();
  }

  /**
   * Resolves with a release function once a slot is free; call it exactly once. A queued caller whose `signal`
   * aborts leaves the queue at once (a Ctrl-C does not wait for a slot).
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.#active < this.limit) this.#active++;
    else await this.#queue(signal);
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake the queue.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    };
  }

  #queue(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = this.#waiting.indexOf(wake);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(signal?.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#waiting.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
