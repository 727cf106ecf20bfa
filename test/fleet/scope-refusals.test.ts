import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { zbooks } from '../helpers/cli.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';

/**
 * A missing scope must never cost a token, across processes either (issue 9, point 1): processes sharing a
 * file or Redis store, with a scope Zoho does not report on refresh, learn from each other's refusals.
 * Real processes, so the timeouts are the fleet tests' (a dozen Node start-ups on a busy 2-core machine).
 */
const WORKER = fileURLToPath(new URL('../fixtures/scope-worker.mjs', import.meta.url));
const NARROW = 'ZohoBooks.invoices.READ,ZohoBooks.settings.READ';

let emu: Emulator;
let seed: ReturnType<Emulator['seedLoggedIn']>;
let dir: string;
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(async () => {
  // Zoho's real limits (10 mints per 10 minutes, 15 active tokens); refresh answers without `scope`.
  emu = await startEmulator({ port: 0, limits: { omitScopeOnRefresh: true } });
  seed = emu.seedLoggedIn({ scope: NARROW });
  dir = await mkdtemp(join(tmpdir(), 'zbooks-scope-'));
});
afterEach(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

const organizationId = () => seed.organizations[0]!.organization_id;
const tokenRequests = () => emu.stats().token_requests;

function worker(store: string, calls: number, inScope = false): Promise<Record<string, number>> {
  const config = {
    store,
    configDir: dir,
    calls,
    inScope,
    clientId: seed.client_id,
    clientSecret: seed.client_secret,
    refreshToken: seed.refresh_token,
    accountsUrl: seed.accounts_url,
    organizationId: organizationId(),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], {
      env: { PATH: process.env.PATH ?? '', SCOPE_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`)),
    );
  });
}

const cliEnv = (store: string) => ({
  ZBOOKS_CONFIG_DIR: dir,
  ZBOOKS_TOKEN_STORE: store,
  ZOHO_ACCOUNTS_URL: seed.accounts_url,
  ZOHO_CLIENT_ID: seed.client_id,
  ZOHO_CLIENT_SECRET: seed.client_secret,
  ZOHO_REFRESH_TOKEN: seed.refresh_token,
  ZOHO_ORGANIZATION_ID: organizationId(),
});

describe.each([
  ['file', () => `file:${join(dir, 'token-cache.json')}`],
  ['redis', () => redis.url],
])('100 out-of-scope calls over 10 processes sharing a %s store', (_, storeOf) => {
  it('mint at most 1 token beyond the first, and an in-scope call afterwards succeeds', async () => {
    const store = storeOf();
    // An earlier in-scope run left a token in the store (a cron job's invoices sync).
    expect(await worker(store, 1, true)).toEqual({ ok: 1 });
    const before = tokenRequests();
    const results = await Promise.all(Array.from({ length: 10 }, () => worker(store, 10)));
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ ScopeError: 10 })));
    expect(tokenRequests() - before).toBeLessThanOrEqual(1);
    expect(await worker(store, 1, true)).toEqual({ ok: 1 });
    expect(tokenRequests() - before).toBeLessThanOrEqual(1);
  }, 120_000);
});

describe('the CLI, as a cron job would run it', () => {
  it('10 `zbooks contacts list` at once on a cold file store: 1 token; then `zbooks invoices list` works', async () => {
    const store = `file:${join(dir, 'token-cache.json')}`;
    const before = tokenRequests();
    const runs = await Promise.all(
      Array.from({ length: 10 }, () => zbooks(['contacts', 'list'], { env: cliEnv(store) })),
    );
    for (const run of runs) {
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/ZohoBooks\.contacts\.READ/);
    }
    expect(tokenRequests() - before).toBe(1);
    const after = await zbooks(['invoices', 'list'], { env: cliEnv(store) });
    expect(after.code).toBe(0);
    expect(tokenRequests() - before).toBe(1);
  }, 120_000);
});
