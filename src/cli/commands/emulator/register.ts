import type { Registration } from '../registration.js';
import type { EmulatorCommandOptions } from './emulator.js';

/** `zbooks emulator`: runs until stopped. */
export function registerEmulator({ program, context, action }: Registration): void {
  program
    .command('emulator')
    .description('run the Zoho emulator (accounts server, API console, Books API) until stopped')
    .option('--port <n>', 'port of the first data centre (0 = any free port)', '0')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--dc <ids>', 'data centres to run, comma-separated', 'us')
    .option('--token-ttl <seconds>', 'access token lifetime', '3600')
    .option('--seed', 'create a Self Client and print its id, secret and a fresh grant code')
    .option('--scope <scopes>', 'scopes of the seeded grant code', 'ZohoBooks.fullaccess.all')
    .option('--preset <name>', 'fill the seeded organization with a sample ledger: small, demo or large')
    .option('--records <counts>', 'sample records to seed, e.g. invoices=200,contacts=50 (with --seed)')
    .option('--json', 'print the URLs (and seed) as one JSON object on the first line')
    .action(
      action(async (options: EmulatorCommandOptions) =>
        (await import('./emulator.js')).run(options, context),
      ),
    );
}
