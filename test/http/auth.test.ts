import { afterEach, describe, expect, it } from 'vitest';
import { listOrganizations } from '../../src/books/organizations.js';
import { ApiAuthError } from '../../src/core/errors.js';
import { ScopeError } from '../../src/http/errors.js';
import { mintElsewhere, textOfError, type World, world } from '../books/world.js';

let w: World<[]>;
afterEach(async () => {
  await w?.close();
});

const minted = () => w.emu.stats().minted;

describe('auth layer', () => {
  it('sends the token as "Zoho-oauthtoken" in a header, never in the URL, to the token’s API domain', async () => {
    w = await world();
    await w.books.listOrganizations();
    expect(w.sent).toHaveLength(1);
    const [request] = w.sent;
    expect(request!.url.startsWith(`${w.seed.api_domain}/books/v3/organizations`)).toBe(true);
    expect(request!.token).toMatch(/^1000\./);
    expect(request!.url).not.toContain(request!.token);
    expect(request!.url).not.toContain('organization_id');
  });

  it('an evicted token mid-run costs one refresh and no failed call, even for 10 calls at once', async () => {
    w = await world({ emulator: { limits: { mintsPerWindow: 0 } } });
    await w.books.listOrganizations();
    const before = minted();
    const stale = w.sent[0]!.token;
    // Another process mints 16 tokens from the same refresh token: past the cap of 15 ours is evicted.
    await mintElsewhere(w, 16);
    const mintedElsewhere = minted() - before;
    const results = await Promise.all(Array.from({ length: 10 }, () => w.books.listOrganizations()));
    expect(results.every((r) => r.length === 1)).toBe(true);
    expect(minted() - before - mintedElsewhere).toBe(1);
    const refused = w.sent.filter((s) => s.token === stale).length - 1;
    expect(refused).toBe(10); // each in-flight call met the 401 once, then replayed with the one new token
    expect(new Set(w.sent.slice(1).map((s) => s.token)).size).toBe(2);
  });

  it('a scope the token answer says is missing is a ScopeError before anything is sent', async () => {
    w = await world({ scope: 'ZohoBooks.invoices.READ' });
    const tokensBefore = w.emu.stats().token_requests;
    await w.provider.getToken(); // the token (and its scope) is known
    const error = await w.books.listOrganizations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScopeError);
    const scopeError = error as ScopeError;
    expect(scopeError.requiredScope).toBe('ZohoBooks.settings.READ');
    expect(scopeError.message).toContain('ZohoBooks.settings.READ');
    expect(scopeError.message).toContain('ZohoBooks.invoices.READ'); // what the token has
    expect(scopeError.message).toContain('nothing was sent');
    expect(scopeError.hint).toMatch(/Generate Code.*ZohoBooks\.settings\.READ.*zbooks auth login/s);
    // Nothing was sent, so Zoho gave no code: the label says why instead.
    expect(scopeError.code).toBeUndefined();
    expect(scopeError.reason).toBe('scope_not_granted');
    expect(scopeError.kind).toBe('auth');
    expect(w.sent).toHaveLength(0);
    expect(w.emu.stats().token_requests - tokensBefore).toBe(1);
  });

  it('without a known scope, a 57 on a token minted for this call is a ScopeError, with no replay', async () => {
    w = await world({ scope: 'ZohoBooks.invoices.READ', emulator: { limits: { omitScopeOnRefresh: true } } });
    const tokensBefore = w.emu.stats().token_requests;
    const error = await w.books.listOrganizations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScopeError);
    const scopeError = error as ScopeError;
    expect(scopeError.requiredScope).toBe('ZohoBooks.settings.READ');
    expect(scopeError.message).toContain('ZohoBooks.settings.READ');
    expect(scopeError.status).toBe(401);
    expect(scopeError.code).toBe(57);
    expect(w.sent).toHaveLength(1);
    expect(w.emu.stats().token_requests - tokensBefore).toBe(1);
    for (const secret of w.secrets()) expect(textOfError(error)).not.toContain(secret);
  });

  it('without a known scope, an older token refused with 57 costs one refresh and one replay, then a ScopeError', async () => {
    w = await world({ scope: 'ZohoBooks.invoices.READ', emulator: { limits: { omitScopeOnRefresh: true } } });
    await w.provider.getToken(); // cached before the call: it may have expired or been evicted
    const tokensBefore = w.emu.stats().token_requests;
    const error = await w.books.listOrganizations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScopeError);
    expect((error as ScopeError).message).toContain('with a new token as well');
    expect(w.sent).toHaveLength(2);
    expect(w.sent[0]!.token).not.toBe(w.sent[1]!.token);
    expect(w.emu.stats().token_requests - tokensBefore).toBe(1);
  });

  it('with one fixed token (login verification) a 401 is reported, not replayed', async () => {
    w = await world({ scope: 'ZohoBooks.invoices.READ' });
    const token = await w.provider.getToken();
    const error = await listOrganizations(token.apiDomain, token.accessToken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiAuthError);
    expect(error).not.toBeInstanceOf(ScopeError);
    expect((error as ApiAuthError).hint).toContain('ZohoBooks.settings.READ');
    expect(w.emu.stats().books_requests).toBe(1);
    expect(textOfError(error)).not.toContain(token.accessToken);
  });

  it('a garbled Authorization header (code 14) is an ApiAuthError, never a loop', async () => {
    w = await world();
    let calls = 0;
    const books = w.client({
      auth: {
        getToken: async () => {
          calls++;
          return {
            accessToken: `not-a-token-${calls}`,
            apiDomain: w.seed.api_domain,
            expiresAt: Date.now() + 1e6,
          };
        },
        invalidate: async () => {},
      },
    });
    const error = await books.listOrganizations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiAuthError);
    expect((error as ApiAuthError).code).toBe(14);
    expect(calls).toBe(2);
    expect(w.emu.stats().books_requests).toBe(2);
  });
});
