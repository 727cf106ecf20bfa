import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { consoleCall, exchange } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const call = (method: string, path: string, body?: unknown) =>
  consoleCall(emu.accountsUrl, method, path, body);

describe('console: clients', () => {
  it('creates a Self Client with Zoho-shaped credentials and a default organization', async () => {
    const { status, body } = await call('POST', '/clients', {});
    expect(status).toBe(201);
    expect(body.client_id).toMatch(/^1000\.[A-Z0-9]{30}$/);
    expect(body.client_secret).toMatch(/^[0-9a-f]{42}$/);
    expect(body.dc).toBe('us');
    const orgs = body.organizations as { organization_id: string; name: string }[];
    expect(orgs).toHaveLength(1);
    expect(orgs[0]!.name).toBe('Demo Org');
    expect(orgs[0]!.organization_id).toMatch(/^\d{9,11}$/);
  });

  it('creates the organizations asked for, with unique string ids', async () => {
    const { body } = await call('POST', '/clients', {
      organizations: [{ name: 'A' }, { name: 'B', currency_code: 'EUR' }],
    });
    const orgs = body.organizations as { organization_id: string; name: string }[];
    expect(orgs.map((o) => o.name)).toEqual(['A', 'B']);
    expect(new Set(orgs.map((o) => o.organization_id)).size).toBe(2);
  });

  it('refuses a data centre that is not running, and bad organizations', async () => {
    expect((await call('POST', '/clients', { dc: 'eu' })).status).toBe(400);
    expect((await call('POST', '/clients', { dc: 'mars' })).status).toBe(400);
    const bad = await call('POST', '/clients', { organizations: [{}] });
    expect(bad.status).toBe(400);
    expect(typeof bad.body.error).toBe('string');
  });
});

describe('console: grant codes', () => {
  it('generates a code with the chosen scopes and duration', async () => {
    const client = (await call('POST', '/clients', {})).body;
    const before = emu.now();
    const { status, body } = await call('POST', `/clients/${client.client_id}/codes`, {
      scope: ['ZohoBooks.settings.READ', 'ZohoBooks.invoices.ALL'],
      duration_minutes: 5,
      description: 'test',
    });
    expect(status).toBe(201);
    expect(body.code).toMatch(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    expect(body.scope).toBe('ZohoBooks.settings.READ,ZohoBooks.invoices.ALL');
    expect(body.expires_in_minutes).toBe(5);
    expect(body.expires_at as number).toBeGreaterThanOrEqual(before + 5 * 60_000);
    expect(body.expires_at as number).toBeLessThan(before + 5 * 60_000 + 5_000);
  });

  it('accepts a comma-separated scope string and defaults to 3 minutes', async () => {
    const client = (await call('POST', '/clients', {})).body;
    const { body } = await call('POST', `/clients/${client.client_id}/codes`, {
      scope: 'ZohoBooks.settings.READ, ZohoBooks.contacts.READ',
    });
    expect(body.scope).toBe('ZohoBooks.settings.READ,ZohoBooks.contacts.READ');
    expect(body.expires_in_minutes).toBe(3);
  });

  it('rejects durations other than 3, 5, 7, 10 and a missing scope with a JSON 400', async () => {
    const client = (await call('POST', '/clients', {})).body;
    for (const duration_minutes of [4, 0, 60, '5']) {
      const r = await call('POST', `/clients/${client.client_id}/codes`, {
        scope: 'ZohoBooks.fullaccess.all',
        duration_minutes,
      });
      expect(r.status).toBe(400);
      expect(typeof r.body.error).toBe('string');
    }
    expect((await call('POST', `/clients/${client.client_id}/codes`, {})).status).toBe(400);
  });

  it('answers 404 for an unknown client', async () => {
    const r = await call('POST', '/clients/1000.NOPE/codes', { scope: 'ZohoBooks.fullaccess.all' });
    expect(r.status).toBe(404);
    expect(typeof r.body.error).toBe('string');
  });

  it('limits grant codes to 10 per client per 10 minutes, then access_denied until the window slides', async () => {
    const client = (await call('POST', '/clients', {})).body;
    const path = `/clients/${client.client_id}/codes`;
    for (let i = 0; i < 10; i++) {
      expect((await call('POST', path, { scope: 'ZohoBooks.fullaccess.all' })).status).toBe(201);
    }
    const denied = await call('POST', path, { scope: 'ZohoBooks.fullaccess.all' });
    expect(denied).toMatchObject({ status: 400, body: { error: 'access_denied' } });
    expect(() => emu.generateCode(client.client_id as string)).toThrow();
    emu.advance(10 * 60_000 + 1);
    expect((await call('POST', path, { scope: 'ZohoBooks.fullaccess.all' })).status).toBe(201);
  });

  it('lifts the grant-code limit when configured to 0', async () => {
    emu.configure({ grantCodesPerWindow: 0 });
    const client = emu.createClient();
    for (let i = 0; i < 15; i++) emu.generateCode(client.client_id);
  });
});

describe('console: seed, clock, config, stats, faults', () => {
  it('seeds a client and a code that exchanges at the returned accounts URL', async () => {
    const { status, body } = await call('POST', '/seed', {
      scope: 'ZohoBooks.settings.READ',
      duration_minutes: 10,
      organizations: [{ name: 'Acme' }],
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      dc: 'us',
      accounts_url: emu.accountsUrl,
      api_domain: emu.apiDomain,
      scope: 'ZohoBooks.settings.READ',
    });
    expect((body.organizations as { name: string }[])[0]!.name).toBe('Acme');
    expect(body.code_expires_at as number).toBeGreaterThanOrEqual(emu.now() + 9 * 60_000);
    const r = await exchange(body as never);
    expect(typeof r.body.access_token).toBe('string');
  });

  it('reads and advances the clock', async () => {
    const start = (await call('GET', '/clock')).body.now as number;
    const a = (await call('POST', '/clock', { advance_ms: 60_000 })).body.now as number;
    expect(a - start).toBeGreaterThanOrEqual(60_000);
    const b = (await call('POST', '/clock', { advance_seconds: 120 })).body.now as number;
    expect(b - a).toBeGreaterThanOrEqual(120_000);
    expect((await call('POST', '/clock', { advance_ms: -5 })).status).toBe(400);
  });

  it('starts the clock where asked', async () => {
    const other = await startEmulator({ startTime: Date.UTC(2030, 0, 1) });
    try {
      expect(other.now() - Date.UTC(2030, 0, 1)).toBeLessThan(5_000);
    } finally {
      await other.close();
    }
  });

  it('shows and patches the config, refusing bad patches whole', async () => {
    const initial = (await call('GET', '/config')).body;
    expect(initial).toEqual({
      mintsPerWindow: 10,
      mintWindowSeconds: 600,
      activeTokenCap: 15,
      refreshTokensPerClient: 20,
      throttleStatus: 200,
      grantCodesPerWindow: 10,
      omitScopeOnRefresh: false,
      tokenTtlSeconds: 3600,
      expiryShape: 'seconds',
      books: { perMinute: 100, perDay: 'plan', concurrency: 10 },
      codes: {
        duplicateNumber: 1001,
        duplicateName: 3062,
        contactInUse: 3000,
        documentHasPayments: 4001,
        amountExceedsBalance: 24016,
        recordInUse: 2,
        invalidStatus: 2,
        unbalancedJournal: 2,
        notModelled: 501,
      },
    });
    const patched = await call('POST', '/config', { activeTokenCap: 30, throttleStatus: 400 });
    expect(patched.body).toMatchObject({ activeTokenCap: 30, throttleStatus: 400 });
    const bad = await call('POST', '/config', { mintsPerWindow: 3, throttleStatus: 500 });
    expect(bad.status).toBe(400);
    expect((await call('GET', '/config')).body.mintsPerWindow).toBe(10);
    expect((await call('POST', '/config', { nope: 1 })).status).toBe(400);
  });

  it('reports stats', async () => {
    const { status, body } = await call('GET', '/stats');
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_requests: 0, minted: 0, refresh_tokens: [] });
  });

  it('queues faults (snake_case accepted) and clears them', async () => {
    expect((await call('POST', '/faults', { target: 'token', kind: 'delay', delay_ms: 10 })).status).toBe(
      201,
    );
    expect((await call('POST', '/faults', { target: 'nowhere', kind: 'drop' })).status).toBe(400);
    expect(
      (await call('POST', '/faults', { target: 'token', kind: 'status', status: 503, count: 5 })).status,
    ).toBe(201);
    const cleared = await call('DELETE', '/faults');
    expect(cleared.status).toBe(204);
    const s = emu.seed();
    expect((await exchange(s)).status).toBe(200);
  });

  it('answers malformed JSON, unknown routes and wrong methods with JSON errors', async () => {
    const bad = await call('POST', '/clients', '{not json');
    expect(bad.status).toBe(400);
    expect(typeof bad.body.error).toBe('string');
    expect((await call('POST', '/clients', '[1,2]')).status).toBe(400);
    expect((await call('GET', '/nothing')).status).toBe(404);
    expect((await call('GET', '/clients')).status).toBe(405);
    const elsewhere = await fetch(`${emu.accountsUrl}/somewhere/else`);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toHaveProperty('error');
    // The server survived all of it.
    expect((await call('GET', '/clock')).status).toBe(200);
  });
});
