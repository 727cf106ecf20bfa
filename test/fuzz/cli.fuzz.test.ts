import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, SeedResult } from '../../src/emulator/index.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { closedPort, emulator } from '../helpers/emulator.js';

/**
 * 1,000 random command lines and environments against the real CLI (in one worker process, for speed):
 * every one ends with a documented exit code, one or two lines on failure, no stack trace, no secret, and
 * nothing left unhandled. Only loopback addresses can be reached: every URL the generator makes points
 * at the emulator or at a closed local port, and `--dc auto` only tries ZBOOKS_ACCOUNTS_URLS.
 */
let emu: Emulator;
let seed: SeedResult;
let dir: Awaited<ReturnType<typeof tempDir>>;
let refreshToken: string;

beforeAll(async () => {
  emu = await emulator();
  seed = emu.seed();
  emu.seedRecords(seed.organizations[0]!.organization_id, 'invoices', 30);
  dir = await tempDir('zbooks-fuzz-cli-');
  const login = await zbooks(['auth', 'login'], {
    env: {
      ZBOOKS_CONFIG_DIR: dir.path,
      ZOHO_ACCOUNTS_URL: seed.accounts_url,
      ZOHO_CLIENT_ID: seed.client_id,
      ZOHO_CLIENT_SECRET: seed.client_secret,
      ZOHO_GRANT_CODE: seed.code,
    },
  });
  expect(login.code).toBe(0);
  refreshToken = JSON.parse((await promisify(execFile)('cat', [join(dir.path, 'profiles.json')])).stdout)
    .profiles.default.refresh_token;
});
afterAll(async () => {
  await emu.close();
  await dir.remove();
});

describe('fuzz: CLI arguments and environment', () => {
  it('1,000 random command lines: documented exit codes, short errors, no stack, no secret', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    // Junk that can never be a reachable URL: no scheme separator, no dot.
    const junk = fc.string({ maxLength: 12 }).map((s) => s.replace(/[:./]/g, '_'));
    const value = fc.oneof(
      junk,
      fc.constantFrom(
        '',
        '0',
        '-1',
        '1e3',
        'true',
        'null',
        '460000000000000001',
        '999999999999999999999',
        '@nope',
        '-',
        'x=y',
        '%',
        '…',
      ),
    );
    const word = fc.oneof(
      fc.constantFrom(
        'auth',
        'token',
        'status',
        'login',
        'logout',
        'orgs',
        'use',
        'api',
        'invoices',
        'contacts',
        'list',
        'get',
        'create',
        'mark-as-sent',
        'export',
        'doctor',
        'completion',
        'bash',
        'help',
        '/invoices',
        '/organizations',
        'items',
        'chart-of-accounts',
        'settings',
      ),
      junk,
    );
    const flag = fc.oneof(
      fc.constantFrom(
        '--json',
        '--all',
        '--debug',
        '--help',
        '--paginate',
        '--slurp',
        '-i',
        '--silent',
        '--resume',
        '--client-secret-stdin',
        '--code-stdin',
        '--retry-unsafe',
      ),
      fc
        .tuple(
          fc.constantFrom(
            '--format',
            '--fields',
            '--limit',
            '--page',
            '--per-page',
            '--profile',
            '--org',
            '-X',
            '-f',
            '-F',
            '-H',
            '--since',
            '--query',
            '--status',
            '--customer-name',
            '--dc',
            '--client-id',
            '--client-secret',
            '--code',
            '--body',
            '--input',
            '--scope',
          ),
          value,
        )
        .map(([f, v]) => `${f}=${v}`),
      fc.constant(`--accounts-url=${closed}`),
      fc.constant(`--out=${join(dir.path, 'out.ndjson')}`),
    );
    // Real commands first (so runs get past the parser), then random words and flags.
    const command = fc.constantFrom(
      ['auth', 'token'],
      ['auth', 'status'],
      ['auth', 'token', '--json'],
      ['invoices', 'list'],
      ['invoices', 'get', '460000000000000001'],
      ['api', '/invoices'],
      ['api', '-X', 'GET', '/organizations'],
      ['orgs'],
      ['doctor'],
      ['export', 'invoices'],
      ['completion', 'bash'],
      ['contacts', 'list'],
      [],
    );
    const args = fc
      .tuple(command, fc.array(fc.oneof(flag, flag, word), { maxLength: 4 }))
      .map(([head, tail]) => [...head, ...tail]);
    const env = fc.record(
      {
        ZOHO_CLIENT_ID: fc.oneof(value, fc.constant(seed.client_id)),
        ZOHO_CLIENT_SECRET: fc.oneof(value, fc.constant(seed.client_secret)),
        ZOHO_REFRESH_TOKEN: fc.oneof(value, fc.constant(refreshToken)),
        ZOHO_DC: fc.constantFrom('xx', 'auto', '', 'moon'),
        ZOHO_ORGANIZATION_ID: value,
        ZBOOKS_PROFILE: fc.oneof(value, fc.constant('default')),
        ZBOOKS_TOKEN_STORE: fc.constantFrom(
          'memory',
          'file',
          'sqlite://x',
          '',
          `redis://127.0.0.1:${closed.split(':').pop()}/0`,
        ),
        ZBOOKS_RATE_LIMIT: fc.constantFrom('100', '0', 'fast', '1000000'),
        DEBUG: fc.constantFrom('zbooks*', 'other', ''),
      },
      { requiredKeys: [] },
    );
    const cases = fc.sample(fc.record({ args, env }), { numRuns: 1000, seed: 20261128 }).map((c) => ({
      args: c.args,
      // Every run reaches only loopback: the emulator, or nothing.
      env: {
        ...c.env,
        ZBOOKS_CONFIG_DIR: dir.path,
        ZOHO_ACCOUNTS_URL: seed.accounts_url,
        ZBOOKS_ACCOUNTS_URLS: `us=${seed.accounts_url}`,
        PATH: process.env.PATH,
      },
    }));
    const file = join(dir.path, 'cases.json');
    await writeFile(file, JSON.stringify(cases));
    // stdin closed, as for a script: `--input -` and `--client-secret-stdin` read an empty stream.
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [join(import.meta.dirname, 'cli-worker.mjs'), file], {
        cwd: dir.path,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      // Nothing a command opened may outlive it (an open Redis client once kept a failed `auth token` alive
      // forever): once its one-line report is out, the worker must exit on its own.
      let lingering: NodeJS.Timeout | undefined;
      child.stdout.on('data', (d) => {
        out += d;
        if (out.endsWith('\n') && !lingering) {
          lingering = setTimeout(() => {
            child.kill();
            reject(new Error('the worker did not exit after its last command: a command left a handle open'));
          }, 15_000);
        }
      });
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(lingering);
        resolve(out);
      });
    });
    const { results, unhandled } = JSON.parse(stdout) as {
      results: {
        args: string[];
        code: number;
        stdout: string;
        stderr: string;
        threw?: string;
        hung?: boolean;
      }[];
      unhandled: string[];
    };
    expect(results).toHaveLength(1000);
    expect(unhandled).toEqual([]);
    const secrets = [seed.client_secret, refreshToken];
    for (const r of results) {
      const where = `zbooks ${r.args.join(' ')}`;
      expect(r.threw, where).toBeUndefined();
      expect(r.hung, `${where} did not finish`).toBeUndefined();
      expect([0, 2, 3, 4, 5, 6], `${where} → ${r.code}: ${r.stderr}`).toContain(r.code);
      for (const s of secrets) {
        expect(r.stdout.includes(s) || r.stderr.includes(s), `${where} printed a secret`).toBe(false);
      }
      if (r.code !== 0 && !r.args.includes('--debug')) {
        expect(r.stderr, where).not.toMatch(/\n\s+at .*:\d+:\d+/);
        expect(r.stderr, where).not.toMatch(/undefined|\[object Object\]/);
      }
    }
    // The generator must reach real commands, not only usage errors.
    expect(results.filter((r) => r.code === 0).length).toBeGreaterThan(50);
  }, 180_000);
});
