import { ConfigError } from '../../../core/errors.js';
import { LazyRedis } from '../../../http/redis-client.js';
import { Gateway } from '../../../serve/gateway.js';
import { KeyRing, keysPath } from '../../../serve/keys.js';
import { type GatewayLimits, SERVE_DEFAULTS } from '../../../serve/options.js';
import { CountedTokens } from '../../../serve/tokens.js';
import type { Upstream } from '../../../serve/upstream.js';
import { configDir } from '../../profile-file.js';
import type { ServeContext } from './context.js';

export interface ServeOptions {
  host?: string;
  port?: string;
  /** One or more profiles; the first is the default. */
  profile?: string[];
  tokenEndpoint?: boolean;
  limits?: boolean;
  rateLimit?: string;
  concurrency?: string;
  apiVersions?: string;
  maxBody?: string;
  maxQueueWait?: string;
  accessLog?: boolean;
  clientTimeout?: string;
}

/**
 * `zbooks serve`: the gateway on the configuration the CLI already has (profiles or ZOHO_* variables, token
 * store, Redis). Prints where it listens on stdout; logs JSON lines on stderr; on SIGINT/SIGTERM stops
 * accepting and drains the calls in flight.
 */
export async function run(options: ServeOptions, context: ServeContext): Promise<number> {
  const { env } = context;
  const host = options.host ?? env.ZBOOKS_SERVE_HOST ?? '127.0.0.1';
  const port = whole(options.port ?? env.ZBOOKS_SERVE_PORT ?? '8787', 'the port', 0, 65_535);
  const names = options.profile?.length ? options.profile : [undefined];
  const upstreams: Upstream[] = [];
  let redisUrl: string | undefined;
  for (const name of names) {
    const settings = await context.settings({ profile: name });
    const provider = await context.provider(settings);
    const store = settings.values.tokenStore;
    if (store && /^rediss?:\/\//.test(store)) redisUrl ??= store;
    upstreams.push({
      name: settings.profileName,
      tokens: new CountedTokens(provider),
      organizationId: settings.values.organizationId,
      apiDomain: settings.values.apiDomain,
    });
  }
  const log = (line: string) => context.io.stderr.write(line);
  const keys = new KeyRing({
    path: keysPath(configDir(env)),
    onError: (message) =>
      log(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: message })}\n`),
  });
  await keys.load();
  const redis = redisUrl ? new LazyRedis(redisUrl, 2_000) : undefined;
  if (redis) context.onClose(() => redis.close());
  const drainMs = SERVE_DEFAULTS.drainMs;
  const gateway = new Gateway({
    upstreams,
    keys,
    host,
    port,
    tokenEndpoint: options.tokenEndpoint !== false,
    apiVersions: options.apiVersions?.split(',').map((v) => v.trim().toLowerCase()) ?? ['v3'],
    limits: options.limits === false ? false : limitsOf(options, env),
    redis,
    ...(options.maxBody ? { maxBodyBytes: whole(options.maxBody, '--max-body', 1, 2 ** 31) } : {}),
    ...(options.maxQueueWait
      ? { maxQueueWaitMs: whole(options.maxQueueWait, '--max-queue-wait', 0, 3_600) * 1000 }
      : {}),
    ...(options.clientTimeout
      ? { headersTimeoutMs: whole(options.clientTimeout, '--client-timeout', 1, 3_600) * 1000 }
      : {}),
    accessLog: options.accessLog !== false,
    drainMs,
    clock: context.clock,
    log,
  });
  const where = await gateway.listen();
  context.io.stdout.write(`zbooks serve: listening on ${where.url}\n`);
  if (where.open) {
    context.io.stderr.write(
      'zbooks serve: no key is configured, so any local process may call it (loopback only); add keys with `zbooks serve keys add NAME`.\n',
    );
  }
  if (options.limits === false) {
    context.io.stderr.write("zbooks serve: limits are off; Zoho's 429s reach the callers.\n");
  }
  context.stops.graceFor?.(drainMs + 1_000);
  await context.stops.untilStopped();
  context.io.stderr.write('zbooks serve: stopping; finishing the calls in flight.\n');
  await gateway.close();
  return 0;
}

function limitsOf(options: ServeOptions, env: NodeJS.ProcessEnv): GatewayLimits {
  const raw = options.rateLimit ?? env.ZBOOKS_RATE_LIMIT;
  return {
    ...SERVE_DEFAULTS.limits,
    ...(raw ? { limit: whole(raw, 'the rate limit (requests a minute)', 1, 1_000_000) } : {}),
    ...(options.concurrency ? { concurrency: whole(options.concurrency, '--concurrency', 1, 10_000) } : {}),
  };
}

function whole(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${what} must be a whole number from ${min} to ${max}, not "${text}".`,
      'Fix the value.',
    );
  }
  return n;
}
