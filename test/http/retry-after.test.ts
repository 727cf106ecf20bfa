import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitError, ServerError } from '../../src/http/errors.js';
import { retryAfterMs } from '../../src/http/wait-time.js';
import { type World, world } from '../books/world.js';
import { type HostileGateway, startHostileGateway } from '../helpers/hostile-gateway.js';

const at = (value: string) => retryAfterMs(new Headers({ 'retry-after': value }), Date.UTC(2026, 0, 1));

describe('reading Retry-After', () => {
  it('takes delay-seconds and the three HTTP-date forms', () => {
    expect(at('30')).toBe(30_000);
    expect(at('0')).toBe(0);
    expect(at('Thu, 01 Jan 2026 00:00:45 GMT')).toBe(45_000);
    expect(at('Thursday, 01-Jan-26 00:01:00 GMT')).toBe(60_000);
    expect(at('Thu Jan  1 00:00:10 2026')).toBe(10_000);
    expect(at('Wed, 31 Dec 2025 23:00:00 GMT')).toBe(0); // a date past: at once
  });

  it.each(['-5', 'soon', '1e3', '30s', '2026-01-01T00:01:00Z', 'Thu, 01 Jan 2026', ''])(
    'treats %j as absent',
    (value) => {
      expect(at(value)).toBeUndefined();
    },
  );
});

describe('the retry layer and Retry-After', () => {
  let w: World<[]>;
  let gateway: HostileGateway;
  beforeEach(async () => {
    w = await world();
    gateway = await startHostileGateway(w.emu.apiDomain);
  });
  afterEach(async () => {
    await gateway.close();
    await w.close();
  });
  const unavailable = (retryAfter: string, times = 1) =>
    gateway.script({
      path: '/books/v3/organizations',
      status: 503,
      headers: { 'content-type': 'text/html', 'retry-after': retryAfter },
      body: '<html>Service Unavailable</html>',
      times,
    });
  const client = () => w.client({ apiDomain: gateway.url });

  it('a 503 asking for 30 s is waited out like a 429, then the read succeeds', async () => {
    unavailable('30', 2);
    const started = w.emu.now();
    const orgs = await client().listOrganizations();
    expect(orgs).toHaveLength(1);
    expect(w.clock.sleeps).toEqual([30_000, 30_000]);
    expect(w.emu.now() - started).toBeGreaterThanOrEqual(60_000);
    expect(gateway.received).toHaveLength(3);
  });

  it('a 503 asking for longer than the client waits is reported at once, saying when', async () => {
    unavailable('3600');
    const error = await client()
      .listOrganizations()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).hint).toMatch(/come back after \d{4}-\d\d-\d\dT/);
    expect(gateway.received).toHaveLength(1);
    expect(w.clock.sleeps).toEqual([]);
  });

  it('a malformed Retry-After on a 503 gets the usual backoff, not "at once"', async () => {
    unavailable('-5', 2);
    await client().listOrganizations();
    // full jitter with random() = 0.5: half of 250 ms, then half of 500 ms
    expect(w.clock.sleeps).toEqual([125, 250]);
  });

  it.each(['-5', 'soon'])('a 429 with Retry-After %j waits the default backoff, not 0 s', async (value) => {
    gateway.script({
      path: '/books/v3/organizations',
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': value },
      body: JSON.stringify({ code: 44, message: 'Too many requests' }),
      times: 3,
    });
    const orgs = await client().listOrganizations();
    expect(orgs).toHaveLength(1);
    expect(w.clock.sleeps).toHaveLength(3);
    expect(w.clock.sleeps.every((ms) => ms > 0)).toBe(true);
  });

  it('a 429 with a malformed Retry-After past the retry limit reports no resume time', async () => {
    gateway.script({
      path: '/books/v3/organizations',
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '-5' },
      body: JSON.stringify({ code: 44, message: 'Too many requests' }),
    });
    const error = await w
      .client({ apiDomain: gateway.url, retry: { maxRateLimitRetries: 0 } })
      .listOrganizations()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAt).toBeUndefined();
  });
});
