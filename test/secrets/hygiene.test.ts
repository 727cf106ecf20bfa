import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsClient } from '../../src/auth/accounts-client.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { ZohoBooks } from '../../src/books/zoho-books.js';
import type { Emulator, SeedResult } from '../../src/emulator/index.js';
import { tempDir } from '../helpers/cli.js';
import { zbooksInProcess as zbooks } from '../helpers/cli-in-process.js';
import { clockOf, closedPort, emulator } from '../helpers/emulator.js';

/**
 * Known secret values go through every failure path of the library and the CLI; nothing a person or a log
 * could see may contain them: messages, hints, inspected errors (with causes), log lines, stdout, stderr,
 * and files other than the 0600 profile and token cache that exist to hold them.
 */
let emu: Emulator;
let seed: SeedResult;
let refreshToken: string;
let accessToken: string;
let config: Awaited<ReturnType<typeof tempDir>>;
const logs: string[] = [];
const logger = { warn: (m: string) => logs.push(m), debug: (m: string) => logs.push(m) };

const secrets = () => [seed.client_secret, seed.code, refreshToken, accessToken];

function expectClean(text: string, where: string) {
  for (const secret of secrets()) {
    if (text.includes(secret))
      throw new Error(`${where} leaks a secret (…${secret.slice(-6)}):\n${text.slice(0, 500)}`);
  }
}

function expectCleanError(error: unknown, where: string) {
  expect(error, where).toBeInstanceOf(Error);
  expectClean(
    `${String(error)}\n${inspect(error, { depth: 10, showHidden: true })}\n${JSON.stringify(error)}`,
    where,
  );
}

async function failureOf(run: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  emu = await emulator();
  seed = emu.seed();
  config = await tempDir();
  const login = await zbooks(['auth', 'login'], {
    env: {
      ZBOOKS_CONFIG_DIR: config.path,
      ZOHO_ACCOUNTS_URL: seed.accounts_url,
      ZOHO_CLIENT_ID: seed.client_id,
      ZOHO_CLIENT_SECRET: seed.client_secret,
      ZOHO_GRANT_CODE: seed.code,
    },
  });
  expect(login.code).toBe(0);
  expectClean(login.stdout + login.stderr, 'login output');
  const profile = JSON.parse(await readFile(join(config.path, 'profiles.json'), 'utf8')).profiles.default;
  refreshToken = profile.refresh_token;
  const token = await zbooks(['auth', 'token'], { env: { ZBOOKS_CONFIG_DIR: config.path } });
  accessToken = token.stdout.trim();
});
afterAll(async () => {
  await emu.close();
  await config.remove();
});

describe('secret hygiene: library', () => {
  const base = () => ({
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    accountsUrl: seed.accounts_url,
    clock: clockOf(emu),
    logger,
  });

  it('accounts and token errors of every kind', async () => {
    const faults = ['html', 'empty', 'truncated', 'status', 'drop', 'throttle'] as const;
    for (const kind of faults) {
      emu.injectFault({ target: 'token', kind, status: 500, count: 5 });
      const error = await failureOf(() =>
        new TokenProvider({ ...base(), refreshToken, maxRetries: 1 }).getToken(),
      );
      expectCleanError(error, `refresh with fault ${kind}`);
      emu.clearFaults();
    }
    expectCleanError(
      await failureOf(() =>
        new AccountsClient({ ...base(), clientSecret: `${seed.client_secret}x` }).refresh(refreshToken),
      ),
      'wrong secret',
    );
    expectCleanError(
      await failureOf(() => new AccountsClient(base()).exchangeGrantCode(seed.code)),
      'used code',
    );
    expectCleanError(
      await failureOf(async () =>
        new AccountsClient({ ...base(), accountsUrl: `http://127.0.0.1:${await closedPort()}` }).refresh(
          refreshToken,
        ),
      ),
      'unreachable',
    );
  });

  it('Books errors: 401, scope, 404, 5xx, dropped answers and HTML', async () => {
    const books = new ZohoBooks({
      auth: new TokenProvider({ ...base(), refreshToken }),
      logger,
      retry: { maxAttempts: 1 },
    });
    try {
      expectCleanError(await failureOf(() => books.invoices.get('460000000000000001')), 'not found');
      for (const fault of [
        { kind: 'status', status: 500 },
        { kind: 'html' },
        { kind: 'truncated' },
        { kind: 'drop_after', method: 'POST' },
      ] as const) {
        emu.injectFault({ target: 'books', count: 3, ...fault });
        const call =
          fault.kind === 'drop_after'
            ? () => books.contacts.create({ contact_name: 'Leak Test' })
            : () => books.invoices.list();
        expectCleanError(await failureOf(async () => await call()), `books fault ${fault.kind}`);
        emu.clearFaults();
      }
      const stranger = new ZohoBooks({
        auth: {
          getToken: async () => ({ accessToken, expiresAt: emu.now() + 1000, apiDomain: seed.api_domain }),
          invalidate: async () => {},
        },
        organizationId: '1',
        logger,
      });
      expectCleanError(await failureOf(async () => await stranger.invoices.list()), 'wrong organization');
      await stranger.close();
    } finally {
      await books.close();
    }
    expectClean(logs.join('\n'), 'library log lines');
  });
});

describe('secret hygiene: CLI', () => {
  const env = () => ({ ZBOOKS_CONFIG_DIR: config.path });

  // Each failure path is a test of its own (run with and without --debug): one test running all 22 processes
  // took 30 s on a loaded 2-core machine, and running them side by side only made each slower. Built when run:
  // the secrets exist only after beforeAll.
  const failurePaths: [string, () => [string[], Record<string, string>]][] = [
    [
      'auth login with a used grant code',
      () => [
        ['auth', 'login'],
        {
          ZOHO_ACCOUNTS_URL: seed.accounts_url,
          ZOHO_CLIENT_ID: seed.client_id,
          ZOHO_CLIENT_SECRET: seed.client_secret,
          ZOHO_GRANT_CODE: seed.code,
        },
      ],
    ],
    [
      'auth login --client-secret <value>',
      () => [['auth', 'login', '--client-secret', seed.client_secret], {}],
    ],
    [
      'auth token with a wrong client secret',
      () => [
        ['auth', 'token'],
        { ZOHO_CLIENT_SECRET: `${seed.client_secret}x`, ZBOOKS_TOKEN_STORE: 'memory' },
      ],
    ],
    [
      'auth token, Redis unreachable',
      () => [['auth', 'token'], { ZBOOKS_TOKEN_STORE: 'redis://127.0.0.1:1/0' }],
    ],
    [
      'auth token, Redis URL with a password',
      () => [['auth', 'token'], { ZBOOKS_TOKEN_STORE: `redis://:${seed.client_secret}@127.0.0.1:1/0` }],
    ],
    ['auth status', () => [['auth', 'status'], {}]],
    ['api on an unknown path', () => [['api', '/nonexistent'], {}]],
    ['invoices get of a missing invoice', () => [['invoices', 'get', '460000000000000001'], {}]],
    [
      'api with an Authorization header',
      () => [['api', '/invoices', '-H', `Authorization: Zoho-oauthtoken ${accessToken}`], {}],
    ],
    ['doctor', () => [['doctor'], {}]],
    ['export with a bad query', () => [['export', 'invoices', '--query', 'nope=1'], {}]],
  ];

  it.each(failurePaths)('%s prints no secret, with and without --debug', async (_, failurePath) => {
    const [args, extra] = failurePath();
    for (const debug of [[], ['--debug']]) {
      const result = await zbooks([...debug, ...args], { env: { ...env(), ...extra } });
      const where = `zbooks ${debug.join(' ')} ${args.join(' ')}`
        .replace(seed.client_secret, '<secret>')
        .replace(accessToken, '<token>');
      expectClean(result.stdout, `${where} stdout`);
      expectClean(result.stderr, `${where} stderr`);
      // A stack trace only when asked for with --debug.
      if (debug.length === 0) expect(result.stderr, where).not.toMatch(/\n\s+at .*\(.*\)\n/);
    }
  });

  it('DEBUG=zbooks* traces requests with nothing secret in them', async () => {
    emu.clearFaults();
    const result = await zbooks(['invoices', 'list'], {
      env: { ...env(), DEBUG: 'zbooks*', ZBOOKS_TOKEN_STORE: 'memory' },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/zbooks:debug/);
    expectClean(result.stderr, 'debug trace');
  });

  it('files holding secrets are 0600 in a 0700 directory, and no other file written holds one', async () => {
    const out = join(config.path, 'export.ndjson');
    const exported = await zbooks(['export', 'invoices', '--out', out], { env: env() });
    expect(exported.code).toBe(0);
    expect((await stat(config.path)).mode & 0o777).toBe(0o700);
    const holders = new Set(['profiles.json', 'token-cache.json']);
    for (const name of await readdir(config.path)) {
      const path = join(config.path, name);
      const info = await stat(path);
      if (!info.isFile()) continue;
      if (holders.has(name)) expect(info.mode & 0o777, name).toBe(0o600);
      else expectClean(await readFile(path, 'utf8'), `file ${name}`);
    }
  });
});
