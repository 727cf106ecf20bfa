import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { getOrganizations, post, refresh, setup } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const revoke = (t: string, enc: 'query' | 'form' | 'multipart' = 'query') =>
  post(emu.accountsUrl, '/oauth/v2/token/revoke', { token: t }, enc);
const orgs = (t: string) => getOrganizations(emu.apiDomain, `Zoho-oauthtoken ${t}`);

describe('revoke', () => {
  it('revokes a refresh token and every access token it minted', async () => {
    const { s, refreshToken, accessToken } = await setup(emu);
    const second = (await refresh(s, refreshToken)).body.access_token as string;
    expect(await revoke(refreshToken)).toEqual({ status: 200, body: { status: 'success' } });
    expect((await refresh(s, refreshToken)).body).toEqual({ error: 'invalid_code' });
    expect((await orgs(accessToken)).body.code).toBe(57);
    expect((await orgs(second)).body.code).toBe(57);
    expect(emu.stats().refresh_tokens[0]!.revoked).toBe(true);
  });

  it('revokes one access token (token in a form body), leaving the refresh token working', async () => {
    const { s, refreshToken, accessToken } = await setup(emu);
    expect(await revoke(accessToken, 'form')).toEqual({ status: 200, body: { status: 'success' } });
    expect((await orgs(accessToken)).status).toBe(401);
    const fresh = (await refresh(s, refreshToken)).body.access_token as string;
    expect((await orgs(fresh)).status).toBe(200);
  });

  it('accepts a multipart body too', async () => {
    const { accessToken } = await setup(emu);
    expect((await revoke(accessToken, 'multipart')).body).toEqual({ status: 'success' });
  });

  it('answers HTTP 400 invalid_token for an unknown, missing or already revoked token', async () => {
    const failure = { status: 400, body: { status: 'failure', error: 'invalid_token' } };
    expect(await revoke('1000.abc.def')).toEqual(failure);
    expect(await post(emu.accountsUrl, '/oauth/v2/token/revoke', {})).toEqual(failure);
    const { refreshToken } = await setup(emu);
    await revoke(refreshToken);
    expect(await revoke(refreshToken)).toEqual(failure);
  });

  it('refuses GET with a JSON 405', async () => {
    const res = await fetch(`${emu.accountsUrl}/oauth/v2/token/revoke?token=x`);
    expect(res.status).toBe(405);
    expect(await res.json()).toHaveProperty('error');
  });

  it('counts revocations', async () => {
    const { refreshToken, accessToken } = await setup(emu);
    await revoke(accessToken);
    await revoke(refreshToken);
    await revoke('nope');
    const st = emu.stats();
    expect(st.revocations).toBe(2);
    expect(st.errors.invalid_token).toBe(1);
  });
});
