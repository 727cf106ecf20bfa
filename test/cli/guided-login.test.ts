import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { CLI, tempDir } from '../helpers/cli.js';
import { zbooksInProcess } from '../helpers/cli-in-process.js';
import { emulator } from '../helpers/emulator.js';
import { TmuxSession } from '../helpers/tmux.js';
import { describeWith } from '../helpers/tools.js';

let emu: Emulator;
let config: Awaited<ReturnType<typeof tempDir>>;
let tty: TmuxSession;

beforeAll(async () => {
  emu = await emulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  config = await tempDir();
  tty = new TmuxSession();
});
afterEach(async () => {
  await tty.close();
  await config.remove();
});

const profiles = async () => JSON.parse(await readFile(join(config.path, 'profiles.json'), 'utf8')).profiles;

describeWith('tmux')('guided `zbooks auth login` on a terminal', () => {
  it('walks through scopes, storage, code, client and organization, masking every secret on screen', async () => {
    const client = emu.createClient({ organizations: [{ name: 'North Ltd' }, { name: 'South GmbH' }] });
    const { code } = emu.generateCode(client.client_id, { durationMinutes: 10 });
    await tty.start(`node ${CLI} auth login --accounts-url ${emu.accountsUrl}`, {
      ZBOOKS_CONFIG_DIR: config.path,
      PATH: process.env.PATH ?? '',
    });

    await tty.waitFor(/Access to grant[\s\S]*Full access[\s\S]*Read-only[\s\S]*Choose modules/);
    await tty.press('Enter');
    const instructions = await tty.waitFor(/Where should the refresh token be kept\?/);
    expect(instructions).toMatch(/Add Client → Self Client → Create/);
    expect(instructions).toMatch(/Generate Code tab: Scope ZohoBooks\.fullaccess\.all/);
    expect(instructions).toMatch(/Profile file/);
    await tty.press('Enter');
    await tty.waitFor(/Paste the grant code/);
    await tty.type(code, 'Enter');
    await tty.waitFor(/Client ID \(code pasted \d+ s ago; it lasts 3–10 minutes/);
    await tty.type(client.client_id, 'Enter');
    await tty.waitFor(/Client Secret/);
    await tty.type(client.client_secret, 'Enter');
    await tty.waitFor(/Organization to use[\s\S]*North Ltd[\s\S]*South GmbH/);
    await tty.press('Down');
    await tty.press('Enter');
    const done = await tty.waitFor(/EXIT=\d+/);

    expect(done).toMatch(/✓ Logged in: profile "default".*South GmbH/s);
    expect(done).toMatch(/EXIT=0/);
    expect(done).not.toContain(client.client_secret);
    expect(done).not.toContain(code);
    const saved = (await profiles()).default;
    expect(saved.organization_id).toBe(client.organizations[1]!.organization_id);
    expect((await stat(join(config.path, 'profiles.json'))).mode & 0o777).toBe(0o600);
  });

  it('read-only scopes, the console JSON file, and .env lines instead of a saved secret', async () => {
    const client = emu.createClient();
    const { code } = emu.generateCode(client.client_id, {
      scope: 'ZohoBooks.settings.READ,ZohoBooks.invoices.READ',
    });
    const file = join(config.path, 'self_client.json');
    await writeFile(
      file,
      JSON.stringify({
        client_id: client.client_id,
        client_secret: client.client_secret,
        code,
        grant_type: 'authorization_code',
        expiry_time: Date.now() + 180_000,
      }),
    );
    await tty.start(`node ${CLI} auth login --accounts-url ${emu.accountsUrl}`, {
      ZBOOKS_CONFIG_DIR: config.path,
      PATH: process.env.PATH ?? '',
    });
    await tty.waitFor(/Access to grant/);
    await tty.press('Down');
    await tty.press('Enter');
    const screen = await tty.waitFor(/Where should the refresh token be kept\?[\s\S]*Print \.env lines/);
    expect(screen).toMatch(/ZohoBooks\.invoices\.READ/);
    await tty.press('Up'); // the list wraps: .env lines is the last choice, with or without a keychain
    await tty.press('Enter');
    await tty.waitFor(/Paste the grant code/);
    await tty.type(file, 'Enter');
    const done = await tty.waitFor(/EXIT=\d+/);
    expect(done).toMatch(/EXIT=0/);
    expect(done).toMatch(/ZOHO_REFRESH_TOKEN=1000\./);
    const saved = (await profiles()).default;
    expect(saved.refresh_token).toBeUndefined();
    expect(saved.client_secret).toBeUndefined();
    expect(saved.client_id).toBe(client.client_id);
  });

  it('Ctrl-C cancels cleanly with nothing saved', async () => {
    await tty.start(`node ${CLI} auth login --dc eu`, {
      ZBOOKS_CONFIG_DIR: config.path,
      PATH: process.env.PATH ?? '',
    });
    await tty.waitFor(/Access to grant/);
    await tty.press('C-c');
    const done = await tty.waitFor(/EXIT=\d+/);
    expect(done).toMatch(/cancelled/);
    expect(done).toMatch(/EXIT=2/);
    expect(done).not.toMatch(/\n\s+at /);
    await expect(stat(join(config.path, 'profiles.json'))).rejects.toThrow();
  });
});

describeWith('tmux')('logging in again on a terminal', () => {
  it('asks before revoking the refresh token the profile held, and keeps it unless told otherwise', async () => {
    const client = emu.createClient();
    const env = (code: string) => ({
      ZBOOKS_CONFIG_DIR: config.path,
      PATH: process.env.PATH ?? '',
      ZOHO_ACCOUNTS_URL: emu.accountsUrl,
      ZOHO_CLIENT_ID: client.client_id,
      ZOHO_CLIENT_SECRET: client.client_secret,
      ZOHO_GRANT_CODE: code,
    });
    const first = await zbooksInProcess(['auth', 'login'], {
      env: env(emu.generateCode(client.client_id).code),
    });
    expect(first.code).toBe(0);
    const firstToken = (await profiles()).default.refresh_token;

    // Enter takes the default: keep the old token.
    await tty.start(`node ${CLI} auth login`, env(emu.generateCode(client.client_id).code));
    const asked = await tty.waitFor(
      /holds a refresh token \(1000\.\*{4}\w{4}\)[\s\S]*Revoke it once\s[\s\S]*logged in\?/,
    );
    expect(asked).not.toContain(firstToken);
    await tty.press('Enter');
    const kept = await tty.waitFor(/EXIT=\d+/);
    expect(kept).toMatch(/EXIT=0/);
    expect(kept).toMatch(/still valid at Zoho/);
    const secondToken = (await profiles()).default.refresh_token;
    expect(await tokenWorks(client, firstToken)).toBe(true);

    // Choosing Yes revokes the one the profile held (the second), not the first, still in use elsewhere.
    await tty.close();
    tty = new TmuxSession();
    await tty.start(`node ${CLI} auth login`, env(emu.generateCode(client.client_id).code));
    await tty.waitFor(/Revoke it once\s[\s\S]*logged in\?/);
    await tty.press('Left');
    await tty.press('Enter');
    const revoked = await tty.waitFor(/EXIT=\d+/);
    expect(revoked).toMatch(/EXIT=0/);
    expect(revoked).toMatch(/Revoked the refresh token profile "default" held before/);
    expect(await tokenWorks(client, secondToken)).toBe(false);
    expect(await tokenWorks(client, firstToken)).toBe(true);
  });
});

/** Whether Zoho (the emulator) still mints access tokens for this refresh token. */
async function tokenWorks(client: { client_id: string; client_secret: string }, refreshToken: string) {
  const response = await fetch(`${emu.accountsUrl}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: client.client_id,
      client_secret: client.client_secret,
      refresh_token: refreshToken,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  return typeof body.access_token === 'string';
}
