import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../src/http/sliding-window.js';

describe('sliding window', () => {
  it('never lets more than the limit start in any window, and says when the oldest frees up', () => {
    const window = new SlidingWindow(3, 1_000);
    expect([0, 10, 20].map((t) => window.tryTake(t))).toEqual([0, 0, 0]);
    expect(window.tryTake(500)).toBe(500);
    expect(window.used(500)).toBe(3);
    expect(window.tryTake(1_000)).toBe(0); // the start at 0 left the window
    expect(window.tryTake(1_005)).toBe(5);
  });

  it('stays exact across the compaction of many expired starts (limits off, a long run)', () => {
    const window = new SlidingWindow(1e9, 1_000);
    for (let t = 0; t < 100_000; t++) expect(window.tryTake(t / 10)).toBe(0);
    // Starts at 0 … 9999.9 ms, 10 per ms: the last 1000 ms hold 10,000 of them.
    expect(window.used(9_999.9)).toBe(10_000);
    expect(window.used(20_000)).toBe(0);
  });
});
