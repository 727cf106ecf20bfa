import { ConfigError } from '../../../core/errors.js';
import { EmulatorInputError, startEmulator } from '../../../emulator/index.js';
import type { RunContext } from '../../context.js';

export interface EmulatorCommandOptions {
  port?: string;
  host?: string;
  dc?: string;
  tokenTtl?: string;
  seed?: boolean;
  scope?: string;
  json?: boolean;
  /** Sample ledger preset for the seeded organization (`small`, `demo`, `large`). */
  preset?: string;
  /** Sample record counts, `invoices=200,contacts=50`. */
  records?: string;
}

/** `zbooks emulator`: Zoho's accounts server, API console and Books API on loopback, until stopped. */
export async function run(options: EmulatorCommandOptions, ctx: RunContext): Promise<number> {
  const dcs = (options.dc ?? 'us')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const ledger = ledgerOf(options);
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
  let seed: ReturnType<typeof emulator.seed> | undefined;
  try {
    seed = options.seed
      ? emulator.seed({ ...(options.scope ? { scope: options.scope } : {}), ...(ledger ? { ledger } : {}) })
      : undefined;
  } catch (error) {
    await emulator.close();
    if (!(error instanceof EmulatorInputError)) throw error;
    throw new ConfigError(
      `The emulator could not seed: ${error.message}.`,
      'Check --scope, --preset and --records.',
    );
  }
  const env = seed ? variables(emulator.dcs, seed) : undefined;
  const dcUrls = Object.fromEntries(
    Object.entries(emulator.dcs).map(([id, d]) => [
      id,
      { accounts_url: d.accountsUrl, api_domain: d.apiDomain },
    ]),
  );
  if (options.json) {
    ctx.out(
      `${JSON.stringify({ accounts_url: emulator.accountsUrl, api_domain: emulator.apiDomain, dcs: dcUrls, ...(seed ?? {}), ...(env ? { env } : {}) })}\n`,
    );
  } else {
    const lines = ['Zoho emulator running (Ctrl-C to stop):'];
    for (const [id, d] of Object.entries(emulator.dcs))
      lines.push(`  ${id}: accounts ${d.accountsUrl}  api ${d.apiDomain}`);
    lines.push(
      `  console: POST ${emulator.accountsUrl}/_emulator/seed, /_emulator/clients, GET /_emulator/stats`,
    );
    if (seed && env) {
      lines.push(
        '',
        'A Self Client is ready; log in with:',
        ...Object.entries(env).map(([name, value]) => `  export ${name}=${value}`),
        '  zbooks auth login',
        `(the grant code expires at ${new Date(seed.code_expires_at).toISOString()}, emulator time)`,
      );
      if (ledger) {
        const counts = emulator.records(seed.organizations[0]!.organization_id, 'invoices').length;
        lines.push(
          `Organization ${seed.organizations[0]!.name} holds a sample ledger (${counts} invoices and more).`,
        );
      }
    }
    ctx.out(`${lines.join('\n')}\n`);
  }
  // Its normal end: Ctrl-C or SIGTERM, through the entry point's one handler.
  await ctx.stops.untilStopped();
  await emulator.close();
  return 0;
}

/**
 * Every variable `zbooks auth login` needs for the seeded client. With several data centres the CLI must know
 * each one's emulated accounts URL (ZBOOKS_ACCOUNTS_URLS) and which one the client lives in (ZOHO_DC).
 */
function variables(
  dcs: Record<string, { accountsUrl: string }>,
  seed: { dc: string; accounts_url: string; client_id: string; client_secret: string; code: string },
): Record<string, string> {
  const where: Record<string, string> =
    Object.keys(dcs).length > 1
      ? {
          ZBOOKS_ACCOUNTS_URLS: Object.entries(dcs)
            .map(([id, d]) => `${id}=${d.accountsUrl}`)
            .join(','),
          ZOHO_DC: seed.dc,
        }
      : { ZOHO_ACCOUNTS_URL: seed.accounts_url };
  return {
    ...where,
    ZOHO_CLIENT_ID: seed.client_id,
    ZOHO_CLIENT_SECRET: seed.client_secret,
    ZOHO_GRANT_CODE: seed.code,
  };
}

/** `--preset demo` and/or `--records invoices=200,contacts=50`, as the emulator's ledger request. */
function ledgerOf(
  options: EmulatorCommandOptions,
): { preset?: string; records?: Record<string, number> } | undefined {
  if (options.preset === undefined && options.records === undefined) return undefined;
  if (!options.seed)
    throw new ConfigError('--preset and --records fill the seeded organization.', 'Add --seed.');
  const records: Record<string, number> = {};
  for (const pair of (options.records ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [kind, count] = pair.split('=').map((p) => p.trim());
    if (!kind || count === undefined) {
      throw new ConfigError(
        `--records has a bad entry "${pair}".`,
        'Example: --records invoices=200,contacts=50.',
      );
    }
    records[kind] = integer(count, `--records ${kind}`);
  }
  return {
    ...(options.preset ? { preset: options.preset } : {}),
    ...(options.records !== undefined ? { records } : {}),
  };
}

function integer(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${flag} must be a whole number, not "${value}".`, `Example: ${flag} 8080.`);
  return n;
}
