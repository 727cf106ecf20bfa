import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator, SeedResult } from '../../src/emulator/index.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { emulator } from '../helpers/emulator.js';

/**
 * Where `zbooks auth login` keeps the refresh token is checked before the grant code is exchanged: a refusal
 * leaves the code unused, so the same login succeeds once the problem is fixed. And "Logged in" means the
 * profile was written.
 */
describe('zbooks auth login: where the secrets will live', () => {
  let emu: Emulator;
  let seed: SeedResult;
  let config: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    seed = emu.seed();
    config = await tempDir('zbooks-login-storage-');
  });
  afterEach(() => config.remove());

  const login = (env: Record<string, string> = {}, args: string[] = []) =>
    zbooks(['auth', 'login', ...args], {
      env: {
        ZBOOKS_CONFIG_DIR: config.path,
        ZOHO_ACCOUNTS_URL: seed.accounts_url,
        ZOHO_CLIENT_ID: seed.client_id,
        ZOHO_CLIENT_SECRET: seed.client_secret,
        ZOHO_GRANT_CODE: seed.code,
        ...env,
      },
    });
  const profiles = async () =>
    JSON.parse(await readFile(join(config.path, 'profiles.json'), 'utf8')).profiles;

  it.each([
    ['ZBOOKS_PROFILE=__proto__', { ZBOOKS_PROFILE: '__proto__' }, []],
    ['--profile constructor', {}, ['--profile', 'constructor']],
    ['--profile ../elsewhere', {}, ['--profile', '../elsewhere']],
  ])(
    '%s is refused before the exchange, never "Logged in" with the refresh token lost',
    async (_, env, args) => {
      const refused = await login(env, args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/cannot be a profile name/);
      expect(refused.stderr).not.toMatch(/Logged in/);
      // The grant code was not spent: the same login under a proper name works.
      const again = await login({ ZBOOKS_PROFILE: 'prod' });
      expect(again.code).toBe(0);
      expect((await profiles()).prod.refresh_token).toMatch(/^1000\./);
    },
  );

  it('a config directory its group can write is refused before the exchange', async () => {
    const dir = join(config.path, 'shared-config');
    await mkdir(dir);
    await chmod(dir, 0o770);
    const refused = await login({ ZBOOKS_CONFIG_DIR: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(dir);
    expect(refused.stderr).toMatch(/writable by its group/);
    expect(refused.stderr).not.toMatch(/Logged in|This is a bug/);
    await chmod(dir, 0o700);
    expect((await login({ ZBOOKS_CONFIG_DIR: dir })).code).toBe(0);
  });

  it('a file: token store in a directory every user can write is refused before the exchange', async () => {
    const shared = join(config.path, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);
    const refused = await login({ ZBOOKS_TOKEN_STORE: `file:${shared}/tokens.json` });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(shared);
    expect(refused.stderr).toMatch(/writable by every user/);
    await chmod(shared, 0o700);
    expect((await login({ ZBOOKS_TOKEN_STORE: `file:${shared}/tokens.json` })).code).toBe(0);
  });

  it('a FIFO planted as profiles.json is a configuration error naming it, not a hang', async () => {
    execFileSync('mkfifo', [join(config.path, 'profiles.json')]);
    const result = await zbooks(['auth', 'token'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(config.path, 'profiles.json'));
    expect(result.stderr).toMatch(/FIFO/);
  });
});
