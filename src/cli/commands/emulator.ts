import { ConfigError } from '../../core/errors.js';
import { startEmulator } from '../../emulator/index.js';
import type { Stops } from '../stops.js';

export interface EmulatorCommandOptions {
  port?: string;
  host?: string;
  dc?: string;
  tokenTtl?: string;
  seed?: boolean;
  scope?: string;
  json?: boolean;
}

/** `zbooks emulator`: Zoho's accounts server, API console and Books API on loopback, until stopped. */
export async function emulatorCommand(options: EmulatorCommandOptions, stops: Stops): Promise<void> {
  const dcs = (options.dc ?? 'us')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const emulator = await startEmulator({
    host: options.host ?? '127.0.0.1',
    port: integer(options.port ?? '0', '--port'),
    dcs,
    ...(options.tokenTtl ? { tokenTtlSeconds: integer(options.tokenTtl, '--token-ttl') } : {}),
  }).catch((error: Error) => {
    throw new ConfigError(
      `The emulator could not start: ${error.message}.`,
      'Check --port, --host and --dc.',
    );
  });
  const seed = options.seed ? emulator.seed(options.scope ? { scope: options.scope } : {}) : undefined;
  const dcUrls = Object.fromEntries(
    Object.entries(emulator.dcs).map(([id, d]) => [
      id,
      { accounts_url: d.accountsUrl, api_domain: d.apiDomain },
    ]),
  );
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ accounts_url: emulator.accountsUrl, api_domain: emulator.apiDomain, dcs: dcUrls, ...(seed ?? {}) })}\n`,
    );
  } else {
    const lines = ['Zoho emulator running (Ctrl-C to stop):'];
    for (const [id, d] of Object.entries(emulator.dcs))
      lines.push(`  ${id}: accounts ${d.accountsUrl}  api ${d.apiDomain}`);
    lines.push(
      `  console: POST ${emulator.accountsUrl}/_emulator/seed, /_emulator/clients, GET /_emulator/stats`,
    );
    if (seed) {
      lines.push(
        '',
        'A Self Client is ready; log in with:',
        `  export ZOHO_ACCOUNTS_URL=${seed.accounts_url} ZOHO_CLIENT_ID=${seed.client_id}`,
        `  export ZOHO_CLIENT_SECRET=${seed.client_secret} ZOHO_GRANT_CODE=${seed.code}`,
        '  zbooks auth login',
        `(the grant code expires at ${new Date(seed.code_expires_at).toISOString()}, emulator time)`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  // Its normal end: Ctrl-C or SIGTERM, through the entry point's one handler.
  await stops.untilStopped();
  await emulator.close();
}

function integer(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${flag} must be a whole number, not "${value}".`, `Example: ${flag} 8080.`);
  return n;
}
