import type { Clock } from '../core/clock.js';
import type { ScriptRunner } from '../http/redis-client.js';
import type { KeyRing } from './keys.js';
import type { Upstream } from './upstream.js';

export interface GatewayLimits {
  /** Requests per window per organization (Zoho: 100 a minute). */
  limit: number;
  windowMs: number;
  /** Requests in flight per organization, across replicas when Redis is shared. */
  concurrency: number;
  /**
   * Added to the window, for the latency between taking a slot and Zoho counting the call, and for clock
   * differences between replicas. Default 2 % of the window (the library's).
   */
  marginMs?: number;
}

export interface GatewayOptions {
  /** The profiles served; the first is the default. */
  upstreams: Upstream[];
  /** The key file; with no key in it the gateway only listens on loopback, open to local processes. */
  keys: KeyRing;
  host: string;
  port: number;
  /** GET /v1/token on (default) or off. */
  tokenEndpoint?: boolean;
  /** Books API versions proxied. Default ['v3']. */
  apiVersions?: string[];
  /** The organization limit; false turns it off. Default Zoho's: 100 a minute, 10 in flight. */
  limits?: GatewayLimits | false;
  /** Shares the limit between replicas (the token store's Redis). */
  redis?: ScriptRunner | undefined;
  /** Default 10 MiB. */
  maxBodyBytes?: number;
  /** A client must send its headers within this. Default 10 s. */
  headersTimeoutMs?: number;
  /** And its whole request within this. Default 30 s. */
  requestTimeoutMs?: number;
  /** A call that would wait longer for the limit is answered 429 with Retry-After. Default 30 s. */
  maxQueueWaitMs?: number;
  /** Per attempt to Zoho. Default 60 s. */
  upstreamTimeoutMs?: number;
  /** How long a stop waits for calls in flight. Default 30 s. */
  drainMs?: number;
  clock: Clock;
  /** One line at a time (JSON, with its newline): stderr in the CLI. */
  log: (line: string) => void;
  /** One access-log line per call. Default true. */
  accessLog?: boolean;
}

export const SERVE_DEFAULTS = Object.freeze({
  limits: Object.freeze({ limit: 100, windowMs: 60_000, concurrency: 10 }),
  maxBodyBytes: 10 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxQueueWaitMs: 30_000,
  upstreamTimeoutMs: 60_000,
  drainMs: 30_000,
});
