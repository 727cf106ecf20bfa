import { chmod, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../src/auth/stores/file-store.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { cachedTokenOutput } from '../../src/cli/token-fast-path.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { zbooksInProcess } from '../helpers/cli-in-process.js';

// Nothing listens on the discard port: whatever needs the accounts server fails, so a token printed with exit
// 0 came from the cache.
const ACCOUNTS = 'http://127.0.0.1:9';
const PROFILE = {
  client_id: '1000.FASTPATHCLIENT',
  client_secret: 'fast-path-client-secret-0123456789',
  refresh_token: '1000.fastpathrefresh.0123456789abcdef',
  accounts_url: ACCOUNTS,
  api_domain: ACCOUNTS,
};
const TOKEN = '1000.fastpathaccess.0123456789abcdef0123';

let dir: { path: string; remove: () => Promise<void> };
let env: Record<string, string>;
let cacheKey: string;

/** The cache as the library writes it, through its own file store and key. */
async function cache(token: Partial<{ expiresAt: number; obtainedAt: number; apiDomain: string }> = {}) {
  const now = Date.now();
  await new FileTokenStore({ path: join(dir.path, 'token-cache.json'), privateDir: true }).set(cacheKey, {
    accessToken: TOKEN,
    expiresAt: now + 50 * 60_000,
    obtainedAt: now - 10 * 60_000,
    apiDomain: ACCOUNTS,
    scope: 'ZohoBooks.fullaccess.all',
    ...token,
  });
}

beforeEach(async () => {
  dir = await tempDir('zbooks-fast-');
  env = { ZBOOKS_CONFIG_DIR: dir.path, HOME: dir.path };
  await writeFile(
    join(dir.path, 'profiles.json'),
    JSON.stringify({ version: 1, profiles: { default: PROFILE } }),
    {
      mode: 0o600,
    },
  );
  cacheKey = new TokenProvider({
    clientId: PROFILE.client_id,
    clientSecret: PROFILE.client_secret,
    refreshToken: PROFILE.refresh_token,
    accountsUrl: ACCOUNTS,
  }).cacheKey;
  await cache();
});
afterEach(() => dir.remove());

describe('`auth token` fast path', () => {
  it('prints what the full command prints, from the cache the library wrote', async () => {
    const plain = cachedTokenOutput(['auth', 'token'], env, Date.now());
    expect(plain).toBe(`${TOKEN}\n`);
    expect(plain).toBe((await zbooksInProcess(['auth', 'token'], { env })).stdout);
    const now = Date.now();
    const fast = JSON.parse(
      cachedTokenOutput(['auth', 'token', '--json', '--profile', 'default'], env, now)!,
    );
    const full = JSON.parse((await zbooksInProcess(['auth', 'token', '--json'], { env })).stdout);
    expect(Math.abs(fast.expires_in - full.expires_in)).toBeLessThanOrEqual(1);
    expect({ ...fast, expires_in: 0 }).toEqual({ ...full, expires_in: 0 });
  });

  it('the real process: the token alone on stdout, nothing on stderr, exit 0', async () => {
    expect(await zbooks(['auth', 'token'], { env })).toEqual({ code: 0, stdout: `${TOKEN}\n`, stderr: '' });
  });

  it('leaves every case the full path has something to do or say about to the full path', async () => {
    const now = Date.now();
    const fallsBack = (args = ['auth', 'token'], extra: Record<string, string> = {}) =>
      expect(cachedTokenOutput(args, { ...env, ...extra }, now)).toBeUndefined();
    fallsBack(['auth', 'token', '--profile', 'prod']); // an unknown profile is an error there
    fallsBack(undefined, { ZBOOKS_STORE_KEY: 'k'.repeat(32) }); // entries are sealed
    fallsBack(undefined, { ZBOOKS_TOKEN_STORE: 'memory' });
    fallsBack(undefined, { DEBUG: 'zbooks*' }); // debug lines say where the token came from
    fallsBack(undefined, {
      ZOHO_API_DOMAIN: 'https://www.zohoapis.eu',
      ZOHO_ACCOUNTS_URL: 'https://accounts.zoho.eu',
    });
    await chmod(dir.path, 0o750); // read-only for the group: the full path tightens it first
    fallsBack();
    await chmod(dir.path, 0o700);
    await cache({ expiresAt: now + 4 * 60_000 }); // inside the refresh margin
    fallsBack();
    await cache({ apiDomain: 'https://attacker.example' }); // a host this configuration does not use: warned
    fallsBack();
    await cache({ obtainedAt: now - 58 * 60_000, expiresAt: now + 10 * 3_600_000 }); // claims 10 h: clamped to 1 h, stale
    fallsBack();
    await cache();
    const file = join(dir.path, 'token-cache.json');
    await rename(file, `${file}.real`);
    await symlink(`${file}.real`, file); // planted symlinks are refused there
    fallsBack();
    await rename(`${file}.real`, file);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, -5), { mode: 0o600 }); // damaged: warned there
    fallsBack();
    await writeFile(
      join(dir.path, 'profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: { default: { ...PROFILE, refresh_token: undefined, refresh_token_in: 'keychain' } },
      }),
    );
    await writeFile(file, text, { mode: 0o600 });
    fallsBack(); // the refresh token is in the keychain
    expect(
      cachedTokenOutput(['auth', 'token'], { ...env, ZOHO_REFRESH_TOKEN: PROFILE.refresh_token }, now),
    ).toBe(`${TOKEN}\n`);
  });
});
