import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { consoleCall, exchange, getOrganizations, post, refresh } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ dcs: ['us', 'eu'] });
});
afterAll(async () => {
  await emu.close();
});

describe('several data centres', () => {
  it('runs one listener per DC; the first is the default', () => {
    expect(Object.keys(emu.dcs)).toEqual(['us', 'eu']);
    expect(emu.dcs.us!.accountsUrl).not.toBe(emu.dcs.eu!.accountsUrl);
    expect(emu.dcs.eu!.apiDomain).toBe(emu.dcs.eu!.accountsUrl);
    expect(emu.accountsUrl).toBe(emu.dcs.us!.accountsUrl);
    expect(emu.apiDomain).toBe(emu.dcs.us!.apiDomain);
  });

  it('answers invalid_client at another DC’s accounts server; the home DC works', async () => {
    const s = emu.seed({ dc: 'eu' });
    expect(s.accounts_url).toBe(emu.dcs.eu!.accountsUrl);
    const atUs = await exchange({ ...s, accounts_url: emu.dcs.us!.accountsUrl });
    expect(atUs).toEqual({ status: 200, body: { error: 'invalid_client' } });
    const atEu = await exchange(s);
    expect(atEu.body.api_domain).toBe(emu.dcs.eu!.apiDomain);
    const rt = atEu.body.refresh_token as string;
    expect((await refresh({ ...s, accounts_url: emu.dcs.us!.accountsUrl }, rt)).body).toEqual({
      error: 'invalid_client',
    });
    // A token is honoured only by its own DC's Books API, and revocable only at its own accounts server.
    const at = atEu.body.access_token as string;
    expect((await getOrganizations(emu.dcs.us!.apiDomain, `Zoho-oauthtoken ${at}`)).body.code).toBe(57);
    expect((await getOrganizations(emu.dcs.eu!.apiDomain, `Zoho-oauthtoken ${at}`)).status).toBe(200);
    expect((await post(emu.dcs.us!.accountsUrl, '/oauth/v2/token/revoke', { token: rt })).status).toBe(400);
  });

  it('gives organizations the currency of their DC', async () => {
    const s = emu.seed({ dc: 'eu', scope: 'ZohoBooks.settings.READ' });
    const { body } = await exchange(s);
    const orgs = await getOrganizations(s.api_domain, `Zoho-oauthtoken ${body.access_token}`);
    expect((orgs.body.organizations as { currency_code: string }[])[0]!.currency_code).toBe('EUR');
  });

  it('creates console clients in the listener’s DC unless told otherwise', async () => {
    const atEu = await consoleCall(emu.dcs.eu!.accountsUrl, 'POST', '/clients', {});
    expect(atEu.body.dc).toBe('eu');
    const fromEu = await consoleCall(emu.dcs.eu!.accountsUrl, 'POST', '/clients', { dc: 'us' });
    expect(fromEu.body.dc).toBe('us');
    expect((await consoleCall(emu.accountsUrl, 'POST', '/clients', { dc: 'in' })).status).toBe(400);
    const seeded = await consoleCall(emu.dcs.eu!.accountsUrl, 'POST', '/seed', {});
    expect(seeded.body).toMatchObject({ dc: 'eu', accounts_url: emu.dcs.eu!.accountsUrl });
  });

  it('throws for unknown or duplicate DCs', async () => {
    await expect(startEmulator({ dcs: ['us', 'mars'] })).rejects.toThrow(/mars/);
    await expect(startEmulator({ dcs: ['eu', 'eu'] })).rejects.toThrow();
    await expect(startEmulator({ dcs: [] })).rejects.toThrow();
    expect(() => emu.createClient({ dc: 'jp' })).toThrow();
  });

  it('knows every DC of the reference', async () => {
    const all = ['us', 'eu', 'in', 'au', 'jp', 'ca', 'cn', 'sa', 'uk'];
    const big = await startEmulator({ dcs: all });
    try {
      expect(Object.keys(big.dcs)).toEqual(all);
    } finally {
      await big.close();
    }
  });

  it('listens on port+i for DC i when given a port', async () => {
    const freePort = () =>
      new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as { port: number };
          probe.close(() => resolve(port));
        });
      });
    // port+1 is not guaranteed free while other tests run: try a few bases.
    let fixed: Awaited<ReturnType<typeof startEmulator>> | undefined;
    let base = 0;
    for (let attempt = 0; !fixed && attempt < 5; attempt++) {
      const free = await freePort();
      base = free > 65000 ? free - 100 : free;
      fixed = await startEmulator({ port: base, dcs: ['us', 'eu'] }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE') throw error;
        return undefined;
      });
    }
    if (!fixed) throw new Error('no two consecutive free ports found');
    try {
      expect(fixed.dcs.us!.accountsUrl).toBe(`http://127.0.0.1:${base}`);
      expect(fixed.dcs.eu!.accountsUrl).toBe(`http://127.0.0.1:${base + 1}`);
      expect((await fetch(`${fixed.dcs.eu!.accountsUrl}/_emulator/clock`)).status).toBe(200);
    } finally {
      await fixed.close();
    }
  });
});
