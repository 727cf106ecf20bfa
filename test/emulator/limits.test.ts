import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { ACCESS_DENIED, exchange, getOrganizations, refresh, setup } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const auth = (t: string) => `Zoho-oauthtoken ${t}`;

describe('10 access tokens per refresh token per rolling 10 minutes', () => {
  it('throttles the 11th mint with "Access Denied" and HTTP 200, minting nothing', async () => {
    const { s, refreshToken } = await setup(emu); // the exchange is mint 1
    for (let i = 0; i < 9; i++)
      expect((await refresh(s, refreshToken)).body.access_token).toBeTypeOf('string');
    const denied = await refresh(s, refreshToken);
    expect(denied).toEqual({ status: 200, body: ACCESS_DENIED });
    const st = emu.stats();
    expect(st.minted).toBe(10);
    expect(st.throttled).toBe(1);
    expect(st.refresh_tokens[0]).toMatchObject({ mints_in_window: 10, total_mints: 10 });
  });

  it('answers the throttle with HTTP 400 when configured so', async () => {
    emu.configure({ throttleStatus: 400, mintsPerWindow: 1 });
    const { s, refreshToken } = await setup(emu);
    expect(await refresh(s, refreshToken)).toEqual({ status: 400, body: ACCESS_DENIED });
  });

  it('uses the throttle status given at start', async () => {
    const other = await startEmulator({ limits: { throttleStatus: 400, mintsPerWindow: 1 } });
    try {
      const { s, refreshToken } = await setup(other);
      expect((await refresh(s, refreshToken)).status).toBe(400);
    } finally {
      await other.close();
    }
  });

  it('slides the window: each mint frees its slot ten minutes after it happened', async () => {
    const { s, refreshToken } = await setup(emu); // mint at t0
    emu.advance(5 * 60_000);
    for (let i = 0; i < 9; i++) await refresh(s, refreshToken); // mints at t0+5m
    expect((await refresh(s, refreshToken)).body.error).toBe('Access Denied');
    emu.advance(5 * 60_000 + 1); // t0 leaves the window, the nine stay in it
    expect((await refresh(s, refreshToken)).body.access_token).toBeTypeOf('string');
    expect((await refresh(s, refreshToken)).body.error).toBe('Access Denied');
    emu.advance(5 * 60_000);
    expect((await refresh(s, refreshToken)).body.access_token).toBeTypeOf('string');
  });

  it('counts each refresh token separately, and 0 means unlimited', async () => {
    emu.configure({ mintsPerWindow: 2 });
    const a = await setup(emu);
    const b = await setup(emu);
    await refresh(a.s, a.refreshToken);
    expect((await refresh(a.s, a.refreshToken)).body.error).toBe('Access Denied');
    expect((await refresh(b.s, b.refreshToken)).body.access_token).toBeTypeOf('string');
    emu.configure({ mintsPerWindow: 0 });
    for (let i = 0; i < 12; i++)
      expect((await refresh(a.s, a.refreshToken)).body.access_token).toBeTypeOf('string');
  });
});

describe('active access tokens per refresh token', () => {
  it('evicts the OLDEST active token when a 16th is minted; that token then gets 401 code 57', async () => {
    emu.configure({ mintsPerWindow: 0 });
    const { s, refreshToken, accessToken: first } = await setup(emu);
    const minted: string[] = [];
    for (let i = 0; i < 14; i++) minted.push((await refresh(s, refreshToken)).body.access_token as string);
    expect((await getOrganizations(emu.apiDomain, auth(first))).status).toBe(200);
    expect(emu.stats().evicted_access_tokens).toBe(0);

    await refresh(s, refreshToken); // the 16th
    const evicted = await getOrganizations(emu.apiDomain, auth(first));
    expect(evicted.status).toBe(401);
    expect(evicted.body.code).toBe(57);
    expect((await getOrganizations(emu.apiDomain, auth(minted[0]!))).status).toBe(200);
    const st = emu.stats();
    expect(st.evicted_access_tokens).toBe(1);
    expect(st.refresh_tokens[0]).toMatchObject({ active_access_tokens: 15, total_mints: 16 });
  });

  it('is configurable (30 for other products) and reachable under the default throttle as time passes', async () => {
    emu.configure({ activeTokenCap: 2 });
    const { s, refreshToken, accessToken: first } = await setup(emu);
    await refresh(s, refreshToken);
    emu.advance(11 * 60_000);
    await refresh(s, refreshToken);
    expect((await getOrganizations(emu.apiDomain, auth(first))).body.code).toBe(57);
    emu.configure({ activeTokenCap: 30 });
    expect(emu.stats().refresh_tokens[0]!.active_access_tokens).toBe(2);
  });

  it('does not count expired tokens as active', async () => {
    emu.configure({ activeTokenCap: 2, tokenTtlSeconds: 60 });
    const { s, refreshToken } = await setup(emu);
    const second = (await refresh(s, refreshToken)).body.access_token as string;
    emu.advance(61_000); // both expired
    const third = (await refresh(s, refreshToken)).body.access_token as string;
    await refresh(s, refreshToken);
    expect(emu.stats().evicted_access_tokens).toBe(0);
    expect((await getOrganizations(emu.apiDomain, auth(second))).body.code).toBe(57);
    expect((await getOrganizations(emu.apiDomain, auth(third))).status).toBe(200);
  });
});

describe('20 refresh tokens per client', () => {
  it('deletes the oldest refresh token (and its access tokens) when a 21st is issued', async () => {
    emu.configure({ grantCodesPerWindow: 0 });
    const client = emu.createClient();
    const s = { accounts_url: emu.accountsUrl, ...client };
    const issue = async () => {
      const r = await exchange({ ...s, code: emu.generateCode(client.client_id).code });
      return r.body as { access_token: string; refresh_token: string };
    };
    const first = await issue();
    const others = [];
    for (let i = 0; i < 19; i++) others.push(await issue());
    expect((await refresh(s, first.refresh_token)).body.access_token).toBeTypeOf('string');

    await issue(); // the 21st
    expect((await refresh(s, first.refresh_token)).body).toEqual({ error: 'invalid_code' });
    expect((await getOrganizations(emu.apiDomain, auth(first.access_token))).body.code).toBe(57);
    expect((await refresh(s, others[0]!.refresh_token)).body.access_token).toBeTypeOf('string');
    const mine = emu.stats().refresh_tokens.filter((rt) => rt.client_id === client.client_id);
    expect(mine).toHaveLength(21);
    expect(mine.filter((rt) => rt.revoked).map((rt) => rt.id)).toEqual([mine[0]!.id]);
  });
});
