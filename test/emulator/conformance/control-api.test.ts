import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { ZohoBooks } from '../../../src/index.js';
import { CLI, tempDir, zbooks } from '../../helpers/cli.js';
import { booksUser, type Json, NO_LIMITS, orgClient } from '../books-helpers.js';
import { consoleCall } from '../helpers.js';

/** The emulator's control API and helpers as the README documents them (issue 11, "Using it is easy"). */
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ books: NO_LIMITS, startTime: Date.parse('2024-06-10T12:00:00Z') });
});
afterAll(async () => {
  await emu.close();
});

const round = (n: number) => Math.round(n * 100) / 100;

describe('the sample ledger', () => {
  it('[README control API: POST /_emulator/books/{org}/_ledger] the demo preset holds documents in every status, and every contact’s figures add up', async () => {
    const { token, orgs } = await booksUser(emu);
    const org = orgs[0]!;
    const r = await consoleCall(emu.apiDomain, 'POST', `/books/${org}/_ledger`, { preset: 'demo' });
    expect(r.status).toBe(201);
    expect(r.body.records).toMatchObject({
      contacts: 12,
      invoices: expect.any(Number),
      bills: expect.any(Number),
    });
    const call = orgClient(emu, token, org);
    const statuses = async (path: string, key: string) =>
      new Set(
        ((await call('GET', path, { query: { per_page: 200 } })).body[key] as Json[]).map((d) => d.status),
      );
    expect([...(await statuses('/invoices', 'invoices'))].sort()).toEqual([
      'draft',
      'overdue',
      'paid',
      'partially_paid',
      'sent',
      'void',
    ]);
    expect([...(await statuses('/bills', 'bills'))].sort()).toEqual([
      'open',
      'overdue',
      'paid',
      'partially_paid',
      'void',
    ]);
    expect([...(await statuses('/estimates', 'estimates'))].sort()).toEqual([
      'accepted',
      'declined',
      'draft',
      'expired',
      'invoiced',
      'sent',
    ]);
    const invoices = emu.records(org, 'invoices');
    for (const contact of emu.records(org, 'contacts').filter((c) => c.contact_type === 'customer')) {
      const owed = invoices
        .filter((i) => i.customer_id === contact.contact_id && i.status !== 'draft' && i.status !== 'void')
        .reduce((s, i) => s + Number(i.balance), 0);
      expect(contact.outstanding_receivable_amount, String(contact.contact_name)).toBe(round(owed));
    }
  });

  it('[README: seedLedger({ records })] counts override a preset; unknown kinds and bad counts are refused', async () => {
    const seeded = emu.seed({ ledger: { records: { invoices: 7 } } });
    const org = seeded.organizations[0]!.organization_id;
    expect(emu.records(org, 'invoices')).toHaveLength(7);
    expect(emu.records(org, 'contacts').length).toBeGreaterThan(0);
    const bad = await consoleCall(emu.apiDomain, 'POST', `/books/${org}/_ledger`, {
      records: { unicorns: 3 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/unknown ledger record kind "unicorns"/);
    expect(() => emu.seedLedger(org, { preset: 'huge' })).toThrow(/unknown ledger preset/);
    // One contact asked for, but bills need a vendor: the ledger adds the side it lacks.
    const counts = emu.seedLedger(org, { records: { contacts: 1, bills: 2, invoices: 1 } });
    expect(counts.bills).toBe(2);
  });
});

describe('helpers for users’ tests', () => {
  it('[README: emu.clientOptions()] a zbooks client built from the returned options reads the seeded ledger', async () => {
    const options = emu.clientOptions({ ledger: { preset: 'small' } });
    expect(options).toEqual({
      auth: {
        clientId: expect.any(String),
        clientSecret: expect.any(String),
        refreshToken: expect.any(String),
        accountsUrl: emu.accountsUrl,
      },
      apiDomain: emu.apiDomain,
      organizationId: expect.stringMatching(/^\d+$/),
    });
    const client = new ZohoBooks(options);
    try {
      const page = await client.invoices.list();
      expect(page.items.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('[README: POST /_emulator/config { codes }] the [open] business codes are settings, checked like every other', async () => {
    const set = await consoleCall(emu.apiDomain, 'POST', '/config', { codes: { invalidStatus: 1015 } });
    expect((set.body.codes as Json).invalidStatus).toBe(1015);
    expect(
      (await consoleCall(emu.apiDomain, 'POST', '/config', { codes: { invalidStatus: 0 } })).status,
    ).toBe(400);
    expect((await consoleCall(emu.apiDomain, 'POST', '/config', { codes: { made_up: 3 } })).status).toBe(400);
    emu.configure({ codes: { invalidStatus: 2 } });
  });
});

describe('zbooks emulator', () => {
  it('[README: zbooks emulator --dc us,eu --seed] prints every variable for several data centres, ZBOOKS_ACCOUNTS_URLS included, and login works with them', async () => {
    const config = await tempDir();
    const child = spawn(
      process.execPath,
      [CLI, 'emulator', '--dc', 'us,eu', '--seed', '--records', 'invoices=3', '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const info = JSON.parse(
        await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d) => {
            out += d;
            if (out.includes('\n')) resolve(out.split('\n')[0]!);
          });
          child.on('exit', () => reject(new Error('emulator exited')));
        }),
      );
      const env = info.env as Record<string, string>;
      expect(env.ZBOOKS_ACCOUNTS_URLS).toBe(`us=${info.dcs.us.accounts_url},eu=${info.dcs.eu.accounts_url}`);
      expect(env.ZOHO_DC).toBe('us');
      const login = await zbooks(['auth', 'login'], { env: { ...env, ZBOOKS_CONFIG_DIR: config.path } });
      expect(login.code, login.stderr).toBe(0);
      const list = await zbooks(['invoices', 'list', '--format', 'json'], {
        env: { ZBOOKS_CONFIG_DIR: config.path },
      });
      expect(list.code, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout)).toHaveLength(3);
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await config.remove();
    }
  });
});
