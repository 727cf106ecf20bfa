import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveProfile } from '../../src/cli/profile-file.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Emulator, SeedResult } from '../../src/emulator/index.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { emulator } from '../helpers/emulator.js';
import { reportMissingSecondUser, secondUser } from '../helpers/second-user.js';

const { user: attacker, reason } = secondUser();
reportMissingSecondUser(reason);

/**
 * The attacks of issue 15 that need a neighbour: a second local user (a bare uid, through setpriv) who owns
 * the victim's config directory, or can write to the directory the victim named for the token cache. The
 * victim is this process's user (root here: root too must not trust a directory another user controls).
 */
describe.skipIf(!attacker)(`a second local user${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let emu: Emulator;
  let seed: SeedResult;
  let base: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    seed = emu.seed();
    base = await tempDir('zbooks-second-user-');
    // The attacker must be able to reach the directories below.
    await chmod(base.path, 0o755);
  });
  afterEach(() => base.remove());

  const loginEnv = (configDir: string, extra: Record<string, string> = {}) => ({
    ZBOOKS_CONFIG_DIR: configDir,
    ZOHO_ACCOUNTS_URL: seed.accounts_url,
    ZOHO_CLIENT_ID: seed.client_id,
    ZOHO_CLIENT_SECRET: seed.client_secret,
    ZOHO_GRANT_CODE: seed.code,
    ...extra,
  });

  /** A directory the attacker owns, as if they had created the victim's config directory first. */
  async function attackersDir(name: string): Promise<string> {
    const dir = join(base.path, name);
    await mkdir(dir, { mode: 0o755 });
    await chown(dir, attacker!.uid, attacker!.gid);
    return dir;
  }

  it('owning the config directory and pre-planting temp-file symlinks does not get them the secrets', async () => {
    const dir = await attackersDir('config');
    const loot = join(dir, 'loot');
    await attacker!.run('touch', [loot]);
    await attacker!.run('chmod', ['0666', loot]);
    // The temp names the profile writer used: predictable from the pid.
    for (const name of [`profiles.json.${process.pid}.tmp`, 'profiles.json.tmp']) {
      await attacker!.run('ln', ['-s', loot, join(dir, name)]);
    }
    const error = await saveProfile(dir, 'default', {
      client_id: seed.client_id,
      client_secret: seed.client_secret,
      refresh_token: '1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(dir);
    expect((error as ConfigError).message).toMatch(/belongs to another user/);
    expect(await readFile(loot, 'utf8')).toBe('');
    // Its mode was not changed either: the victim touched nothing there.
    expect((await stat(dir)).mode & 0o777).toBe(0o755);
  });

  it('zbooks auth login refuses a config directory another user owns before exchanging the code', async () => {
    const dir = await attackersDir('config');
    const refused = await zbooks(['auth', 'login'], { env: loginEnv(dir) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(dir);
    expect(refused.stderr).toMatch(/belongs to another user/);
    expect(refused.stderr).not.toMatch(/Logged in|This is a bug/);
    // The code was not exchanged: it still works where the victim keeps its own files.
    const own = join(base.path, 'own-config');
    expect((await zbooks(['auth', 'login'], { env: loginEnv(own) })).code).toBe(0);
  });

  it('a FIFO the neighbour plants in a shared cache directory jams nothing: refused, and the call goes on', async () => {
    const own = join(base.path, 'own-config');
    expect((await zbooks(['auth', 'login'], { env: loginEnv(own) })).code).toBe(0);
    const shared = join(base.path, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);
    await attacker!.run('mkfifo', ['-m', '0666', join(shared, 'tokens')]);
    await attacker!.run('mkfifo', ['-m', '0666', join(shared, 'tokens.write.lock')]);
    const env = { ZBOOKS_CONFIG_DIR: own, ZBOOKS_TOKEN_STORE: `file:${shared}/tokens` };
    const result = await zbooks(['auth', 'token'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1000\./);
    expect(result.stderr).toContain(shared);
    expect(result.stderr).toMatch(/writable by every user/);
  });

  it('in a sticky directory everyone can write, the neighbour’s files are never used', async () => {
    const own = join(base.path, 'own-config');
    expect((await zbooks(['auth', 'login'], { env: loginEnv(own) })).code).toBe(0);
    const sticky = join(base.path, 'tmp');
    await mkdir(sticky);
    await chmod(sticky, 0o1777);
    // Planted under the name the victim gives, and as the lock of that name, dated next year.
    await attacker!.run('mkfifo', ['-m', '0666', join(sticky, 'tokens')]);
    await attacker!.run('touch', ['-d', '+1 year', join(sticky, 'tokens.write.lock')]);
    const env = { ZBOOKS_CONFIG_DIR: own, ZBOOKS_TOKEN_STORE: `file:${sticky}/tokens` };
    const before = emu.stats().token_requests;
    const first = await zbooks(['auth', 'token'], { env });
    const second = await zbooks(['auth', 'token'], { env });
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stderr + second.stderr).toBe('');
    // Shared between the victim's runs through its own directory: one token for both.
    expect(emu.stats().token_requests - before).toBe(1);
    expect((await stat(join(sticky, `zbooks-${process.getuid?.()}`))).uid).toBe(process.getuid?.());
  });

  it('a per-user directory the neighbour created first is refused, and the call goes on without it', async () => {
    const own = join(base.path, 'own-config');
    expect((await zbooks(['auth', 'login'], { env: loginEnv(own) })).code).toBe(0);
    const sticky = join(base.path, 'tmp');
    await mkdir(sticky);
    await chmod(sticky, 0o1777);
    const squatted = join(sticky, `zbooks-${process.getuid?.()}`);
    await attacker!.run('mkdir', ['-m', '0777', squatted]);
    const result = await zbooks(['auth', 'token'], {
      env: { ZBOOKS_CONFIG_DIR: own, ZBOOKS_TOKEN_STORE: `file:${sticky}/tokens` },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1000\./);
    expect(result.stderr).toContain(squatted);
    expect(result.stderr).toMatch(/belongs to another user/);
    expect((await stat(squatted)).uid).toBe(attacker!.uid);
  });

  it('a cache file the neighbour owns in the victim’s own directory is not trusted', async () => {
    const own = join(base.path, 'own-config');
    expect((await zbooks(['auth', 'login'], { env: loginEnv(own) })).code).toBe(0);
    const cache = join(own, 'token-cache.json');
    const planted = JSON.parse(await readFile(cache, 'utf8'));
    await writeFile(cache, JSON.stringify(planted));
    await chown(cache, attacker!.uid, attacker!.gid);
    const result = await zbooks(['auth', 'token'], { env: { ZBOOKS_CONFIG_DIR: own } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(cache);
    expect(result.stderr).toMatch(/belongs to another user/);
  });
});
