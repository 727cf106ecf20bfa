import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededEmulator, seededEmulator } from '../helpers/emulator-credential.js';

const CLI = fileURLToPath(new URL('../../dist/bin/main.js', import.meta.url));

describe('zbooks auth token in scripts', () => {
  let world: SeededEmulator;
  let configDir: string;

  beforeAll(async () => {
    world = await seededEmulator();
    configDir = await mkdtemp(join(tmpdir(), 'zbooks-cli-cache-'));
  });

  afterAll(async () => {
    await world?.close();
    await rm(configDir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'auth', 'token'], {
        env: {
          PATH: process.env.PATH ?? '',
          ZBOOKS_CONFIG_DIR: join(configDir, 'zbooks'),
          ZOHO_ACCOUNTS_URL: world.credential.accountsUrl,
          ZOHO_CLIENT_ID: world.credential.clientId,
          ZOHO_CLIENT_SECRET: world.credential.clientSecret,
          ZOHO_REFRESH_TOKEN: world.credential.refreshToken,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('makes zero token requests the second time within the hour (file cache in the config dir by default)', async () => {
    const first = await run();
    const second = await run();
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(world.tokenRequests()).toBe(1);
    const dir = await stat(join(configDir, 'zbooks'));
    const file = await stat(join(configDir, 'zbooks', 'token-cache.json'));
    expect(dir.mode & 0o777).toBe(0o700);
    expect(file.mode & 0o777).toBe(0o600);
  });

  it('rejects a bad ZBOOKS_TOKEN_STORE as a configuration error naming the accepted forms', async () => {
    const result = await run({ ZBOOKS_TOKEN_STORE: 'mongodb://admin:s3cretpass@db/0' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/memory, file, file:<path>, or redis:\/\/host:port\/db/);
    expect(result.stderr).not.toContain('s3cretpass');
  });
});
