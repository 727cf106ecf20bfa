import { anySignal } from '../core/abort.js';
import type { Clock } from '../core/clock.js';
import type { FetchLike } from '../core/fetch-like.js';
import type { Logger } from '../core/logger.js';
import type { SecretRegistry } from '../core/redact.js';
import type { WaitListener } from '../core/waits.js';
import { createAuthLayer } from './auth.js';
import { type BinaryBody, decodeResponse } from './decode.js';
import type { NodeTransport } from './node-transport.js';
import { composePipeline } from './pipeline.js';
import { createRateLimitLayer } from './rate-limit.js';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import type { ResponseHeaders } from './response-headers.js';
import { createRetryLayer, type RetryOptions } from './retry.js';
import { RetryBudget, type RetryBudgetOptions } from './retry-budget.js';
import { createTransport } from './transport.js';
import {
  type AccessTokenSource,
  changedRequest,
  type Handler,
  type HttpRequest,
  type HttpResponse,
} from './types.js';

/** Everything the pipeline needs, complete: defaults are filled in by the caller (books/options.ts). */
export interface HttpClientOptions {
  tokens: AccessTokenSource;
  apiDomain: string | undefined;
  /** `v3` or `v4`: the `/books/<version>` every path goes under. */
  apiVersion: string;
  /** Scopes granted to the credential, when known before any token (see createAuthLayer). */
  grantedScope: string | undefined;
  /** Every secret the program knows: tokens are added as they are used; server text is redacted with it. */
  secrets: SecretRegistry;
  fetch: FetchLike | undefined;
  clock: Clock;
  logger: Logger;
  random: () => number;
  timeoutMs: number;
  userAgent: string;
  retry: Omit<RetryOptions, 'budget' | 'clock' | 'random' | 'onWait'> & { budget: RetryBudgetOptions };
  rateLimit: Omit<RateLimiterOptions, 'clock' | 'logger' | 'onWait'>;
  /** Told before every wait (rate-limit window, 429, backoff). */
  onWait: WaitListener | undefined;
  /** Aborts every request of this client (beside each request's own signal): a program's Ctrl-C. */
  signal: AbortSignal | undefined;
}

/** The assembled pipeline and its state (limiter, retry budget), owned by one client instance. */
export class HttpClient {
  readonly rateLimiter: RateLimiter;
  readonly retryBudget: RetryBudget;
  readonly #handler: Handler;
  readonly #clock: Clock;
  readonly #signal: AbortSignal | undefined;
  readonly #secrets: SecretRegistry;
  readonly #apiVersion: string;
  readonly #transport: NodeTransport;

  constructor(options: HttpClientOptions) {
    const { clock, logger, random, onWait } = options;
    this.#clock = clock;
    this.#signal = options.signal;
    this.#secrets = options.secrets;
    this.#apiVersion = options.apiVersion;
    this.rateLimiter = new RateLimiter({ ...options.rateLimit, clock, logger, onWait });
    this.retryBudget = new RetryBudget(options.retry.budget);
    this.#transport = createTransport({
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      userAgent: options.userAgent,
      secrets: options.secrets,
    });
    this.#handler = composePipeline({
      auth: createAuthLayer({
        tokens: options.tokens,
        apiDomain: options.apiDomain,
        clock,
        secrets: options.secrets,
        apiVersion: options.apiVersion,
        grantedScope: options.grantedScope,
      }),
      rateLimit: createRateLimitLayer(this.rateLimiter, options.retry.maxRateLimitWaitMs),
      retry: createRetryLayer({ ...options.retry, budget: this.retryBudget, clock, random, onWait }),
      transport: this.#transport.handler,
    });
  }

  /** Sends one request through the pipeline; resolves with the success envelope or rejects with a typed error. */
  async send(request: HttpRequest): Promise<Record<string, unknown> | BinaryBody> {
    return this.#decode(await this.#run(request), request);
  }

  /** As send(), with the HTTP status and headers of the answer (for `zbooks api -i`). */
  async exchange(
    request: HttpRequest,
  ): Promise<{ status: number; headers: ResponseHeaders; body: Record<string, unknown> | BinaryBody }> {
    const response = await this.#run(request);
    return { status: response.status, headers: response.headers, body: this.#decode(response, request) };
  }

  #run(request: HttpRequest): Promise<HttpResponse> {
    const signal = anySignal(this.#signal, request.signal);
    return this.#handler(signal === request.signal ? request : changedRequest(request, { signal }));
  }

  #decode(response: HttpResponse, request: HttpRequest): Record<string, unknown> | BinaryBody {
    return decodeResponse(response, request, this.#clock.now(), this.#secrets, this.#apiVersion);
  }

  /** Drops the transport's idle keep-alive connections. */
  close(): void {
    this.#transport.close();
  }
}
