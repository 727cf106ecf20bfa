import { spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator, SeedResult } from '../../src/emulator/index.js';
import { CLI, tempDir, zbooks as zbooksProcess } from '../helpers/cli.js';
import { zbooksInProcess as zbooks } from '../helpers/cli-in-process.js';
import { closedPort, emulator } from '../helpers/emulator.js';

let emu: Emulator;
let seed: SeedResult;
let config: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  emu = await emulator({ dcs: ['us', 'eu'] });
});
afterAll(() => emu.close());
beforeEach(async () => {
  emu.clearFaults();
  seed = emu.seed();
  config = await tempDir();
});
afterEach(() => config.remove());

const loginEnv = (s: SeedResult = seed): Record<string, string> => ({
  ZBOOKS_CONFIG_DIR: config.path,
  ZOHO_ACCOUNTS_URL: s.accounts_url,
  ZOHO_CLIENT_ID: s.client_id,
  ZOHO_CLIENT_SECRET: s.client_secret,
  ZOHO_GRANT_CODE: s.code,
});

async function profile(): Promise<Record<string, Record<string, string>>> {
  return JSON.parse(await readFile(join(config.path, 'profiles.json'), 'utf8')).profiles;
}

async function booksStatus(token: string): Promise<number> {
  const response = await fetch(`${emu.apiDomain}/books/v3/organizations`, {
    headers: { authorization: `Zoho-oauthtoken ${token}` },
  });
  await response.arrayBuffer();
  return response.status;
}

describe('zbooks auth login → token', () => {
  it('logs in from the environment, saves a 0600 profile in a 0700 dir, and `auth token` prints a working token', async () => {
    const login = await zbooks(['auth', 'login'], { env: loginEnv() });
    expect(login.stderr).toMatch(/✓ Logged in.*Demo Org/);
    expect(login.stderr).toMatch(/Zoho keeps only 20/);
    expect(login.code).toBe(0);
    expect((await stat(config.path)).mode & 0o777).toBe(0o700);
    expect((await stat(join(config.path, 'profiles.json'))).mode & 0o777).toBe(0o600);
    const saved = (await profile()).default!;
    expect(saved.organization_id).toBe(seed.organizations[0]!.organization_id);
    expect(saved.refresh_token).toMatch(/^1000\./);

    // The `auth token` fast path, as scripts start it: the real process.
    const token = await zbooksProcess(['auth', 'token'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expect(token.code).toBe(0);
    expect(token.stderr).toBe('');
    expect(await booksStatus(token.stdout.trim())).toBe(200);

    const json = await zbooksProcess(['auth', 'token', '--json'], {
      env: { ZBOOKS_CONFIG_DIR: config.path },
    });
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({
      api_domain: seed.api_domain,
      scope: 'ZohoBooks.fullaccess.all',
      token_type: 'Zoho-oauthtoken',
    });
    expect(parsed.expires_in).toBeGreaterThan(3500);
    expect(Date.parse(parsed.expires_at)).toBeGreaterThan(Date.now());
  });

  it('takes the secret and the code from stdin, and the console file with --from-file', async () => {
    const viaStdin = await zbooks(
      ['auth', 'login', '--client-id', seed.client_id, '--client-secret-stdin', '--code-stdin'],
      {
        env: { ZBOOKS_CONFIG_DIR: config.path, ZOHO_ACCOUNTS_URL: seed.accounts_url },
        input: `${seed.client_secret}\n${seed.code}\n`,
      },
    );
    expect(viaStdin.code).toBe(0);

    const other = emu.seed();
    const file = join(config.path, 'self_client.json');
    await writeFile(
      file,
      JSON.stringify({
        client_id: other.client_id,
        client_secret: other.client_secret,
        code: other.code,
        grant_type: 'authorization_code',
      }),
    );
    const viaFile = await zbooks(
      ['auth', 'login', '--from-file', file, '--profile', 'second', '--accounts-url', other.accounts_url],
      {
        env: { ZBOOKS_CONFIG_DIR: config.path },
      },
    );
    expect(viaFile.code).toBe(0);
    expect(Object.keys(await profile()).sort()).toEqual(['default', 'second']);
  });

  it('--dc auto finds the data centre where the client lives', async () => {
    const euSeed = emu.seed({ dc: 'eu' });
    const env = {
      ...loginEnv(euSeed),
      ZBOOKS_ACCOUNTS_URLS: `us=${emu.dcs.us!.accountsUrl},eu=${emu.dcs.eu!.accountsUrl}`,
    };
    delete (env as Record<string, string | undefined>).ZOHO_ACCOUNTS_URL;
    const result = await zbooks(['auth', 'login', '--dc', 'auto'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/data centre eu/);
    expect((await profile()).default).toMatchObject({ dc: 'eu', accounts_url: emu.dcs.eu!.accountsUrl });
    const token = await zbooks(['auth', 'token'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expect(token.code).toBe(0);
  });

  it('with several organizations and no terminal it never picks one: it lists them and keeps the login', async () => {
    const multi = emu.seed({ organizations: [{ name: 'North Ltd' }, { name: 'South GmbH' }] });
    const result = await zbooks(['auth', 'login'], { env: loginEnv(multi) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(multi.organizations[0]!.organization_id);
    expect(result.stderr).toContain('South GmbH');
    expect(result.stderr).toMatch(/zbooks orgs use/);
    const saved = (await profile()).default!;
    expect(saved.refresh_token).toMatch(/^1000\./);
    expect(saved.organization_id).toBeUndefined();

    const use = await zbooks(['orgs', 'use', multi.organizations[1]!.organization_id], {
      env: { ZBOOKS_CONFIG_DIR: config.path },
    });
    expect(use.code).toBe(0);
    expect((await profile()).default!.organization_id).toBe(multi.organizations[1]!.organization_id);
    const list = await zbooks(['orgs'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expect(list.stdout).toMatch(new RegExp(`\\* ${multi.organizations[1]!.organization_id}`));
  });

  it('--org chooses among several organizations', async () => {
    const multi = emu.seed({ organizations: [{ name: 'North Ltd' }, { name: 'South GmbH' }] });
    const chosen = multi.organizations[1]!.organization_id;
    const result = await zbooks(['auth', 'login', '--org', chosen], { env: loginEnv(multi) });
    expect(result.code).toBe(0);
    expect((await profile()).default!.organization_id).toBe(chosen);
  });

  it('works headless with only environment variables and no profile', async () => {
    const login = await zbooks(['auth', 'login', '--json'], { env: loginEnv() });
    const refreshToken = (await profile()).default!.refresh_token!;
    const fresh = await tempDir();
    try {
      const result = await zbooks(['auth', 'token'], {
        env: {
          ZBOOKS_CONFIG_DIR: fresh.path,
          ZOHO_CLIENT_ID: seed.client_id,
          ZOHO_CLIENT_SECRET: seed.client_secret,
          ZOHO_REFRESH_TOKEN: refreshToken,
          ZOHO_ACCOUNTS_URL: seed.accounts_url,
        },
      });
      expect(result.code).toBe(0);
      expect(await booksStatus(result.stdout.trim())).toBe(200);
      expect(JSON.parse(login.stdout)).toMatchObject({ profile: 'default', accounts_url: seed.accounts_url });
    } finally {
      await fresh.remove();
    }
  });

  it('status shows where each value came from, masked', async () => {
    await zbooks(['auth', 'login'], { env: loginEnv() });
    const refreshToken = (await profile()).default!.refresh_token!;
    const status = await zbooks(['auth', 'status'], {
      env: { ZBOOKS_CONFIG_DIR: config.path, ZOHO_CLIENT_ID: seed.client_id },
    });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Client id:\s+1000\.\*\*\*\*\w{4}\s+from env ZOHO_CLIENT_ID/);
    expect(status.stdout).toMatch(/Refresh token:\s+1000\.\*\*\*\*\w{4}\s+from profile "default"/);
    expect(status.stdout).toMatch(/Accounts URL:\s+http:\/\/127\.0\.0\.1/);
    for (const secret of [seed.client_id, seed.client_secret, refreshToken])
      expect(status.stdout).not.toContain(secret);
    const json = JSON.parse(
      (await zbooks(['auth', 'status', '--json'], { env: { ZBOOKS_CONFIG_DIR: config.path } })).stdout,
    );
    expect(json.client_secret).toEqual({ value: '****', source: expect.stringMatching(/^profile/) });
  });

  it('revoke kills the refresh token at Zoho and removes it locally; logout only locally', async () => {
    await zbooks(['auth', 'login'], { env: loginEnv() });
    const refreshToken = (await profile()).default!.refresh_token!;
    const revoke = await zbooks(['auth', 'revoke'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expect(revoke.code).toBe(0);
    expect(revoke.stderr).toMatch(/Revoked at Zoho/);
    expect(await profile()).toEqual({});
    const dead = await zbooks(['auth', 'token'], {
      env: {
        ZOHO_CLIENT_ID: seed.client_id,
        ZOHO_CLIENT_SECRET: seed.client_secret,
        ZOHO_REFRESH_TOKEN: refreshToken,
        ZOHO_ACCOUNTS_URL: seed.accounts_url,
        ZBOOKS_CONFIG_DIR: config.path,
      },
    });
    expect(dead.code).toBe(3);
    expect(dead.stderr).toMatch(/refresh token was refused/);

    const other = emu.seed();
    await zbooks(['auth', 'login'], { env: loginEnv(other) });
    const logout = await zbooks(['auth', 'logout'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expect(logout.code).toBe(0);
    expect(await profile()).toEqual({});
  });
});

describe('failure paths: exit codes, one or two lines, never a secret', () => {
  const secretsOf = (s: SeedResult) => [s.client_secret, s.code];

  function expectCleanFailure(
    result: { code: number | null; stdout: string; stderr: string },
    code: number,
    secrets: string[],
  ) {
    expect(result.code).toBe(code);
    const lines = result.stderr.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(result.stderr).toMatch(/^zbooks: /);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stderr).not.toContain('undefined');
    for (const secret of secrets) {
      expect(result.stdout).not.toContain(secret);
      expect(result.stderr).not.toContain(secret);
    }
  }

  it('missing configuration: exit 2, naming the variable', async () => {
    // The fast path's failure exit, from the real process.
    const result = await zbooksProcess(['auth', 'token'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expectCleanFailure(result, 2, []);
    expect(result.stderr).toMatch(/ZOHO_CLIENT_ID/);
    const noCode = await zbooks(['auth', 'login'], { env: { ...loginEnv(), ZOHO_GRANT_CODE: '' } });
    expectCleanFailure(noCode, 2, secretsOf(seed));
    expect(noCode.stderr).toMatch(/grant code.*ZOHO_GRANT_CODE/s);
  });

  it('secrets as flag values are refused: exit 2', async () => {
    // A usage error's exit from the full program, in the real process.
    const result = await zbooksProcess(['auth', 'login', '--client-secret', seed.client_secret], {
      env: loginEnv(),
    });
    expectCleanFailure(result, 2, secretsOf(seed));
    expect(result.stderr).toMatch(/never go on the command line/);
  });

  it('a used grant code: exit 3 with the explanation', async () => {
    await zbooks(['auth', 'login'], { env: loginEnv() });
    const again = await zbooks(['auth', 'login'], { env: loginEnv() });
    expectCleanFailure(again, 3, secretsOf(seed));
    expect(again.stderr).toMatch(/grant code was refused/);
  });

  it('a wrong secret and an unknown client: exit 3', async () => {
    const wrongSecret = await zbooks(['auth', 'login'], {
      env: { ...loginEnv(), ZOHO_CLIENT_SECRET: 'a'.repeat(42) },
    });
    expectCleanFailure(wrongSecret, 3, [...secretsOf(seed), 'a'.repeat(42)]);
    expect(wrongSecret.stderr).toMatch(/client secret was refused/);
    const wrongDc = await zbooks(['auth', 'login'], {
      env: { ...loginEnv(), ZOHO_ACCOUNTS_URL: emu.dcs.eu!.accountsUrl },
    });
    expectCleanFailure(wrongDc, 3, secretsOf(seed));
    expect(wrongDc.stderr).toMatch(/unknown at/);
  });

  it('throttled: exit 5 saying when to retry', async () => {
    await zbooks(['auth', 'login'], { env: loginEnv() });
    const refreshToken = (await profile()).default!.refresh_token!;
    emu.injectFault({ target: 'token', kind: 'throttle', count: 5 });
    const env = { ZBOOKS_CONFIG_DIR: config.path, ZBOOKS_TOKEN_STORE: 'memory' };
    const result = await zbooks(['auth', 'token'], { env });
    expectCleanFailure(result, 5, [...secretsOf(seed), refreshToken]);
    expect(result.stderr).toMatch(/Retry after \d{4}-/);
  });

  it('accounts server unreachable: exit 6', async () => {
    const result = await zbooks(['auth', 'login'], {
      env: { ...loginEnv(), ZOHO_ACCOUNTS_URL: `http://127.0.0.1:${await closedPort()}` },
    });
    expectCleanFailure(result, 6, secretsOf(seed));
  });

  it('an HTML page from the accounts server: exit 6 with a short excerpt', async () => {
    emu.injectFault({ target: 'token', kind: 'html', count: 3 });
    const result = await zbooks(['auth', 'login'], { env: loginEnv() });
    expectCleanFailure(result, 6, secretsOf(seed));
    expect(result.stderr).toMatch(/HTML page/);
  });

  it('plain http to a non-loopback host is refused before any secret is sent', async () => {
    const result = await zbooks(['auth', 'login'], {
      env: { ...loginEnv(), ZOHO_ACCOUNTS_URL: 'http://accounts.example.com' },
    });
    expectCleanFailure(result, 2, secretsOf(seed));
    expect(result.stderr).toMatch(/https/);
  });

  it('a damaged profile file is a clear configuration error', async () => {
    await writeFile(join(config.path, 'profiles.json'), '{"version":1,"profi');
    const result = await zbooks(['auth', 'token'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expectCleanFailure(result, 2, []);
    expect(result.stderr).toMatch(/damaged/);
  });

  it('--debug adds details but still no secret', async () => {
    const result = await zbooks(['--debug', 'auth', 'login'], {
      env: { ...loginEnv(), ZOHO_CLIENT_SECRET: 'b'.repeat(42) },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/InvalidClientSecretError/);
    expect(result.stderr).not.toContain('b'.repeat(42));
    expect(result.stderr).not.toContain(seed.code);
  });
});

describe('zbooks emulator and demo', () => {
  it('`emulator --seed --json` prints one JSON object first, then serves until stopped', async () => {
    const child = spawn(process.execPath, [CLI, 'emulator', '--seed', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let buffer = '';
        child.stdout.on('data', (d) => {
          buffer += d;
          if (buffer.includes('\n')) resolve(buffer.split('\n')[0]!);
        });
        child.on('exit', () => reject(new Error('emulator exited')));
      });
      const info = JSON.parse(firstLine);
      for (const key of ['accounts_url', 'api_domain', 'client_id', 'client_secret', 'code', 'scope'])
        expect(info[key]).toBeTruthy();
      const login = await zbooks(['auth', 'login'], {
        env: {
          ZBOOKS_CONFIG_DIR: config.path,
          ZOHO_ACCOUNTS_URL: info.accounts_url,
          ZOHO_CLIENT_ID: info.client_id,
          ZOHO_CLIENT_SECRET: info.client_secret,
          ZOHO_GRANT_CODE: info.code,
        },
      });
      expect(login.code).toBe(0);
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('`zbooks demo` runs the whole flow offline and reports it', async () => {
    const result = await zbooks(['demo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/refreshed once \(1 token minted\)/);
    expect(result.stdout).toMatch(/Access tokens minted:\s+2/);
    expect(result.stdout).toMatch(/refresh token was refused/);
  });
});

describe('debug output', () => {
  it('--debug and DEBUG=zbooks* trace requests with every secret redacted', async () => {
    await zbooks(['auth', 'login'], { env: loginEnv() });
    const refreshToken = (await profile()).default!.refresh_token!;
    for (const [args, extra] of [
      [['--debug', 'auth', 'token'], {}],
      [['auth', 'token'], { DEBUG: 'zbooks*' }],
    ] as const) {
      const result = await zbooks([...args], {
        env: { ZBOOKS_CONFIG_DIR: config.path, ZBOOKS_TOKEN_STORE: 'memory', ...extra },
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /zbooks:debug POST http:\/\/127\.0\.0\.1:\d+\/oauth\/v2\/token grant_type=refresh_token/,
      );
      expect(result.stderr).toMatch(/client_secret=\[redacted\]&refresh_token=\[redacted\] -> HTTP 200/);
      for (const secret of [seed.client_secret, refreshToken, result.stdout.trim()])
        expect(result.stderr).not.toContain(secret);
    }
    const quiet = await zbooks(['auth', 'token'], {
      env: { ZBOOKS_CONFIG_DIR: config.path, ZBOOKS_TOKEN_STORE: 'memory', DEBUG: 'other' },
    });
    expect(quiet.stderr).toBe('');
  });
});

describe('exit, whatever failed', () => {
  // Found by the CLI fuzzer: with Redis down, a failed `auth token` left the Redis client reconnecting and the
  // process never exited, so a cron job would hang forever.
  it('`auth token` with Redis down and the accounts server unreachable exits 6 instead of hanging', async () => {
    const port = await closedPort();
    // About the process ending: the real one.
    const result = await zbooksProcess(['auth', 'token'], {
      env: {
        ZBOOKS_CONFIG_DIR: config.path,
        ZOHO_CLIENT_ID: seed.client_id,
        ZOHO_CLIENT_SECRET: seed.client_secret,
        ZOHO_REFRESH_TOKEN: '1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef',
        ZOHO_ACCOUNTS_URL: `http://127.0.0.1:${port}`,
        ZBOOKS_TOKEN_STORE: `redis://127.0.0.1:${port}/0`,
      },
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/token store redis .* failed/);
  });
});

describe('what a new user tripped over', () => {
  it('`auth status` exits with the auth code when not logged in, as text and as JSON', async () => {
    const text = await zbooks(['auth', 'status'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expect(text.code).toBe(3);
    expect(text.stderr).toMatch(/Not logged in/);
    const json = await zbooks(['auth', 'status', '--json'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).refresh_token.value).toBeNull();
  });

  it('an unknown --profile is an error naming the existing profiles, with "did you mean"', async () => {
    await zbooks(['auth', 'login', '--profile', 'work'], { env: loginEnv() });
    // From the built binary: a configuration error raised in the full program's bundle keeps its exit code.
    const typo = await zbooksProcess(['auth', 'status', '--profile', 'wrok'], {
      env: { ZBOOKS_CONFIG_DIR: config.path },
    });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/There is no profile "wrok"\. Did you mean "work"\?/);
    expect(typo.stderr).toMatch(/Profiles in .*: work\./);
    const token = await zbooks(['auth', 'token', '--profile', 'personal'], {
      env: { ZBOOKS_CONFIG_DIR: config.path },
    });
    expect(token.code).toBe(2);
    expect(token.stdout).toBe('');
    expect(token.stderr).not.toMatch(/Did you mean/);
    // Creating a profile by name is what login is for.
    const created = await zbooks(['auth', 'login', '--profile', 'personal'], { env: loginEnv(emu.seed()) });
    expect(created.code).toBe(0);
  });

  it('logging in again says the old refresh token stays valid, and revokes it only with --revoke-old', async () => {
    await zbooks(['auth', 'login'], { env: loginEnv() });
    const first = (await profile()).default!.refresh_token!;
    const again = await zbooks(['auth', 'login'], {
      env: { ...loginEnv(), ZOHO_GRANT_CODE: emu.generateCode(seed.client_id).code },
    });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(
      /held another refresh token \(1000\.\*{4}\w{4}\): it is still valid at Zoho/,
    );
    expect(again.stderr).toMatch(/--revoke-old/);
    expect(again.stderr).not.toContain(first);
    const second = (await profile()).default!.refresh_token!;
    expect(second).not.toBe(first);
    const withFirst = (refreshToken: string) =>
      zbooks(['auth', 'token'], {
        env: {
          ZBOOKS_CONFIG_DIR: config.path,
          ZOHO_CLIENT_ID: seed.client_id,
          ZOHO_CLIENT_SECRET: seed.client_secret,
          ZOHO_REFRESH_TOKEN: refreshToken,
          ZOHO_ACCOUNTS_URL: seed.accounts_url,
        },
      });
    expect((await withFirst(first)).code).toBe(0); // never revoked by default

    const revoking = await zbooks(['auth', 'login', '--revoke-old'], {
      env: { ...loginEnv(), ZOHO_GRANT_CODE: emu.generateCode(seed.client_id).code },
    });
    expect(revoking.code).toBe(0);
    expect(revoking.stderr).toMatch(/Revoked the refresh token profile "default" held before/);
    expect(revoking.stderr).not.toContain(second);
    const dead = await withFirst(second);
    expect(dead.code).toBe(3);
    expect((await withFirst((await profile()).default!.refresh_token!)).code).toBe(0);
  });
});
