import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionError,
  NotFoundError,
  OutcomeUnknownError,
  RateLimitError,
  ServerError,
} from '../../src/http/errors.js';
import { textOfError, type World, world } from '../books/world.js';
import { closedPort } from '../helpers/emulator.js';

let w: World<[]>;
afterEach(async () => {
  await w?.close();
});

const books = () => w.emu.stats().books_requests;
/** Marking an invoice that does not exist changes nothing (404): enough to count how often a POST went. */
const post = (options: { retryUnsafe?: boolean } = {}) =>
  w.books.request('POST', '/invoices/1/status/sent', {
    organizationId: w.seed.organizations[0]!.organization_id,
    ...options,
  });

describe('retry layer: GET', () => {
  it.each([
    ['5xx', { kind: 'status', status: 500 }],
    ['a 502 HTML page', { kind: 'html' }],
    ['a dropped connection', { kind: 'drop' }],
    ['an empty body', { kind: 'empty' }],
    ['a truncated body', { kind: 'truncated' }],
  ] as const)('retries through %s with full-jitter backoff', async (_label, fault) => {
    w = await world();
    w.emu.injectFault({ target: 'books', count: 2, ...fault });
    const organizations = await w.books.listOrganizations();
    expect(organizations).toHaveLength(1);
    expect(books()).toBe(3);
    // random() = 0.5: half of 250 ms, then half of 500 ms.
    expect(w.clock.sleeps).toEqual([125, 250]);
  });

  it('gives up after maxAttempts with a typed error carrying the Zoho code and a hint', async () => {
    w = await world();
    w.emu.injectFault({ target: 'books', kind: 'status', status: 500, count: 5 });
    const error = await w.books.listOrganizations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, code: 1000, kind: 'network' });
    expect((error as ServerError).message).toContain('GET /organizations');
    expect((error as ServerError).hint).toMatch(/retried/);
    expect(books()).toBe(3);
  });

  it('stops retrying once the retry budget is spent (a sustained outage fails fast)', async () => {
    w = await world({ books: { retry: { budget: { capacity: 10, retryCost: 5 } } } });
    w.emu.injectFault({ target: 'books', kind: 'status', status: 503, count: 100 });
    await expect(w.books.listOrganizations()).rejects.toBeInstanceOf(ServerError);
    expect(books()).toBe(3); // two retries spent the 10 tokens
    await expect(w.books.listOrganizations()).rejects.toBeInstanceOf(ServerError);
    expect(books()).toBe(4); // no budget: no retry
    w.emu.clearFaults();
    await w.books.listOrganizations();
    await w.books.listOrganizations();
    expect(books()).toBe(6);
  });

  it('a timeout is retried for a GET', async () => {
    w = await world({ books: { timeoutMs: 200 } });
    w.emu.injectFault({ target: 'books', kind: 'delay', delayMs: 1_000 });
    await expect(w.books.listOrganizations()).resolves.toHaveLength(1);
    expect(w.sent).toHaveLength(2);
  });
});

describe('retry layer: 429', () => {
  it('waits out a burst of 429s for as long as Retry-After says, then succeeds', async () => {
    w = await world();
    w.emu.injectFault({ target: 'books', kind: 'throttle', count: 2 });
    await expect(w.books.listOrganizations()).resolves.toHaveLength(1);
    expect(books()).toBe(3);
    expect(w.clock.sleeps.filter((ms) => ms === 60_000)).toHaveLength(2);
  });

  it('reports a RateLimitError with the time calls may resume once maxRateLimitRetries is reached', async () => {
    w = await world({ books: { retry: { maxRateLimitRetries: 2 } } });
    w.emu.injectFault({ target: 'books', kind: 'throttle', count: 10 });
    const error = (await w.books.listOrganizations().catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.kind).toBe('rate_limit');
    expect(error.code).toBe(44);
    expect(error.retryAt).toBeGreaterThan(w.emu.now());
    expect(error.hint).toMatch(/100 requests per minute/);
    expect(books()).toBe(3);
  });

  it('a POST refused with 429 is resent (Zoho applied nothing)', async () => {
    w = await world();
    w.emu.injectFault({ target: 'books', kind: 'throttle', count: 1 });
    const error = await post().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(books()).toBe(2);
  });
});

describe('retry layer: POST/PUT/DELETE', () => {
  it.each(['drop', 'delay'] as const)(
    'a %s after the request may have reached Zoho is "outcome unknown", never resent',
    async (kind) => {
      w = await world({ books: { timeoutMs: 300 } });
      w.emu.injectFault({ target: 'books', kind, delayMs: 2_000 });
      const error = await post().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutcomeUnknownError);
      const outcome = error as OutcomeUnknownError;
      expect(outcome.method).toBe('POST');
      expect(outcome.path).toBe('/invoices/1/status/sent');
      expect(outcome.message).toMatch(/^Outcome unknown: POST \/invoices\/1\/status\/sent may or may not/);
      expect(outcome.hint).toMatch(/idempotency.*list the records with a filter.*retryUnsafe/s);
      expect(w.sent).toHaveLength(1);
      for (const secret of w.secrets()) expect(textOfError(error)).not.toContain(secret);
    },
  );

  it('{ retryUnsafe: true } lets the caller accept the risk of a duplicate', async () => {
    w = await world();
    w.emu.injectFault({ target: 'books', kind: 'drop' });
    const error = await post({ retryUnsafe: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError); // resent, and answered this time
    expect(w.sent).toHaveLength(2);
  });

  // Found by the chaos run: as a ServerError, a caller checking for OutcomeUnknownError resent it.
  it('a 5xx on a POST is not resent, and is an outcome unknown (the change may have been applied)', async () => {
    w = await world();
    w.emu.injectFault({ target: 'books', kind: 'status', status: 500 });
    const error = (await post().catch((e: unknown) => e)) as OutcomeUnknownError;
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ method: 'POST', status: 500 });
    expect(error.hint).toMatch(/may or may not have been applied/);
    expect(w.sent).toHaveLength(1);
  });

  it('a connection refused (never sent) is retried even for a POST, and then reported as such', async () => {
    w = await world();
    const port = await closedPort();
    const books = w.client({ apiDomain: `http://127.0.0.1:${port}` });
    const error = await books
      .request('POST', '/organizations', { body: {}, organizationId: '1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect((error as ConnectionError).sent).toBe('no');
    expect((error as ConnectionError).reason).toBe('econnrefused');
    expect(w.sent).toHaveLength(3);
  });
});

describe('a cut-off answer to a POST', () => {
  it('is an outcome unknown naming the cut-off answer, and is not resent', async () => {
    w = await world();
    w.emu.injectFault({ target: 'books', kind: 'truncated' });
    const error = (await post().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toMatch(
      /^Outcome unknown: Zoho Books answered POST \/\S+ with a truncated or non-JSON body/,
    );
    expect(w.sent).toHaveLength(1);
  });
});

describe('the caller’s own abort', () => {
  it('is handed back as is, and not retried', async () => {
    w = await world();
    w.emu.injectFault({ target: 'books', kind: 'delay', delayMs: 2_000 });
    const controller = new AbortController();
    const pending = w.books
      .request('GET', '/organizations', { signal: controller.signal })
      .catch((e: unknown) => e);
    // Abort once the request is out (a 50 ms timer could fire before it left on a loaded machine).
    while (w.sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await pending;
    expect((error as Error).name).toBe('AbortError');
    expect(w.sent).toHaveLength(1);
  });
});
