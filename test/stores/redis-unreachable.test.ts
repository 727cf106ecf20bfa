import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/emulator.js';

const DIST = resolve(import.meta.dirname, '../../dist/index.js');

/**
 * In a process of its own (built library, as a CLI runs it), so that what keeps the event loop alive is this
 * store's alone: `process.getActiveResourcesInfo()` after close() must list no timer.
 */
const SCRIPT = `
import { setTimeout as sleep } from 'node:timers/promises';
const { RedisTokenStore } = await import(process.argv[1]);
const store = new RedisTokenStore({ url: process.argv[2] });
const failure = await store.get('k').then(() => 'none', (e) => e.name);
await sleep(250); // one reconnection failed, the next one waiting: where a CLI run usually is at its end
await store.close();
await sleep(20);
process.stdout.write(JSON.stringify({ failure, left: process.getActiveResourcesInfo() }));
`;

describe('a Redis store whose server is down', () => {
  it('fails the call, and once closed leaves nothing that keeps the process alive', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}/0`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', SCRIPT, DIST, url],
      { timeout: 20_000 },
    );
    const { failure, left } = JSON.parse(stdout) as { failure: string; left: string[] };
    expect(failure).toBe('StoreError');
    // ioredis's disconnect arms a timer (default 2 s) to destroy a socket that does not close, and a socket
    // that already failed never closes: every `zbooks auth token` against a dead Redis lingered that long.
    expect(left).not.toContain('Timeout');
  });
});
