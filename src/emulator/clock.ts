import { performance } from 'node:perf_hooks';

/**
 * Emulator time: real time keeps flowing from `startTime`, plus whatever tests add with advance().
 * Monotonic underneath, so a wall-clock jump on the host cannot expire codes or tokens by accident.
 */
export class Clock {
  readonly #start: number;
  readonly #anchor = performance.now();
  #offset = 0;

  constructor(startTime: number = Date.now()) {
    if (!Number.isFinite(startTime)) throw new RangeError('startTime must be a finite epoch in ms');
    this.#start = startTime;
  }

  now(): number {
    return Math.floor(this.#start + (performance.now() - this.#anchor) + this.#offset);
  }

  advance(ms: number): void {
    // Backwards would resurrect expired codes and tokens, which no real server does.
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite ms >= 0');
    this.#offset += ms;
  }
}
