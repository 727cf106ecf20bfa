import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/core/redis-connection.js';
import { zbooks } from '../helpers/cli.js';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';

// A cron job must end: with a Redis token store, a Books command shares its rate window through Redis too,
// and a lease released after the answer used to reopen the connection the run had just closed, so the
// process never exited (the test's own timeout is what fails when it regresses).
describe('a CLI run with a Redis token store', () => {
  let world: SeededEmulator;
  let redis: RedisServer;
  let configDir: string;

  beforeAll(async () => {
    world = await seededEmulator();
    redis = await startRedis();
    configDir = await mkdtemp(join(tmpdir(), 'zbooks-redis-exit-'));
  });

  afterAll(async () => {
    await world?.close();
    await redis?.stop();
    await rm(configDir, { recursive: true, force: true });
  });

  it('exits after a Books command, with its records on stdout', async () => {
    const result = await zbooks(['invoices', 'list', '--per-page', '2', '--format', 'json'], {
      env: {
        ZBOOKS_CONFIG_DIR: join(configDir, 'zbooks'),
        ZBOOKS_TOKEN_STORE: redis.url,
        ZOHO_ACCOUNTS_URL: world.credential.accountsUrl,
        ZOHO_API_DOMAIN: world.credential.apiDomain,
        ZOHO_CLIENT_ID: world.credential.clientId,
        ZOHO_CLIENT_SECRET: world.credential.clientSecret,
        ZOHO_REFRESH_TOKEN: world.credential.refreshToken,
      },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
  });

  it('never reconnects a closed connection: a late call fails instead of opening a new socket', async () => {
    const connection = new RedisConnection({ url: redis.url }, 2_000);
    expect(await connection.call('ping', (client) => client.ping())).toBe('PONG');
    await connection.close();
    await expect(connection.call('late release', (client) => client.ping())).rejects.toThrow(/closed/);
  });
});
