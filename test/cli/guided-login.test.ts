import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { CLI, tempDir } from '../helpers/cli.js';
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
