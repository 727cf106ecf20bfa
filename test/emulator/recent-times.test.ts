import { describe, expect, it } from 'vitest';
import { RecentTimes } from '../../src/emulator/recent-times.js';

describe('the ring of recent times behind every rolling window (issue 14: bounded, O(1) per request)', () => {
  it('is full exactly when the N-th most recent time is known, and keeps only N times', () => {
    const ring = new RecentTimes({ capacity: 3 });
    ring.record(1);
    ring.record(2);
    expect(ring.oldestWhenFull()).toBeUndefined();
    ring.record(3);
    expect(ring.oldestWhenFull()).toBe(1);
    for (let t = 4; t < 1_000_004; t += 1) ring.record(t);
    expect(ring.capacity).toBe(3);
    expect(ring.size).toBe(3);
    expect(ring.oldestWhenFull()).toBe(1_000_001);
  });

  it('stays bounded over a long run and keeps the newest times, oldest first', () => {
    const ring = new RecentTimes({ capacity: 100 });
    for (let t = 0; t < 250_000; t += 1) {
      ring.record(t);
      if (t % 997 === 0) expect(ring.size).toBe(Math.min(t + 1, 100));
    }
    expect(ring.toArray()).toEqual(Array.from({ length: 100 }, (_, i) => 249_900 + i));
  });

  it('forgets times that left the window, so an unlimited ring holds only the window', () => {
    const ring = new RecentTimes({ capacity: Number.POSITIVE_INFINITY });
    for (let t = 0; t < 100_000; t += 1) {
      ring.record(t);
      ring.forgetUpTo(t - 60);
      expect(ring.size).toBeLessThanOrEqual(60);
    }
    expect(ring.toArray()).toEqual(Array.from({ length: 60 }, (_, i) => 99_940 + i));
    expect(ring.oldestWhenFull()).toBeUndefined();
  });

  it('counts the times after a moment, equal times included once each', () => {
    const ring = new RecentTimes({ capacity: 10 });
    for (const t of [5, 7, 7, 9, 12]) ring.record(t);
    expect(ring.countAfter(0)).toBe(5);
    expect(ring.countAfter(7)).toBe(2);
    expect(ring.countAfter(6)).toBe(4);
    expect(ring.countAfter(12)).toBe(0);
    for (let t = 13; t < 30; t += 1) ring.record(t); // wraps around the storage
    expect(ring.countAfter(24)).toBe(5);
    expect(ring.toArray()).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('keeps the most recent times when the limit changes while running, and nothing at 0', () => {
    const ring = new RecentTimes({ capacity: 4 });
    for (const t of [10, 20, 30, 40, 50]) ring.record(t);
    ring.resize(2);
    expect(ring.oldestWhenFull()).toBe(40);
    ring.resize(3);
    expect(ring.oldestWhenFull()).toBeUndefined();
    ring.record(60);
    expect(ring.oldestWhenFull()).toBe(40);
    expect(ring.toArray()).toEqual([40, 50, 60]);
    ring.resize(0);
    ring.record(70);
    expect(ring.oldestWhenFull()).toBeUndefined();
    expect(ring.toArray()).toEqual([]);
  });

  it('refuses a capacity that is not a count', () => {
    expect(() => new RecentTimes({ capacity: -1 })).toThrow(RangeError);
    expect(() => new RecentTimes({ capacity: 1.5 })).toThrow(RangeError);
    expect(() => new RecentTimes({ capacity: Number.NaN })).toThrow(RangeError);
  });
});
