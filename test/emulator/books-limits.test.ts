import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { books, booksUser, orgClient } from './books-helpers.js';
import { consoleCall } from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const start = async (opts: Parameters<typeof startEmulator>[0] = {}) => {
  emu = await startEmulator({
    startTime: Date.parse('2024-06-10T12:00:00Z'),
    tokenTtlSeconds: 7 * 24 * 3600,
    ...opts,
  });
  return emu;
};

const MIDNIGHT = Date.parse('2024-06-11T00:00:00Z');

/**
 * The emulator's clock runs in real time: a "seconds left" header is checked against its clock read before and
 * after the call (and a deadline known within such a span), not against a fixed number that a loaded machine,
 * a second late, misses by one.
 */
function expectSecondsLeft(value: string | null, deadline: [number, number], call: [number, number]) {
  const seconds = Number(value);
  expect(seconds).toBeGreaterThanOrEqual(Math.ceil((deadline[0] - call[1]) / 1000));
  expect(seconds).toBeLessThanOrEqual(Math.ceil((deadline[1] - call[0]) / 1000));
}

describe('rate limits per organization', () => {
  it('puts X-Rate-Limit-* on every answer for an organization, from the plan by default', async () => {
    const e = await start();
    const { token, orgs } = await booksUser(e, {
      organizations: [{ name: 'Free', plan: 'free' }, { name: 'Std' }],
    });
    const before = e.now();
    const free = await orgClient(e, token, orgs[0]!)('GET', '/contacts');
    expect(free.headers.get('x-rate-limit-limit')).toBe('1000');
    expect(free.headers.get('x-rate-limit-remaining')).toBe('999');
    expectSecondsLeft(free.headers.get('x-rate-limit-reset'), [MIDNIGHT, MIDNIGHT], [before, e.now()]);
    const error = await orgClient(e, token, orgs[1]!)('GET', '/contacts/1');
    expect(error.status).toBe(404);
    expect(error.headers.get('x-rate-limit-limit')).toBe('2000');
  });

  it('answers 429 code 44 with Retry-After past the minute’s limit, until the minute has passed', async () => {
    const e = await start({ books: { perMinute: 3 } });
    const { token, orgs } = await booksUser(e, { organizations: [{ name: 'A' }, { name: 'B' }] });
    const a = orgClient(e, token, orgs[0]!);
    const first = e.now();
    expect((await a('GET', '/contacts')).status).toBe(200);
    const window: [number, number] = [first + 60_000, e.now() + 60_000];
    for (let i = 0; i < 2; i += 1) expect((await a('GET', '/contacts')).status).toBe(200);
    e.advance(20_000);
    const before = e.now();
    const over = await a('GET', '/contacts');
    expect(over.status).toBe(429);
    expect(over.body.code).toBe(44);
    expectSecondsLeft(over.headers.get('retry-after'), window, [before, e.now()]); // 40 on an idle machine
    expect((await orgClient(e, token, orgs[1]!)('GET', '/contacts')).status).toBe(200);
    e.advance(40_000);
    expect((await a('GET', '/contacts')).status).toBe(200);
    expect(e.stats().books_throttled).toBe(1);
  });

  it('caps the day, resets at midnight, and is configurable while running', async () => {
    const e = await start({ books: { perMinute: 0, perDay: 2 } });
    const { token, orgs } = await booksUser(e);
    const a = orgClient(e, token, orgs[0]!);
    await a('GET', '/contacts');
    expect((await a('GET', '/contacts')).headers.get('x-rate-limit-remaining')).toBe('0');
    const before = e.now();
    const over = await a('GET', '/contacts');
    expect(over.status).toBe(429);
    expectSecondsLeft(over.headers.get('retry-after'), [MIDNIGHT, MIDNIGHT], [before, e.now()]);
    e.advance(12 * 3600 * 1000);
    expect((await a('GET', '/contacts')).status).toBe(200);
    const patched = await consoleCall(e.apiDomain, 'POST', '/config', { books: { perDay: 0 } });
    expect(patched.body.books).toEqual({ perMinute: 0, perDay: 0, concurrency: 10 });
    for (let i = 0; i < 3; i += 1) expect((await a('GET', '/contacts')).status).toBe(200);
    expect((await consoleCall(e.apiDomain, 'POST', '/config', { books: { perDay: -1 } })).status).toBe(400);
    e.configure({ books: { perDay: 'plan' } });
    expect((await a('GET', '/contacts')).headers.get('x-rate-limit-limit')).toBe('2000');
  });

  it('refuses requests past the concurrency limit with 429', async () => {
    const e = await start({ books: { perMinute: 0, concurrency: 2 } });
    const { token, orgs } = await booksUser(e);
    const a = orgClient(e, token, orgs[0]!);
    await a('GET', '/contacts'); // opens the organization's books before the slow calls
    // Long enough that the third call arrives while both slow ones are held, however loaded the machine.
    e.injectFault({ target: 'books', kind: 'delay', delayMs: 1_000, count: 2 });
    const before = e.stats().books_requests;
    const slow = [a('GET', '/contacts'), a('GET', '/contacts')];
    // Both admitted (the emulator counts a request as it admits it), not merely sent.
    while (e.stats().books_requests < before + 2) await new Promise((r) => setTimeout(r, 5));
    const third = await a('GET', '/contacts');
    expect(third.status).toBe(429);
    expect(third.body.code).toBe(44);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
    expect((await a('GET', '/contacts')).status).toBe(200);
  });

  it('leaves GET /organizations outside any organization’s budget', async () => {
    const e = await start({ books: { perMinute: 1 } });
    const { token } = await booksUser(e);
    for (let i = 0; i < 3; i += 1) expect((await books(e, token, 'GET', '/organizations')).status).toBe(200);
  });
});
