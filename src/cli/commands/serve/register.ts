import type { Registration } from '../registration.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `zbooks serve` and `zbooks serve keys …`; each command module is loaded only when it runs. The run context
 * is the serve commands' ServeContext as it is (io, env, clock, stops, settings, provider, onClose).
 */
export function registerServe({ program, context, action }: Registration): void {
  const serve = program
    .command('serve')
    .description('an HTTP gateway: tokens and a rate-limited Books proxy for programs in any language')
    .option('--host <host>', 'address to listen on (or ZBOOKS_SERVE_HOST; default 127.0.0.1)')
    .option('--port <port>', 'port (or ZBOOKS_SERVE_PORT; default 8787; 0 picks one)')
    .option('--profile <name>', 'profile to serve (repeatable; the first is the default)', collect)
    .option('--no-token-endpoint', 'turn GET /v1/token off (proxy only)')
    .option('--no-limits', "no organization limit (Zoho's 429s reach the callers)")
    .option('--rate-limit <n>', 'requests a minute per organization (or ZBOOKS_RATE_LIMIT; default 100)')
    .option('--concurrency <n>', 'requests in flight per organization (default 10)')
    .option('--api-versions <list>', 'Books API versions to proxy (default v3)')
    .option('--max-body <bytes>', 'request body limit (default 10 MiB)')
    .option('--max-queue-wait <s>', 'a call that would queue longer gets 429 + Retry-After (default 30)')
    .option('--client-timeout <s>', 'a client must send its request headers within this (default 10)')
    .option('--no-access-log', 'no access-log line per call')
    .action(action(async (options) => (await import('./serve.js')).run(options, context)));
  const keys = serve.command('keys').description('the keys callers present (only their hashes are kept)');
  keys
    .command('add <name>')
    .description('make a key and print it once, alone on stdout')
    .option('--read-only', 'GET calls only')
    .option('--modules <list>', 'only these Books modules, comma-separated (e.g. invoices,contacts)')
    .option('--operations <list>', 'only these operation ids, comma-separated (e.g. list_invoices)')
    .option('--orgs <list>', 'only these organization ids')
    .option('--profiles <list>', 'only these profiles')
    .option('--token', 'may also call GET /v1/token (a raw token has the whole scope)')
    .action(
      action(async (name: string, options) =>
        (await import('./keys-add.js')).run({ name, ...options }, context),
      ),
    );
  keys
    .command('list')
    .description('the keys and their policies')
    .option('--json', 'as JSON')
    .action(action(async (options) => (await import('./keys-list.js')).run(options, context)));
  keys
    .command('revoke <name>')
    .description('remove a key; a running gateway refuses it at once')
    .action(action(async (name: string) => (await import('./keys-revoke.js')).run({ name }, context)));
}
