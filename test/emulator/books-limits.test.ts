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

describe('rate limits per organization', () => {
  it('puts X-Rate-Limit-* on every answer for an organization, from the plan by default', async () => {
    const e = await start();
    const { token, orgs } = await booksUser(e, {
      organizations: [{ name: 'Free', plan: 'free' }, { name: 'Std' }],
    });
    const free = await orgClient(e, token, orgs[0]!)('GET', '/contacts');
    expect(free.headers.get('x-rate-limit-limit')).toBe('1000');
    expect(free.headers.get('x-rate-limit-remaining')).toBe('999');
    expect(free.headers.get('x-rate-limit-reset')).toBe(String(12 * 3600));
    const error = await orgClient(e, token, orgs[1]!)('GET', '/contacts/1');
    expect(error.status).toBe(404);
    expect(error.headers.get('x-rate-limit-limit')).toBe('2000');
  });

  it('answers 429 code 44 with Retry-After past the minute’s limit, until the minute has passed', async () => {
    const e = await start({ books: { perMinute: 3 } });
    const { token, orgs } = await booksUser(e, { organizations: [{ name: 'A' }, { name: 'B' }] });
    const a = orgClient(e, token, orgs[0]!);
    for (let i = 0; i < 3; i += 1) expect((await a('GET', '/contacts')).status).toBe(200);
    e.advance(20_000);
    const over = await a('GET', '/contacts');
    expect(over.status).toBe(429);
    expect(over.body.code).toBe(44);
    expect(over.headers.get('retry-after')).toBe('40');
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
    const over = await a('GET', '/contacts');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe(String(12 * 3600));
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
    e.injectFault({ target: 'books', kind: 'delay', delayMs: 300, count: 2 });
    const slow = [a('GET', '/contacts'), a('GET', '/contacts')];
    await new Promise((r) => setTimeout(r, 100));
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
