import { describe, expect, it } from 'vitest';
import { intentsOf, reconcile } from './check.mjs';
import type { ChaosSummary } from './driver.mjs';
import { verdict } from './summary.mjs';

/** The checks of the chaos run must be able to fail: each is shown one journal that breaks it. */
const journal = (...entries: Record<string, unknown>[]) => [{ worker: 'w0', entries }];
const create = (key: string, marker: string) => ({ t: 'intent', key, op: 'create_contact', marker });
const outcome = (key: string, result: string, extra: Record<string, unknown> = {}) => ({
  t: 'outcome',
  key,
  result,
  ...extra,
});
const contact = (id: string, name: string, notes = '') => ({ contact_id: id, contact_name: name, notes });

function check(
  entries: Record<string, unknown>[],
  contacts: Record<string, unknown>[],
  killed: string[] = [],
) {
  return reconcile(intentsOf(journal(...entries)), { contacts, invoices: [] }, new Set(killed));
}

describe('chaos reconciliation', () => {
  it('counts a confirmed record, and a confirmed record that is missing as lost', () => {
    const entries = [create('a', 'chaos-a'), outcome('a', 'ok', { id: '1' }), create('b', 'chaos-b')];
    entries.push(outcome('b', 'ok', { id: '2' }));
    const r = check(entries, [contact('1', 'chaos-a')]);
    expect(r).toMatchObject({ intended: 2, confirmed: 1, lost: 1 });
  });

  it('counts a marker found twice as duplicated', () => {
    const r = check(
      [create('a', 'chaos-a'), outcome('a', 'unknown')],
      [contact('1', 'chaos-a'), contact('2', 'chaos-a')],
    );
    expect(r.duplicated).toBe(1);
  });

  it('splits outcome-unknown writes into existing and not, and flags a failed write that exists', () => {
    const r = check(
      [
        create('a', 'chaos-a'),
        outcome('a', 'unknown'),
        create('b', 'chaos-b'),
        outcome('b', 'unknown'),
        create('c', 'chaos-c'),
        outcome('c', 'error', { error: 'ServerError' }),
      ],
      [contact('1', 'chaos-a'), contact('3', 'chaos-c')],
    );
    expect(r).toMatchObject({ unknownExisting: 1, unknownMissing: 1, misreported: 1, failed: 0 });
  });

  it('flags records nobody intended, and intents left without an outcome by a worker not killed', () => {
    const r = check([create('a', 'chaos-a')], [contact('9', 'chaos-zzz')]);
    expect(r).toMatchObject({ unexpected: 1, unresolved: 1 });
    expect(check([create('a', 'chaos-a')], [], ['w0'])).toMatchObject({ killedMissing: 1, unresolved: 0 });
  });

  it('flags a confirmed update the final record does not show', () => {
    const update = (key: string, value: string) => ({
      t: 'intent',
      key,
      op: 'update_contact',
      marker: 'chaos-a',
      id: '1',
      value,
    });
    const entries = [create('a', 'chaos-a'), outcome('a', 'ok', { id: '1' }), update('u1', 'v1')];
    entries.push(outcome('u1', 'ok'), update('u2', 'v2'), outcome('u2', 'unknown'));
    expect(check(entries, [contact('1', 'chaos-a', 'v2')]).changes.lost).toBe(0);
    expect(check(entries, [contact('1', 'chaos-a', 'v1')]).changes.lost).toBe(0);
    expect(check(entries, [contact('1', 'chaos-a', '')]).changes.lost).toBe(1);
  });

  it('fails a run in which no fault was injected', () => {
    const quiet = {
      check: check([create('a', 'chaos-a'), outcome('a', 'ok', { id: '1' })], [contact('1', 'chaos-a')]),
      crashes: [],
      untyped: [],
      tokens: { maxMintsInWindow: 1, mintLimit: 10, throttled: 0, injectedThrottles: 0 },
      eventFailures: [],
      injected: {},
      observed: { status: {}, failures: {}, slow: 0, reads: 0, readsOk: 0 },
      warnings: {},
    } as unknown as ChaosSummary;
    const result = verdict(quiet);
    expect(result.ok).toBe(false);
    expect(result.failures).toContain('fault never injected: drop after change (POST)');
    expect(result.failures).toContain('fault never injected: lock holder killed');
  });
});
