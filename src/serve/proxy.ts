import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AccessToken } from '../auth/token-response.js';
import type { Clock } from '../core/clock.js';
import { RateLimitWait } from '../http/rate-limit-wait.js';
import type { RateLimiter, Ticket } from '../http/rate-limiter.js';
import { abortExchange, type Forwarder, readSmall, UpstreamError } from './forwarder.js';
import type { Metrics } from './metrics.js';
import { type Reply, sendError } from './reply.js';
import type { Targets, Upstream } from './upstream.js';

interface ProxyCall {
  upstream: Upstream;
  method: string;
  /** /books/v3/… with the query (organization_id added when it was missing). */
  path: string;
  organizationId: string | undefined;
  operationId: string;
  read: boolean;
  body: Buffer | undefined;
  contentType: string | undefined;
  accept: string | undefined;
  acceptEncoding: string | undefined;
}

export interface ProxyOptions {
  forwarder: Forwarder;
  targets: Targets;
  /** Undefined: limits off (a benchmark, or a single trusted caller). */
  limiter: RateLimiter | undefined;
  metrics: Metrics;
  clock: Clock;
  maxQueueWaitMs: number;
  upstreamTimeoutMs: number;
  /** Told of every 429 Zoho answers (the limit should have prevented it: worth a log line). */
  onThrottled: (organizationId: string | undefined, retryAfterMs: number, body: string) => void;
}

/** Response headers that belong to one connection, not to the message (RFC 9110 §7.6.1), and cookies. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-authenticate',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'set-cookie',
]);
const MAX_429_REPLAYS = 3;

/**
 * The Books reverse proxy: the organization's limit (callers queue instead of meeting 429s), the token on the
 * request, 401 → invalidate and replay once, the library's rules for writes (never replayed once they may have
 * reached Zoho; such an unknown outcome is a 502 with X-Zbooks-Outcome: unknown), redirects refused, and the
 * answer streamed through byte for byte (large ids untouched).
 */
export async function proxy(
  options: ProxyOptions,
  call: ProxyCall,
  res: ServerResponse,
  reply: Reply,
): Promise<void> {
  let ticket: Ticket | undefined;
  if (options.limiter) {
    // Room now (no Redis, no pause, nobody queued): the slot without a timer or a promise; else the queue.
    ticket =
      options.limiter.tryAcquireNow(
        call.organizationId,
        reply.signal(),
        new RateLimitWait(options.maxQueueWaitMs),
      ) ?? (await queue(options, options.limiter, call, res, reply));
    if (!ticket) return;
  }
  const exchange = new Exchange(options, call, res, reply, ticket);
  try {
    while ((await exchange.attempt()) === 'again');
  } finally {
    exchange.release();
  }
}

type Next = 'again' | 'done';

/** One proxied call, attempt after attempt: what may be replayed, and how often, is kept here. */
class Exchange {
  readonly #options: ProxyOptions;
  readonly #call: ProxyCall;
  readonly #res: ServerResponse;
  readonly #reply: Reply;
  readonly #ticket: Ticket | undefined;
  #released = false;
  #replayed401 = false;
  #replays429 = 0;
  #resent = false;

  constructor(options: ProxyOptions, call: ProxyCall, res: ServerResponse, reply: Reply, ticket?: Ticket) {
    this.#options = options;
    this.#call = call;
    this.#res = res;
    this.#reply = reply;
    this.#ticket = ticket;
  }

  /** The slot goes back once; a streamed answer gives it back when its body ends instead. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#ticket?.release();
  }

  async attempt(): Promise<Next> {
    const options = this.#options;
    const call = this.#call;
    let token: AccessToken;
    try {
      token = await call.upstream.tokens.get();
    } catch (error) {
      options.metrics.tokenErrors++;
      const retryAfter = tokenRetryAfter(error, options.clock);
      sendError(this.#res, this.#reply, 503, 'token_unavailable', (error as Error).message, retryAfter);
      return 'done';
    }
    const started = performance.now();
    let answer: IncomingMessage;
    try {
      answer = await options.forwarder.send({
        target: options.targets.of(call.upstream.apiDomain ?? token.apiDomain),
        method: call.method,
        path: call.path,
        headers: headersFor(call, token),
        body: call.body,
        onRequest: call.read ? (request) => (this.#reply.onAbort = () => abortExchange(request)) : undefined,
      });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return this.#sendFailed(error);
    }
    options.metrics.upstreamLatency((performance.now() - started) / 1000);
    return this.#answered(answer, token);
  }

  async #sendFailed(error: UpstreamError): Promise<Next> {
    const call = this.#call;
    if (error.reason === 'ABORTED') return 'done';
    // A request never sent may go again whatever its method; a read may go again once in any case.
    if (!this.#resent && (error.sent === 'no' || call.read)) {
      this.#resent = true;
      await this.#ticket?.retry();
      return 'again';
    }
    const unknown = !call.read && error.sent === 'maybe';
    if (unknown) this.#res.setHeader('x-zbooks-outcome', 'unknown');
    sendError(
      this.#res,
      this.#reply,
      error.reason === 'TIMEOUT' ? 504 : 502,
      unknown ? 'outcome_unknown' : 'upstream_unreachable',
      unknown
        ? `${error.message} after the ${call.method} may have reached Zoho; it was not replayed. Check whether it took effect before sending it again.`
        : error.message,
    );
    return 'done';
  }

  async #answered(answer: IncomingMessage, token: AccessToken): Promise<Next> {
    const { limiter } = this.#options;
    const status = answer.statusCode ?? 502;
    if (status === 401 && !this.#replayed401 && !token.justMinted) {
      // Zoho refused the request, so even a write was not applied: one replay with a fresh token is safe.
      this.#replayed401 = true;
      await readSmall(answer);
      await this.#call.upstream.tokens.invalidate(token.accessToken);
      return 'again';
    }
    if (status === 429 && this.#replays429 < MAX_429_REPLAYS && limiter) {
      this.#replays429++;
      return this.#throttled(answer, limiter);
    }
    if (status >= 300 && status < 400) {
      answer.resume();
      const text = `Zoho answered with a redirect (HTTP ${status}); the gateway never follows one with a token.`;
      sendError(this.#res, this.#reply, 502, 'redirect_refused', text);
      return 'done';
    }
    if (limiter && answer.headers['x-rate-limit-remaining'] !== undefined) {
      limiter.learn(this.#call.organizationId, new Headers(plainHeaders(answer.headers)));
    }
    this.#stream(answer, status);
    return 'done';
  }

  /** Zoho's 429 despite the limit: the organization pauses for every caller, and this call waits its turn. */
  async #throttled(answer: IncomingMessage, limiter: RateLimiter): Promise<Next> {
    const options = this.#options;
    const call = this.#call;
    const text = await readSmall(answer);
    const waitMs = retryAfterMs(answer.headers['retry-after'], options.clock);
    options.onThrottled(call.organizationId, waitMs, text);
    limiter.pauseUntil(call.organizationId, options.clock.now() + waitMs);
    if (waitMs > options.maxQueueWaitMs) {
      const message = 'Zoho asked to pause this organization longer than calls may queue.';
      sendError(this.#res, this.#reply, 429, 'rate_limited', message, Math.ceil(waitMs / 1000));
      return 'done';
    }
    await this.#ticket?.retry();
    return 'again';
  }

  /** pipe rather than pipeline: the same bytes with less bookkeeping per call; failures handled here. */
  #stream(answer: IncomingMessage, status: number): void {
    const res = this.#res;
    this.#reply.status = status;
    res.writeHead(status, responseHeaders(answer));
    // The slot is given back when the body has gone through, not now.
    this.#released = true;
    answer.once('error', () => {
      this.#reply.streamError = true;
      res.destroy();
    });
    answer.once('end', () => this.#ticket?.release());
    answer.once('close', () => this.#ticket?.release());
    this.#reply.onAbort = () => answer.destroy();
    answer.pipe(res);
  }
}

/** Waits for the organization's slots; answers 429 itself (and undefined) when the wait would be too long. */
async function queue(
  options: ProxyOptions,
  limiter: RateLimiter,
  call: ProxyCall,
  res: ServerResponse,
  reply: Reply,
): Promise<Ticket | undefined> {
  const { metrics } = options;
  // One signal per queued call (the caller leaving, or the wait growing too long), without AbortSignal.any and
  // AbortSignal.timeout: both showed in the profile as costs per call.
  const signal = reply.signal();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reply.abortQueue();
  }, options.maxQueueWaitMs);
  const started = performance.now();
  metrics.queueDepth++;
  try {
    return await limiter.acquire(call.organizationId, signal, new RateLimitWait(options.maxQueueWaitMs));
  } catch (error) {
    if (reply.closed) return undefined;
    const retryAt = (error as { retryAt?: number }).retryAt;
    const seconds = retryAt
      ? Math.max(1, Math.ceil((retryAt - options.clock.now()) / 1000))
      : Math.ceil(options.maxQueueWaitMs / 1000);
    if (!timedOut && !(retryAt || (error as { kind?: string }).kind === 'rate_limit')) throw error;
    sendError(
      res,
      reply,
      429,
      'queue_full',
      `The organization's limit would keep this call waiting more than ${Math.round(options.maxQueueWaitMs / 1000)} s.`,
      seconds,
    );
    return undefined;
  } finally {
    clearTimeout(timer);
    metrics.queueDepth--;
    metrics.limitWaitSeconds += (performance.now() - started) / 1000;
  }
}

function headersFor(call: ProxyCall, token: AccessToken): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    authorization: `Zoho-oauthtoken ${token.accessToken}`,
    accept: call.accept ?? 'application/json',
    'user-agent': 'zbooks-serve',
  };
  if (call.acceptEncoding) headers['accept-encoding'] = call.acceptEncoding;
  if (call.body !== undefined) {
    headers['content-type'] = call.contentType ?? 'application/json';
    headers['content-length'] = call.body.length;
  }
  return headers;
}

function responseHeaders(answer: IncomingMessage): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in answer.headers) if (!HOP.has(name)) out[name] = answer.headers[name];
  return out;
}

function plainHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** Retry-After in seconds or as a date; 60 s when absent (Zoho's window is a minute). */
function retryAfterMs(value: string | string[] | undefined, clock: Clock): number {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return 60_000;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - clock.now()) : 60_000;
}

function tokenRetryAfter(error: unknown, clock: Clock): number | undefined {
  const retryAt = (error as { retryAt?: number }).retryAt;
  return retryAt ? Math.max(1, Math.ceil((retryAt - clock.now()) / 1000)) : undefined;
}
