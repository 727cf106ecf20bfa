import { describe, expect, it } from 'vitest';
import { RecentTimes } from '../../src/emulator/books/recent-times.js';

describe('the rate window’s ring of recent admissions (issue 14: bounded, O(1) per request)', () => {
  it('is full exactly when the N-th most recent admission is known, and keeps only N times', () => {
    const ring = new RecentTimes(3);
    ring.record(1);
    ring.record(2);
    expect(ring.oldestWhenFull()).toBeUndefined();
    ring.record(3);
    expect(ring.oldestWhenFull()).toBe(1);
    for (let t = 4; t < 1_000_004; t += 1) ring.record(t);
    expect(ring.capacity).toBe(3);
    expect(ring.oldestWhenFull()).toBe(1_000_001);
  });

  it('keeps the most recent times when the limit changes while running, and nothing at 0', () => {
    const ring = new RecentTimes(4);
    for (const t of [10, 20, 30, 40, 50]) ring.record(t);
    ring.resize(2);
    expect(ring.oldestWhenFull()).toBe(40);
    ring.resize(3);
    expect(ring.oldestWhenFull()).toBeUndefined();
    ring.record(60);
    expect(ring.oldestWhenFull()).toBe(40);
    ring.resize(0);
    ring.record(70);
    expect(ring.oldestWhenFull()).toBeUndefined();
  });
});
