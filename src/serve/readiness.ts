import type { ScriptRunner } from '../http/redis-client.js';
import type { Upstream } from './upstream.js';

interface Readiness {
  status: 'ready' | 'degraded' | 'unready';
  profiles: Record<string, { token: string; store: string }>;
  rate_limit: 'shared' | 'process' | 'off';
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
};

/**
 * Ready: a token can be had and the store answers. Degraded: tokens come (per-process caching) but the shared
 * store or the shared limit is down, so replicas no longer act as one. Unready: no token.
 */
export async function readiness(
  upstreams: Upstream[],
  limits: boolean,
  redis: ScriptRunner | undefined,
): Promise<Readiness> {
  const profiles: Readiness['profiles'] = {};
  let status: Readiness['status'] = 'ready';
  await Promise.all(
    upstreams.map(async (u) => {
      const provider = u.tokens.provider;
      const token = await within(provider.getToken(), 10_000).then(
        () => 'ok',
        (error: Error) => `unavailable: ${error.message}`,
      );
      const store = await within(provider.store.get(provider.cacheKey), 2_000).then(
        () => 'ok',
        (error: Error) => `unreachable: ${error.message}`,
      );
      profiles[u.name] = { token, store };
      if (token !== 'ok') status = 'unready';
      else if (store !== 'ok' && status === 'ready') status = 'degraded';
    }),
  );
  let rateLimit: Readiness['rate_limit'] = 'off';
  if (limits && !redis) rateLimit = 'process';
  if (limits && redis) {
    // Asked now rather than read from the limiter, which learns of an outage (and of its end) only from calls.
    const shared = await within(redis.eval('return 1', 0), 2_000).then(
      () => true,
      () => false,
    );
    rateLimit = shared ? 'shared' : 'process';
    if (!shared && status === 'ready') status = 'degraded';
  }
  return { status, profiles, rate_limit: rateLimit };
}
