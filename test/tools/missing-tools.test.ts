// Where a tool can be neither found nor obtained (no apt-get on PATH, nothing in the cache): its tests are
// skipped, the run closes with one line per missing tool, and under CI the run fails. A real vitest run of
// test/fixtures/missing-tools/needs-tools.fixture.ts, with the suite's own set-up and reporter.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

const VITEST = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const CONFIG = fileURLToPath(new URL('../fixtures/missing-tools/vitest.config.ts', import.meta.url));

let cache: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  cache = await tempDir('zbooks-no-tools-');
});
afterAll(() => cache.remove());

function vitestWithoutTools(extra: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--config', CONFIG], {
      // Only what is listed: no REDIS_SERVER and the like, a PATH with nothing on it, an empty cache.
      env: {
        HOME: cache.path,
        PATH: '/nonexistent',
        ZBOOKS_TOOLS_CACHE: cache.path,
        NO_COLOR: '1',
        ...extra,
      },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('a machine where the tools can be neither found nor obtained', () => {
  it('skips their tests and closes the run with one line per tool: how many tests, how to install it', async () => {
    const { code, output } = await vitestWithoutTools({});
    expect(output).toMatch(/1 passed \| 4 skipped/);
    expect(output).not.toContain('a skipped suite must not set up');
    const closing = output.trimEnd().split('\n').slice(-4);
    expect(closing).toEqual([
      'missing tool: redis-server, 2 tests skipped; install it with `sudo apt-get install -y redis-server`',
      'missing tool: zsh, 1 test skipped; install it with `sudo apt-get install -y zsh`',
      'missing tool: fish, 1 test skipped; install it with `sudo apt-get install -y fish`',
      'missing tool: tmux, 1 test skipped; install it with `sudo apt-get install -y tmux`',
    ]);
    expect(output).toMatch(/apt-get is not on PATH/);
    expect(code).toBe(0);
  });

  it('fails the run under CI', async () => {
    const { code, output } = await vitestWithoutTools({ CI: 'true' });
    expect(output).toMatch(/1 passed \| 4 skipped/);
    expect(output).toMatch(/missing tool: redis-server, 2 tests skipped/);
    expect(output).toMatch(/CI: tests skipped for a missing tool fail the run/);
    expect(code).toBe(1);
  });
});
