// The CLI start-up benchmark: `zbooks auth token` with a cached token (what scripts call in a loop) against
// bare `node -e ""`, interleaved in the same run so machine noise hits both alike; reported as a ratio.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startEmulator } from '../dist/emulator/index.js';

export const description = '`zbooks auth token` with a cached token vs bare `node -e ""` (start-up ratio)';

const CLI = new URL('../dist/bin/main.js', import.meta.url).pathname;

export async function run(args, { print = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const { values } = parseArgs({ args, options: { runs: { type: 'string', default: '30' } } });
  const runs = Number(values.runs);
  const emulator = await startEmulator({ port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'zbooks-bench-cli-'));
  try {
    const seed = emulator.seed();
    const env = { PATH: process.env.PATH, HOME: dir, ZBOOKS_CONFIG_DIR: dir };
    // Asynchronously: the emulator answering the login runs in this process.
    await promisify(execFile)(process.execPath, [CLI, 'auth', 'login'], {
      env: {
        ...env,
        ZOHO_ACCOUNTS_URL: seed.accounts_url,
        ZOHO_CLIENT_ID: seed.client_id,
        ZOHO_CLIENT_SECRET: seed.client_secret,
        ZOHO_GRANT_CODE: seed.code,
      },
    });
    // spawnSync below blocks this process and so the emulator: every `auth token` must come from the cache,
    // which is exactly the case measured (a request would time out and fail the run).
    const before = emulator.stats().token_requests;
    const timeOf = (argv) => {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const bare = [];
    const token = [];
    timeOf(['-e', '']); // warm the file cache
    for (let i = 0; i < runs; i++) {
      bare.push(timeOf(['-e', '']));
      token.push(timeOf([CLI, 'auth', 'token']));
    }
    const requests = emulator.stats().token_requests - before;
    const result = {
      name: 'cli',
      runs,
      bare_node_ms: median(bare),
      auth_token_ms: median(token),
      ratio: median(token) / median(bare),
      token_requests: requests,
    };
    print(
      [
        `cli: ${runs} runs each, interleaved, median wall time`,
        `  node -e ""                        ${result.bare_node_ms.toFixed(1)} ms`,
        `  zbooks auth token (cached token)  ${result.auth_token_ms.toFixed(1)} ms`,
        `  ratio                             ${result.ratio.toFixed(2)}× (target ≤ 1.5×); token requests during the runs: ${requests}`,
      ].join('\n'),
    );
    return result;
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
