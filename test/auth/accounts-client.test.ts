import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountsClient } from '../../src/auth/accounts-client.js';
import {
  AuthError,
  InvalidClientError,
  InvalidClientSecretError,
  InvalidGrantCodeError,
  NetworkError,
  RefreshTokenInvalidError,
  TokenRateLimitedError,
  type ZbooksError,
} from '../../src/core/errors.js';
import type { Emulator, SeedResult } from '../../src/emulator/index.js';
import { clockOf, closedPort, emulator, recordingFetch } from '../helpers/emulator.js';

let emu: Emulator;
let seed: SeedResult;

beforeAll(async () => {
  emu = await emulator({ dcs: ['us', 'eu'] });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.clearFaults();
  emu.configure({ expiryShape: 'seconds', throttleStatus: 200 });
  seed = emu.seed();
});

const clientFor = (s: SeedResult, extra: Partial<ConstructorParameters<typeof AccountsClient>[0]> = {}) =>
  new AccountsClient({
    clientId: s.client_id,
    clientSecret: s.client_secret,
    accountsUrl: s.accounts_url,
    clock: clockOf(emu),
    ...extra,
  });

/** Every error must be actionable and free of the secrets involved. */
function expectClean(error: unknown, ...secrets: string[]): ZbooksError {
  const e = error as ZbooksError;
  expect(e.hint.length).toBeGreaterThan(10);
  for (const s of [seed.client_secret, seed.code, ...secrets]) {
    expect(`${e.message} ${e.hint}`).not.toContain(s);
  }
  return e;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('exchanging a grant code', () => {
  it('returns a refresh token and an access token with an absolute expiry an hour away', async () => {
    const before = emu.now();
    const result = await clientFor(seed).exchangeGrantCode(seed.code);
    expect(result.refreshToken).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expect(result.accessToken).toMatch(/^1000\./);
    expect(result.apiDomain).toBe(seed.api_domain);
    expect(result.scope).toBe('ZohoBooks.fullaccess.all');
    expect(result.expiresAt - before).toBeGreaterThanOrEqual(3600_000 - 1000);
    expect(result.expiresAt - before).toBeLessThan(3600_000 + 5000);
  });

  it('reads the legacy shape (expires_in_sec, expires_in in milliseconds) as one hour, not 41 days', async () => {
    emu.configure({ expiryShape: 'legacy' });
    const before = emu.now();
    const result = await clientFor(seed).exchangeGrantCode(seed.code);
    expect(result.expiresAt - before).toBeGreaterThanOrEqual(3600_000 - 1000);
    expect(result.expiresAt - before).toBeLessThan(3600_000 + 5000);
    const refreshed = await clientFor(seed).refresh(result.refreshToken);
    expect(refreshed.expiresAt - before).toBeLessThan(3600_000 + 5000);
  });

  it('sends every secret in a form body, never in the URL', async () => {
    const recorder = recordingFetch();
    const client = clientFor(seed, { fetch: recorder.fetch });
    const { refreshToken } = await client.exchangeGrantCode(seed.code);
    await client.refresh(refreshToken);
    await client.revoke(refreshToken);
    expect(recorder.requests).toHaveLength(3);
    for (const request of recorder.requests) {
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      for (const secret of [seed.client_secret, seed.code, refreshToken])
        expect(request.url).not.toContain(secret);
    }
    expect(new URLSearchParams(recorder.requests[1]!.body).get('grant_type')).toBe('refresh_token');
  });

  it('a code used twice is an invalid grant code that explains expiry, reuse and data centres', async () => {
    await clientFor(seed).exchangeGrantCode(seed.code);
    const error = expectClean(await failure(clientFor(seed).exchangeGrantCode(seed.code)));
    expect(error).toBeInstanceOf(InvalidGrantCodeError);
    expect(error.hint).toMatch(/expired.*3–10 minutes.*already used.*another data centre/);
  });

  it('an expired code is refused (the emulator clock crosses its 3 minutes)', async () => {
    emu.advance(3 * 60_000 + 1000);
    expect(await failure(clientFor(seed).exchangeGrantCode(seed.code))).toBeInstanceOf(InvalidGrantCodeError);
  });

  it('a client from another data centre is invalid_client, naming where it was asked', async () => {
    const euSeed = emu.seed({ dc: 'eu' });
    const client = clientFor(euSeed, { accountsUrl: emu.dcs.us!.accountsUrl });
    const error = expectClean(
      await failure(client.exchangeGrantCode(euSeed.code)),
      euSeed.client_secret,
      euSeed.code,
    );
    expect(error).toBeInstanceOf(InvalidClientError);
    expect(error.message).toContain(emu.dcs.us!.accountsUrl);
    expect(error.hint).toMatch(/data centre where it was created/);
    // The code was not consumed: the right data centre still takes it.
    await expect(clientFor(euSeed).exchangeGrantCode(euSeed.code)).resolves.toHaveProperty('refreshToken');
  });

  it('a wrong client secret is named as such', async () => {
    const error = expectClean(
      await failure(clientFor(seed, { clientSecret: 'f'.repeat(42) }).exchangeGrantCode(seed.code)),
    );
    expect(error).toBeInstanceOf(InvalidClientSecretError);
    expect(error.status).toBe(200);
  });
});

describe('refreshing', () => {
  it('a revoked refresh token is a dead refresh token telling the user to log in again', async () => {
    const client = clientFor(seed);
    const { refreshToken } = await client.exchangeGrantCode(seed.code);
    expect(await client.revoke(refreshToken)).toBe(true);
    expect(await client.revoke(refreshToken)).toBe(false);
    const error = expectClean(await failure(client.refresh(refreshToken)), refreshToken);
    expect(error).toBeInstanceOf(RefreshTokenInvalidError);
    expect(error.hint).toMatch(/zbooks auth login/);
  });

  for (const throttleStatus of [200, 400] as const) {
    it(`"Access Denied" with HTTP ${throttleStatus} is a rate-limit error saying when to retry`, async () => {
      emu.configure({ throttleStatus });
      const client = clientFor(seed);
      const { refreshToken } = await client.exchangeGrantCode(seed.code);
      emu.injectFault({ target: 'token', kind: 'throttle' });
      const error = expectClean(
        await failure(client.refresh(refreshToken)),
        refreshToken,
      ) as TokenRateLimitedError;
      expect(error).toBeInstanceOf(TokenRateLimitedError);
      expect(error.status).toBe(throttleStatus);
      expect(error.retryAt).toBeGreaterThan(emu.now());
      expect(error.hint).toMatch(/10 access tokens per 10 minutes/);
    });
  }

  it('the real limit: the 11th refresh within 10 minutes is throttled, and the window slides', async () => {
    const client = clientFor(seed);
    const { refreshToken } = await client.exchangeGrantCode(seed.code); // mint 1 of 10
    for (let i = 0; i < 9; i++) await client.refresh(refreshToken);
    expect(await failure(client.refresh(refreshToken))).toBeInstanceOf(TokenRateLimitedError);
    emu.advance(10 * 60_000 + 1000);
    await expect(client.refresh(refreshToken)).resolves.toHaveProperty('accessToken');
  });

  it('retries 5xx and dropped connections, a bounded number of times', async () => {
    const client = clientFor(seed);
    const { refreshToken } = await client.exchangeGrantCode(seed.code);
    emu.injectFault({ target: 'token', kind: 'status', status: 503, count: 1 });
    emu.injectFault({ target: 'token', kind: 'drop', count: 1 });
    const before = emu.stats().token_requests;
    await expect(client.refresh(refreshToken)).resolves.toHaveProperty('accessToken');
    expect(emu.stats().token_requests - before).toBe(3);

    emu.injectFault({ target: 'token', kind: 'status', status: 500, count: 5 });
    const again = emu.stats().token_requests;
    const error = expectClean(await failure(client.refresh(refreshToken)), refreshToken);
    expect(error).toBeInstanceOf(NetworkError);
    expect(emu.stats().token_requests - again).toBe(3); // 1 + maxRetries 2
  });

  it('never resends a grant code that may have reached Zoho', async () => {
    emu.injectFault({ target: 'token', kind: 'drop', count: 1 });
    const before = emu.stats().token_requests;
    expect(await failure(clientFor(seed).exchangeGrantCode(seed.code))).toBeInstanceOf(NetworkError);
    expect(emu.stats().token_requests - before).toBe(1);
  });

  it('an unreachable server is a network error after bounded retries', async () => {
    const client = new AccountsClient({
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      accountsUrl: `http://127.0.0.1:${await closedPort()}`,
      clock: clockOf(emu),
    });
    const error = expectClean(
      await failure(client.refresh('1000.deadbeefdeadbeefdeadbeefdeadbeef.deadbeefdeadbeefdeadbeefdeadbeef')),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/ECONNREFUSED, connection refused.*never sent/);
    expect(error.reason).toBe('econnrefused');
    // Zoho never answered, so no Zoho code; Node's own code stays where Node put it, on the cause.
    expect(error.code).toBeUndefined();
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a refusal at "localhost" (every address tried, an AggregateError) still names the refusal', async () => {
    const client = new AccountsClient({
      clientId: seed.client_id,
      clientSecret: seed.client_secret,
      accountsUrl: `http://localhost:${await closedPort()}`,
      clock: clockOf(emu),
      maxRetries: 0,
    });
    const error = expectClean(
      await failure(client.refresh('1000.deadbeefdeadbeefdeadbeefdeadbeef.deadbeefdeadbeefdeadbeefdeadbeef')),
    );
    expect(error.reason).toBe('econnrefused');
    expect(error.message).not.toMatch(/NETWORK_ERROR/);
  });
});

describe('answers that are not Zoho JSON', () => {
  const cases = [
    { kind: 'html', pattern: /HTML page/ },
    { kind: 'empty', pattern: /empty body/ },
    { kind: 'truncated', pattern: /not a JSON object/ },
  ] as const;
  for (const { kind, pattern } of cases) {
    it(`${kind}: a typed error with the status and a short redacted excerpt`, async () => {
      const client = clientFor(seed, { maxRetries: 0 });
      const { refreshToken } = await client.exchangeGrantCode(seed.code);
      emu.injectFault({ target: 'token', kind });
      const error = expectClean(await failure(client.refresh(refreshToken)), refreshToken);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.message).toMatch(pattern);
      expect(error.message).toMatch(/HTTP \d{3}/);
      expect(error.message.length).toBeLessThan(300);
    });
  }
});

describe('client_credentials', () => {
  it('mints a token for one organization, with no refresh token', async () => {
    const result = await clientFor(seed).clientCredentials(
      'ZohoBooks.fullaccess.all',
      seed.organizations[0]!.organization_id,
    );
    expect(result.accessToken).toMatch(/^1000\./);
    expect(result.refreshToken).toBeUndefined();
  });

  it('an organization the client does not have is refused', async () => {
    const error = await failure(clientFor(seed).clientCredentials('ZohoBooks.fullaccess.all', '123'));
    expect(error).toBeInstanceOf(AuthError);
  });
});
