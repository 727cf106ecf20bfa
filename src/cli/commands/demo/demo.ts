import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenProvider } from '../../../auth/token-provider.js';
import { listOrganizations } from '../../../books/organizations.js';
import { type Clock, systemClock } from '../../../core/clock.js';
import { isZbooksError } from '../../../core/errors.js';
import { mask } from '../../../core/redact.js';
import { startEmulator } from '../../../emulator/index.js';
import type { RunContext } from '../../context.js';
import { login } from '../../login/login.js';
import { profilesPath, saveProfile } from '../../profile-file.js';

/**
 * `zbooks demo`: the whole Self Client flow against the embedded emulator, in seconds, leaving nothing behind:
 * console → grant code → login → shared token → expiry and refresh → revoke.
 */
export async function run(ctx: RunContext): Promise<number> {
  const say = (line = '') => ctx.out(`${line}\n`);
  const emulator = await startEmulator({ port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'zbooks-demo-'));
  try {
    await runDemo(emulator, dir, say);
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
  return 0;
}

type Emu = Awaited<ReturnType<typeof startEmulator>>;

async function console_(emulator: Emu, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.accountsUrl}/_emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function runDemo(emulator: Emu, dir: string, say: (line?: string) => void): Promise<void> {
  const clock: Clock = { now: () => emulator.now(), sleep: systemClock.sleep };
  const minted = () => emulator.stats().minted;
  say('zbooks demo: the Self Client flow against the embedded Zoho emulator (nothing leaves this machine)');
  say(`  accounts server and Books API: ${emulator.accountsUrl}`);
  say();

  const client = await console_(emulator, '/clients', { organizations: [{ name: 'Acme Widgets Ltd' }] });
  const clientId = String(client.client_id);
  const clientSecret = String(client.client_secret);
  say(`1. In the API console: created a Self Client ${mask(clientId)}.`);
  const code = await console_(emulator, `/clients/${clientId}/codes`, {
    scope: 'ZohoBooks.fullaccess.all',
    duration_minutes: 3,
  });
  say(`2. Generated a grant code for ZohoBooks.fullaccess.all, valid 3 minutes.`);

  const result = await login({
    clientId,
    clientSecret,
    code: String(code.code),
    accountsUrl: emulator.accountsUrl,
    clock,
    persist: async (profile) => {
      await saveProfile(dir, 'default', profile);
    },
  });
  const mode = ((await stat(profilesPath(dir))).mode & 0o777).toString(8);
  say(`3. zbooks auth login: exchanged the code for a refresh token ${mask(result.profile.refresh_token)},`);
  say(
    `   verified it with GET /organizations (${result.profile.organization_name}, ${result.profile.organization_id}),`,
  );
  say(`   saved the profile with mode ${mode} in a temporary config dir.`);

  const provider = new TokenProvider({
    clientId,
    clientSecret,
    refreshToken: result.profile.refresh_token!,
    accountsUrl: emulator.accountsUrl,
    clock,
  });
  // As `zbooks auth login` does: the login's first access token goes into the shared cache.
  await provider.store.set(provider.cacheKey, { ...result.token, obtainedAt: clock.now() });
  const before = minted();
  let calls = 0;
  const call = async () => {
    const token = await provider.getToken();
    calls++;
    await listOrganizations(token.apiDomain, token.accessToken);
    return token;
  };
  const first = await call();
  await Promise.all(Array.from({ length: 9 }, call));
  say(
    `4. 10 Books calls (9 of them at once) shared the login's token (${minted() - before} minted), valid until ${clockTime(first.expiresAt)}.`,
  );

  emulator.advance(61 * 60_000);
  const mintedBeforeRefresh = minted();
  const second = await call();
  say(
    `5. Advanced the emulator clock 61 minutes: the next call refreshed once (${minted() - mintedBeforeRefresh} token minted)`,
  );
  say(`   and got a new token valid until ${clockTime(second.expiresAt)}.`);

  await provider.revoke();
  let afterRevoke = '';
  try {
    await listOrganizations(second.apiDomain, second.accessToken);
  } catch (error) {
    afterRevoke = isZbooksError(error) ? error.message : String(error);
  }
  let deadReport = '';
  try {
    await new TokenProvider({
      clientId,
      clientSecret,
      refreshToken: result.profile.refresh_token!,
      accountsUrl: emulator.accountsUrl,
      clock,
    }).getToken();
  } catch (error) {
    deadReport = isZbooksError(error) ? `${error.message} ${error.hint}` : String(error);
  }
  say('6. zbooks auth revoke: the refresh token and its access tokens are dead at Zoho.');
  say(`   A call with the old token: ${afterRevoke}`);
  say(`   A new refresh attempt:     ${deadReport}`);

  const stats = emulator.stats();
  say();
  say('Report');
  say(`  Books calls made:          ${calls}`);
  say(`  Access tokens minted:      ${stats.minted} (1 at login, 1 after expiry)`);
  say(`  Token endpoint requests:   ${stats.token_requests}`);
  say(`  Throttled answers:         ${stats.throttled}`);
  say();
  say(
    'Next: `zbooks emulator --seed` runs this emulator for your own tests; README.md shows the real thing.',
  );
}

const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);
