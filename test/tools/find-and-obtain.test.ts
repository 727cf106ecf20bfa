// Where the suite finds redis-server, zsh, fish and tmux, and the fresh-machine path: with none of them on PATH,
// private copies obtained from Debian's packages into an empty cache, each proven to work from there.
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTool, findTool, obtainTool, TOOL_NAMES, toolsCacheDir } from '../fixtures/tools.mjs';
import { tempDir } from '../helpers/cli.js';
import { startRedis } from '../helpers/redis-server.js';
import { TmuxSession } from '../helpers/tmux.js';

const run = promisify(execFile);
const TOOLS_MODULE = new URL('../fixtures/tools.mjs', import.meta.url).href;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('zbooks-tools-');
});
afterAll(() => dir.remove());

async function fakeTool(folder: string, name: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  await writeFile(path, '#!/bin/sh\necho fake\n');
  await chmod(path, 0o755);
  return path;
}

describe('finding a tool', () => {
  it('takes the variable first, then PATH, then the private cache', async () => {
    const cacheDir = join(dir.path, 'order');
    const cached = await fakeTool(join(cacheDir, 'fish', 'bin'), 'fish');
    const onPath = await fakeTool(join(dir.path, 'order-path'), 'fish');
    const named = await fakeTool(join(dir.path, 'order-named'), 'my-fish');
    const path = `/nonexistent:${join(dir.path, 'order-path')}`;
    expect(findTool('fish', { env: { PATH: path, FISH_BIN: named }, cacheDir })).toEqual({
      path: named,
      source: 'variable',
    });
    expect(findTool('fish', { env: { PATH: path }, cacheDir })).toEqual({ path: onPath, source: 'PATH' });
    expect(findTool('fish', { env: { PATH: '' }, cacheDir })).toEqual({ path: cached, source: 'cache' });
    expect(findTool('fish', { env: { PATH: '' }, cacheDir: join(dir.path, 'empty') }).path).toBeUndefined();
  });

  it('reports a variable that names no program, with the install command, instead of using another one', async () => {
    const env = { PATH: process.env.PATH, REDIS_SERVER: join(dir.path, 'no-such-redis-server') };
    const error = await ensureTool('redis-server', { env, cacheDir: join(dir.path, 'empty') }).catch(
      (e) => e,
    );
    expect(error.message).toMatch(/REDIS_SERVER=.*no-such-redis-server is not an executable file/);
    expect(error.message).toContain('apt-get install -y redis-server');
  });
});

// Private copies come from Debian's packages: elsewhere (macOS) there is nothing to obtain them with.
const apt = await run('sh', ['-c', 'command -v apt-get && command -v dpkg-deb']).then(
  () => true,
  () => false,
);
// The packages are downloaded once into the shared cache's debs/ folder; every copy here is unpacked anew.
describe.skipIf(!apt)('a fresh machine: no tool on PATH, an empty cache', () => {
  const hidden = { PATH: '' };
  let cacheDir: string;
  const obtained: Record<string, string> = {};

  beforeAll(async () => {
    cacheDir = join(dir.path, 'fresh');
    const debDir = join(toolsCacheDir(), 'debs');
    for (const name of TOOL_NAMES) {
      expect(findTool(name, { env: hidden, cacheDir }).path).toBeUndefined();
      obtained[name] = await obtainTool(name, { env: hidden, cacheDir, debDir });
    }
  }, 120_000);

  it('finds each copy in the cache afterwards', () => {
    for (const name of TOOL_NAMES) {
      expect(findTool(name, { env: hidden, cacheDir })).toEqual({ path: obtained[name], source: 'cache' });
      expect(obtained[name]!.startsWith(cacheDir)).toBe(true);
    }
  });

  it('runs the private redis-server', async () => {
    const redis = await startRedis(undefined, { binary: obtained['redis-server']! });
    const client = new Redis(redis.url, { lazyConnect: true });
    try {
      await client.connect();
      await client.set('k', 'v');
      expect(await client.get('k')).toBe('v');
      expect(await client.info('server')).toMatch(/redis_version:/);
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });

  it('runs the private fish, with its own functions', async () => {
    const { stdout } = await run(obtained.fish!, ['-c', 'echo $__fish_data_dir; complete -C "set --era"'], {
      env: { HOME: dir.path, PATH: process.env.PATH },
    });
    const [dataDir, ...completions] = stdout.trim().split('\n');
    expect(dataDir!.startsWith(cacheDir)).toBe(true);
    expect(completions.join('\n')).toMatch(/^--erase/m);
  });

  it('runs the private zsh inside the private tmux, completing with its own functions', async () => {
    const tty = new TmuxSession({ tmux: obtained.tmux! });
    try {
      await tty.start(`'${obtained.zsh}' -f`, { HOME: dir.path, PATH: process.env.PATH ?? '' });
      await tty.type('autoload -U compinit && compinit -u && print READY $fpath[1]', 'Enter');
      const ready = await tty.waitFor(/^READY \S+$/m);
      expect(ready).toContain(`READY ${cacheDir}`);
      await tty.type('cd /tm');
      await tty.press('Tab');
      await tty.waitFor(/cd \/tmp\//);
    } finally {
      await tty.close();
    }
  });

  it('gives two processes that ask at the same time one working copy', async () => {
    const shared = join(dir.path, 'race');
    const debDir = join(toolsCacheDir(), 'debs');
    const script = `const t = await import(${JSON.stringify(TOOLS_MODULE)});
      process.stdout.write(await t.obtainTool('tmux', { env: { PATH: '' }, cacheDir: ${JSON.stringify(shared)}, debDir: ${JSON.stringify(debDir)} }));`;
    const paths = await Promise.all(
      [1, 2].map(
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
            let out = '';
            let err = '';
            child.stdout.on('data', (d) => (out += d));
            child.stderr.on('data', (d) => (err += d));
            child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
          }),
      ),
    );
    expect(paths[0]).toBe(join(shared, 'tmux', 'bin', 'tmux'));
    expect(paths[1]).toBe(paths[0]);
    expect((await run(paths[0]!, ['-V'])).stdout).toMatch(/^tmux \d/);
  });
});
