import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { type Encoding, exchange, post, refresh, setup, token } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const TOKEN = /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/;

describe('token endpoint: authorization_code', () => {
  it.each<Encoding>(['query', 'form', 'multipart'])('exchanges a code sent as %s', async (encoding) => {
    const s = emu.seed();
    const { status, body } = await exchange(s, encoding);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual([
      'access_token',
      'refresh_token',
      'scope',
      'api_domain',
      'token_type',
      'expires_in',
    ]);
    expect(body.access_token).toMatch(TOKEN);
    expect(body.refresh_token).toMatch(TOKEN);
    expect(body).toMatchObject({
      scope: 'ZohoBooks.fullaccess.all',
      api_domain: emu.apiDomain,
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });

  it('merges query and body parameters', async () => {
    const s = emu.seed();
    const url = `${emu.accountsUrl}/oauth/v2/token?client_id=${s.client_id}&grant_type=authorization_code`;
    const res = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ client_secret: s.client_secret, code: s.code }),
    });
    expect(((await res.json()) as { access_token?: string }).access_token).toMatch(TOKEN);
  });

  it('answers the legacy expiry shape: expires_in_sec in seconds, expires_in in milliseconds', async () => {
    emu.configure({ expiryShape: 'legacy', tokenTtlSeconds: 1800 });
    const { s, refreshToken } = await setup(emu);
    const r = await refresh(s, refreshToken);
    expect(r.body.expires_in_sec).toBe(1800);
    expect(r.body.expires_in).toBe(1_800_000);
  });

  it('honours tokenTtlSeconds and the legacy shape given at start', async () => {
    const other = await startEmulator({ tokenTtlSeconds: 60, expiryShape: 'legacy' });
    try {
      const { body } = await exchange(other.seed());
      expect(body).toMatchObject({ expires_in_sec: 60, expires_in: 60_000 });
    } finally {
      await other.close();
    }
  });

  it('makes codes single-use', async () => {
    const s = emu.seed();
    expect((await exchange(s)).body.access_token).toMatch(TOKEN);
    expect(await exchange(s)).toEqual({ status: 200, body: { error: 'invalid_code' } });
  });

  it('expires codes after their duration on the emulator clock', async () => {
    const s = emu.seed();
    emu.advance(3 * 60_000 + 1);
    expect((await exchange(s)).body).toEqual({ error: 'invalid_code' });
    const longer = emu.seed({ durationMinutes: 10 });
    emu.advance(9 * 60_000);
    expect((await exchange(longer)).body.access_token).toMatch(TOKEN);
  });

  it('rejects a wrong code and another client’s code with invalid_code', async () => {
    const a = emu.seed();
    const b = emu.seed();
    expect((await exchange({ ...a, code: '1000.aaaa.bbbb' })).body).toEqual({ error: 'invalid_code' });
    expect((await exchange({ ...a, code: b.code })).body).toEqual({ error: 'invalid_code' });
    // b's code was not consumed by a's attempt.
    expect((await exchange(b)).body.access_token).toMatch(TOKEN);
  });
});

describe('token endpoint: client and grant errors (HTTP 200)', () => {
  it('answers invalid_client for a missing or unknown client id', async () => {
    const s = emu.seed();
    expect(
      await token(emu, { grant_type: 'authorization_code', client_secret: s.client_secret, code: s.code }),
    ).toEqual({
      status: 200,
      body: { error: 'invalid_client' },
    });
    expect((await exchange({ ...s, client_id: '1000.UNKNOWNUNKNOWNUNKNOWNUNKNOWNUN' })).body).toEqual({
      error: 'invalid_client',
    });
  });

  it('answers invalid_client_secret for a wrong secret', async () => {
    const s = emu.seed();
    expect(await exchange({ ...s, client_secret: 'f'.repeat(42) })).toEqual({
      status: 200,
      body: { error: 'invalid_client_secret' },
    });
  });

  it('answers unsupported_grant_type for a missing or unknown grant type', async () => {
    const s = emu.seed();
    const base = { client_id: s.client_id, client_secret: s.client_secret };
    expect(await token(emu, base)).toEqual({ status: 200, body: { error: 'unsupported_grant_type' } });
    expect((await token(emu, { ...base, grant_type: 'password' })).body).toEqual({
      error: 'unsupported_grant_type',
    });
    expect((await token(emu, { ...base, grant_type: 'constructor' })).body).toEqual({
      error: 'unsupported_grant_type',
    });
  });

  it('refuses GET with a JSON 405', async () => {
    const res = await fetch(`${emu.accountsUrl}/oauth/v2/token?grant_type=refresh_token`);
    expect(res.status).toBe(405);
    expect(await res.json()).toHaveProperty('error');
  });

  it('ignores a JSON body: Zoho reads only the query and form bodies', async () => {
    const s = emu.seed();
    const res = await fetch(`${emu.accountsUrl}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: s.client_id,
        client_secret: s.client_secret,
        code: s.code,
      }),
    });
    expect(await res.json()).toEqual({ error: 'unsupported_grant_type' });
  });
});

describe('token endpoint: refresh_token', () => {
  it('mints an access token without a refresh token', async () => {
    const { s, refreshToken, accessToken } = await setup(emu);
    const { status, body } = await refresh(s, refreshToken);
    expect(status).toBe(200);
    expect(body.access_token).toMatch(TOKEN);
    expect(body.access_token).not.toBe(accessToken);
    expect(body).not.toHaveProperty('refresh_token');
    expect(body).toMatchObject({
      scope: 'ZohoBooks.fullaccess.all',
      api_domain: emu.apiDomain,
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });

  it('omits scope when configured to', async () => {
    emu.configure({ omitScopeOnRefresh: true });
    const { s, refreshToken } = await setup(emu);
    const { body } = await refresh(s, refreshToken);
    expect(body.access_token).toMatch(TOKEN);
    expect(body).not.toHaveProperty('scope');
  });

  it('answers invalid_code for an unknown refresh token or another client’s', async () => {
    const a = await setup(emu);
    const b = await setup(emu);
    expect(await refresh(a.s, '1000.0123.4567')).toEqual({ status: 200, body: { error: 'invalid_code' } });
    expect((await refresh(a.s, b.refreshToken)).body).toEqual({ error: 'invalid_code' });
    expect(
      (
        await post(emu.accountsUrl, '/oauth/v2/token', {
          grant_type: 'refresh_token',
          client_id: a.s.client_id,
          client_secret: a.s.client_secret,
        })
      ).body,
    ).toEqual({
      error: 'invalid_code',
    });
  });
});

describe('token endpoint: client_credentials', () => {
  const cc = (s: { client_id: string; client_secret: string }, extra: Record<string, string>) =>
    token(emu, {
      grant_type: 'client_credentials',
      client_id: s.client_id,
      client_secret: s.client_secret,
      scope: 'ZohoBooks.fullaccess.all',
      ...extra,
    });

  it('needs soid naming one of the client’s organizations', async () => {
    const s = emu.seed();
    const other = emu.seed();
    expect(await cc(s, {})).toEqual({ status: 200, body: { error: 'missing_org_info' } });
    expect((await cc(s, { soid: `ZohoBooks.${other.organizations[0]!.organization_id}` })).body).toEqual({
      error: 'invalid_org',
    });
    expect((await cc(s, { soid: 'ZohoBooks.garbage' })).body).toEqual({ error: 'invalid_org' });
  });

  it('mints an access token and no refresh token', async () => {
    const s = emu.seed();
    const { body } = await cc(s, { soid: `ZohoBooks.${s.organizations[0]!.organization_id}` });
    expect(body.access_token).toMatch(TOKEN);
    expect(body).not.toHaveProperty('refresh_token');
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, api_domain: emu.apiDomain });
  });
});

describe('token endpoint: stats', () => {
  it('counts requests, grant types, mints and errors', async () => {
    const { s, refreshToken } = await setup(emu);
    await refresh(s, refreshToken);
    await refresh(s, 'nope');
    await exchange(s);
    await token(emu, {});
    const st = emu.stats();
    expect(st.token_requests).toBe(5);
    expect(st.by_grant_type).toMatchObject({ authorization_code: 2, refresh_token: 2 });
    expect(st.minted).toBe(2);
    expect(st.errors).toEqual({ invalid_code: 2, unsupported_grant_type: 1 });
    expect(st.refresh_tokens).toEqual([
      {
        id: 'rt_1',
        client_id: s.client_id,
        created_at: expect.any(Number),
        revoked: false,
        mints_in_window: 2,
        active_access_tokens: 2,
        total_mints: 2,
      },
    ]);
  });
});
