import { afterEach, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/books/generated/operations.js';
import type { ZohoBooks } from '../../src/books/zoho-books.js';
import { knownGrantedScopes, scopeCovers } from '../../src/core/scopes.js';
import { ScopeError } from '../../src/http/errors.js';
import { mintElsewhere, type World, type WorldOptions, world } from '../books/world.js';

/**
 * A missing scope must never cost a token: Zoho lets a refresh token mint 10 per 10 minutes, and a loop of
 * out-of-scope calls that each minted one would lock every process sharing it out (issue 9, point 1).
 */
type Ops = typeof OPERATIONS;
let w: World<Ops>;
afterEach(async () => {
  await w?.close();
});

const NARROW = 'ZohoBooks.invoices.READ,ZohoBooks.settings.READ'; // the README's own example
const scoped = (options: WorldOptions<Ops> = {}) =>
  world<Ops>({ operations: OPERATIONS, scope: NARROW, ...options });
const tokenRequests = () => w.emu.stats().token_requests;
const orgOf = () => w.seed.organizations[0]!.organization_id;
/** The typed view of the world's client (it is built on the whole generated table). */
const books = () => w.books as unknown as ZohoBooks;

async function outOfScopeLoop(calls: number): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (let i = 0; i < calls; i++) {
    errors.push(
      await books()
        .contacts.list({}, { organizationId: orgOf() })
        .catch((e: unknown) => e),
    );
  }
  return errors;
}

describe("Zoho's scope grammar", () => {
  it.each([
    [['ZohoBooks.fullaccess.all'], 'ZohoBooks.contacts.CREATE', true],
    [['ZohoBooks.invoices.ALL'], 'ZohoBooks.invoices.READ', true],
    [['zohobooks.INVOICES.all'], 'ZohoBooks.invoices.DELETE', true],
    [['ZohoBooks.fullaccess.READ'], 'ZohoBooks.contacts.READ', true],
    [['ZohoBooks.fullaccess.READ'], 'ZohoBooks.contacts.CREATE', false],
    [['ZohoBooks.invoices.READ'], 'ZohoBooks.invoices.CREATE', false],
    [['ZohoBooks.invoices.READ'], 'ZohoBooks.contacts.READ', false],
    [['ZohoBooks.custommodules.READ'], 'ZohoBooks.custommodules.ALL', false],
    [['ZohoBooks.custommodules.ALL'], 'ZohoBooks.custommodules.ALL', true],
    [['ZohoCRM.modules.ALL'], 'ZohoBooks.contacts.READ', false],
  ])('%j covers %s: %s', (granted, needed, covers) => {
    expect(scopeCovers(granted, needed)).toBe(covers);
  });

  it('a scope it cannot read is "unknown", never "not granted"', () => {
    expect(knownGrantedScopes(undefined)).toBeUndefined();
    expect(knownGrantedScopes('')).toBeUndefined();
    expect(knownGrantedScopes('ZohoBooks.invoices.READ,something odd')).toBeUndefined();
    expect(knownGrantedScopes(NARROW)).toEqual(['ZohoBooks.invoices.READ', 'ZohoBooks.settings.READ']);
  });
});

describe('a known scope: refused before anything is sent', () => {
  it('100 out-of-scope calls: 0 Books requests and no token beyond the first; an in-scope call then succeeds', async () => {
    w = await scoped();
    const before = tokenRequests();
    const errors = await outOfScopeLoop(100);
    expect(errors.every((e) => e instanceof ScopeError)).toBe(true);
    const first = errors[0] as ScopeError;
    expect(first.requiredScope).toBe('ZohoBooks.contacts.READ');
    expect(first.message).toContain('nothing was sent');
    expect(w.sent).toHaveLength(0);
    expect(tokenRequests() - before).toBe(1); // the cold start's token, whose answer gave the scope
    const invoices = await books().invoices.list({}, { organizationId: orgOf() });
    expect(invoices.items.length).toBeGreaterThanOrEqual(0);
    expect(w.sent).toHaveLength(1);
    expect(tokenRequests() - before).toBe(1);
  });

  it('with the scope recorded at login (grantedScope), not even a token is fetched', async () => {
    w = await scoped({ books: { grantedScope: NARROW } });
    const before = tokenRequests();
    const error = await books()
      .contacts.list()
      .catch((e: unknown) => e); // no organization configured either
    expect(error).toBeInstanceOf(ScopeError);
    expect(tokenRequests() - before).toBe(0);
    expect(w.sent).toHaveLength(0);
  });

  it('raw requests find their operation’s scope (books.request, zbooks api)', async () => {
    w = await scoped();
    await w.provider.getToken();
    const error = await w.books
      .request('GET', '/contacts/460000000000001', { organizationId: orgOf() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScopeError);
    expect((error as ScopeError).requiredScope).toBe('ZohoBooks.contacts.READ');
    expect((error as ScopeError).message).toContain('get_contact');
    expect(w.sent).toHaveLength(0);
  });
});

describe('an unknown scope (refresh answers without `scope`)', () => {
  const unknown = () => scoped({ emulator: { limits: { omitScopeOnRefresh: true } } });

  it('100 out-of-scope calls from a cold start: 1 token, 1 Books request; an in-scope call then succeeds', async () => {
    w = await unknown();
    const before = tokenRequests();
    const errors = await outOfScopeLoop(100);
    expect(errors.every((e) => e instanceof ScopeError)).toBe(true);
    expect((errors[0] as ScopeError).status).toBe(401);
    expect(tokenRequests() - before).toBe(1);
    expect(w.sent).toHaveLength(1);
    await books().invoices.list({}, { organizationId: orgOf() });
    expect(tokenRequests() - before).toBe(1);
  });

  it('100 out-of-scope calls with an older cached token: exactly 1 extra token in total', async () => {
    w = await unknown();
    await books().invoices.list({}, { organizationId: orgOf() }); // an in-scope call earlier: a token cached
    const before = tokenRequests();
    const errors = await outOfScopeLoop(100);
    expect(errors.every((e) => e instanceof ScopeError)).toBe(true);
    expect(tokenRequests() - before).toBe(1);
    expect(w.sent).toHaveLength(1 + 2); // the earlier call, then one 57 and one replay
    const after = await books().invoices.list({}, { organizationId: orgOf() });
    expect(after.page).toBe(1);
    expect(tokenRequests() - before).toBe(1);
  });

  it('an evicted token still costs exactly one refresh and one replay, refusals recorded or not', async () => {
    w = await unknown();
    await outOfScopeLoop(3); // a refusal for contacts is recorded with the current token
    w.emu.configure({ mintsPerWindow: 0 }); // so that 16 mints elsewhere can evict it at once
    await mintElsewhere(w, 16);
    const before = tokenRequests();
    const sentBefore = w.sent.length;
    const invoices = await books().invoices.list({}, { organizationId: orgOf() });
    expect(invoices.page).toBe(1);
    expect(tokenRequests() - before).toBe(1);
    expect(w.sent.length - sentBefore).toBe(2);
  });
});
