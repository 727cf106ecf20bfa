import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OPERATIONS } from '../books/generated/operations.js';
import { OperationIndex } from '../books/operation-index.js';
import { ConfigError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { RateLimiter } from '../http/rate-limiter.js';
import { Forwarder } from './forwarder.js';
import type { KeyEntry } from './keys.js';
import { Metrics } from './metrics.js';
import { type GatewayLimits, type GatewayOptions, SERVE_DEFAULTS } from './options.js';
import { refusal } from './policy.js';
import { type ProxyOptions, proxy } from './proxy.js';
import { readiness } from './readiness.js';
import { Reply, sendError, sendJson } from './reply.js';
import { hasBody, LOOPBACK, parseTarget, readBody } from './request.js';
import { Targets, type Upstream } from './upstream.js';

const ORG_ID = /^\d{1,25}$/;
const BOOKS = /^\/books\/(v\d{1,2})(\/.*)$/;

/**
 * `zbooks serve`: a token endpoint for trusted keys, a Books reverse proxy with per-key policies for everyone
 * else, health, readiness and metrics; on node:http, one instance holding all its state.
 */
export class Gateway {
  readonly metrics = new Metrics();
  readonly #options: GatewayOptions;
  readonly #server: Server;
  readonly #index = new OperationIndex(OPERATIONS);
  readonly #limiter: RateLimiter | undefined;
  readonly #proxy: ProxyOptions;
  readonly #byName: Map<string, Upstream>;
  readonly #versions: Set<string>;
  readonly #loopback: boolean;
  readonly #maxBody: number;
  readonly #accessLog: boolean;
  #inFlight = 0;
  #drained: (() => void) | undefined;

  constructor(options: GatewayOptions) {
    if (options.upstreams.length === 0)
      throw new ConfigError('The gateway needs a profile to serve.', 'Run `zbooks auth login` first.');
    this.#options = options;
    this.#loopback = LOOPBACK(options.host);
    this.#byName = new Map(options.upstreams.map((u) => [u.name, u]));
    this.#versions = new Set(options.apiVersions ?? ['v3']);
    this.#maxBody = options.maxBodyBytes ?? SERVE_DEFAULTS.maxBodyBytes;
    this.#accessLog = options.accessLog ?? true;
    const limits: GatewayLimits | false =
      options.limits === undefined ? SERVE_DEFAULTS.limits : options.limits;
    const upstreamTimeoutMs = options.upstreamTimeoutMs ?? SERVE_DEFAULTS.upstreamTimeoutMs;
    const logger = { warn: (message: string) => this.#event('warn', message) };
    this.#limiter = limits
      ? new RateLimiter({
          ...limits,
          // The library's defaults, and its key prefix: library clients and gateways share one limit.
          marginMs: limits.marginMs ?? Math.ceil(limits.windowMs * 0.02),
          redis: options.redis,
          keyPrefix: 'zbooks:ratelimit:v1',
          redisTimeoutMs: 2_000,
          leaseMs: upstreamTimeoutMs + 5_000,
          clock: options.clock,
          logger,
        })
      : undefined;
    this.#proxy = {
      forwarder: new Forwarder(upstreamTimeoutMs),
      targets: new Targets(),
      limiter: this.#limiter,
      metrics: this.metrics,
      clock: options.clock,
      maxQueueWaitMs: options.maxQueueWaitMs ?? SERVE_DEFAULTS.maxQueueWaitMs,
      upstreamTimeoutMs,
      onThrottled: (organizationId, waitMs, body) => {
        this.metrics.booksThrottles++;
        this.#event(
          'warn',
          `Zoho answered 429 for organization ${organizationId ?? '-'}; pausing its calls ${Math.ceil(waitMs / 1000)} s`,
          {
            zoho_code: zohoCode(body),
          },
        );
      },
    };
    const headersTimeout = options.headersTimeoutMs ?? SERVE_DEFAULTS.headersTimeoutMs;
    this.#server = createServer(
      {
        headersTimeout,
        // Node refuses a request timeout shorter than the headers timeout.
        requestTimeout: Math.max(headersTimeout, options.requestTimeoutMs ?? SERVE_DEFAULTS.requestTimeoutMs),
        keepAliveTimeout: 5_000,
        // Node checks the two timeouts above this often (default 30 s): a slow client must not get that long.
        connectionsCheckingInterval: 1_000,
      },
      (req, res) => this.#handle(req, res),
    );
    // A malformed request (bad header, slow-loris timeout) is answered by Node; the connection ends there.
    this.#server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const status =
        error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      socket.end(
        `HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      );
    });
  }

  /** Starts listening; refuses to listen beyond loopback while no key is configured. */
  async listen(): Promise<{ host: string; port: number; url: string; open: boolean }> {
    const open = this.#options.keys.size === 0;
    if (open && !this.#loopback) {
      throw new ConfigError(
        `No key is configured, so the gateway would answer anyone who reaches ${this.#options.host}.`,
        'Add a key first (`zbooks serve keys add NAME`), or listen on 127.0.0.1.',
      );
    }
    await this.#warmRedis();
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port, this.#options.host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { host: address.address, port: address.port, url: `http://${host}:${address.port}`, open };
  }

  /**
   * Opens the shared limit's Redis connection before the first caller: on a cold start every caller would
   * otherwise queue behind the connection at once, and one that waits past the Redis timeout sends the replica
   * to its per-process limit (several replicas together could then exceed Zoho's). Best effort: a Redis that is
   * down is reported by the limiter when calls come.
   */
  async #warmRedis(): Promise<void> {
    const redis = this.#options.redis;
    if (!redis || !this.#limiter) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      redis.eval('return 1', 0).catch(() => {}),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 2_000);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Stops accepting, lets calls in flight finish (up to drainMs), then closes connections and stores. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    if (this.#inFlight > 0) {
      const drainMs = this.#options.drainMs ?? SERVE_DEFAULTS.drainMs;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          this.#drained = resolve;
        }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, drainMs);
        }),
      ]);
      clearTimeout(timer);
    }
    this.#server.closeAllConnections();
    await closed;
    this.#proxy.forwarder.close();
  }

  #event(level: 'info' | 'warn', message: string, extra: Record<string, unknown> = {}): void {
    this.#options.log(
      `${JSON.stringify({ time: new Date().toISOString(), level, msg: redact(message), ...extra })}\n`,
    );
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const reply = new Reply();
    this.#inFlight++;
    this.metrics.inFlight++;
    res.once('close', () => {
      reply.close(res.writableFinished);
      if (reply.books) this.metrics.call(reply.operation, reply.status, (performance.now() - started) / 1000);
      this.#inFlight--;
      this.metrics.inFlight--;
      if (this.#accessLog) this.#logCall(req, reply, started);
      if (this.#inFlight === 0) this.#drained?.();
    });
    this.#route(req, res, reply).catch((error: unknown) => {
      this.#event('warn', `unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
      sendError(res, reply, 500, 'internal', 'The gateway failed on this call; see its log.');
    });
  }

  #logCall(req: IncomingMessage, reply: Reply, started: number): void {
    const raw = req.url ?? '';
    const mark = raw.indexOf('?');
    // The path only: a caller may put anything in a query string, and the log must never hold a secret.
    const path = (mark < 0 ? raw : raw.slice(0, mark)).slice(0, 200);
    this.#options.log(
      `${JSON.stringify({
        time: new Date().toISOString(),
        level: 'info',
        msg: 'call',
        method: req.method,
        path: redact(path),
        status: reply.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
        operation: reply.operation,
        key: reply.key,
        profile: reply.profile,
        organization_id: reply.organizationId,
        ...(reply.closed ? { aborted: true } : {}),
        ...(reply.streamError ? { stream_error: true } : {}),
      })}\n`,
    );
  }

  async #route(req: IncomingMessage, res: ServerResponse, reply: Reply): Promise<void> {
    const target = parseTarget(req.url);
    if (typeof target === 'string') return this.#refuse(res, reply, 400, 'bad_request_target', target);
    const { pathname } = target;
    const method = req.method ?? 'GET';
    if (pathname === '/healthz') return sendJson(res, reply, 200, { status: 'ok' });
    if (pathname === '/readyz') {
      const ready = await readiness(
        this.#options.upstreams,
        this.#limiter !== undefined,
        this.#options.redis,
      );
      return sendJson(res, reply, ready.status === 'unready' ? 503 : 200, ready);
    }
    if (pathname === '/metrics') {
      reply.status = 200;
      const body = this.metrics.render(this.#tokenCounts());
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(body);
      return;
    }
    const key = await this.#authenticate(req, res, reply);
    if (key === null) return;
    if (pathname === '/v1/token') return this.#token(method, req, res, reply, key);
    const books = BOOKS.exec(pathname);
    if (!books)
      return this.#refuse(
        res,
        reply,
        404,
        'not_found',
        `Nothing here: the gateway serves /books/v3/…, /v1/token, /healthz, /readyz and /metrics.`,
      );
    return this.#books(req, res, reply, key, method, books[1]!, books[2]!, target.query);
  }

  /** The key's entry; undefined when no key is needed (loopback, none configured); null once refused. */
  async #authenticate(
    req: IncomingMessage,
    res: ServerResponse,
    reply: Reply,
  ): Promise<KeyEntry | undefined | null> {
    const header = req.headers.authorization;
    const keys = this.#options.keys;
    const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    // Also without a key presented: a service open for want of keys closes as soon as one is added.
    await keys.refresh();
    const entry = presented ? keys.find(presented) : undefined;
    if (entry) {
      reply.key = entry.name;
      return entry;
    }
    if (keys.size === 0 && this.#loopback) return undefined;
    res.setHeader('www-authenticate', 'Bearer realm="zbooks"');
    this.#refuse(
      res,
      reply,
      401,
      'unauthorized',
      presented
        ? 'This key is not known (revoked, or mistyped).'
        : 'Send Authorization: Bearer <key> (keys come from `zbooks serve keys add`).',
    );
    return null;
  }

  #refuse(res: ServerResponse, reply: Reply, status: number, code: string, message: string): void {
    this.metrics.refused(code);
    sendError(res, reply, status, code, message);
  }

  #tokenCounts(): { tokensMinted: number; cacheHits: number } {
    let tokensMinted = 0;
    let cacheHits = 0;
    for (const u of this.#options.upstreams) {
      tokensMinted += u.tokens.minted;
      cacheHits += u.tokens.cacheHits;
    }
    return { tokensMinted, cacheHits };
  }

  async #token(
    method: string,
    req: IncomingMessage,
    res: ServerResponse,
    reply: Reply,
    key: KeyEntry | undefined,
  ): Promise<void> {
    reply.operation = 'token';
    if (this.#options.tokenEndpoint === false)
      return this.#refuse(
        res,
        reply,
        404,
        'token_endpoint_off',
        'The token endpoint is turned off (--no-token-endpoint); use the Books proxy.',
      );
    if (method !== 'GET') return this.#refuse(res, reply, 405, 'method_not_allowed', 'Use GET /v1/token.');
    if (key && !key.token) {
      return this.#refuse(
        res,
        reply,
        403,
        'token_not_allowed',
        `The key "${key.name}" may only use the Books proxy: a raw token carries the whole scope. Add a key with --token for this.`,
      );
    }
    const upstream = this.#pick(req, undefined, res, reply);
    if (!upstream) return;
    if (key?.profiles && !key.profiles.includes(upstream.name))
      return this.#refuse(res, reply, 403, 'forbidden', `This key lacks the profile "${upstream.name}".`);
    try {
      const token = await upstream.tokens.get();
      this.metrics.tokensServed++;
      const now = this.#options.clock.now();
      sendJson(res, reply, 200, {
        access_token: token.accessToken,
        expires_at: Math.floor(token.expiresAt / 1000),
        expires_in: Math.max(0, Math.floor((token.expiresAt - now) / 1000)),
        api_domain: upstream.apiDomain ?? token.apiDomain,
        scope: token.scope ?? null,
        token_type: 'Zoho-oauthtoken',
      });
    } catch (error) {
      this.metrics.tokenErrors++;
      const retryAt = (error as { retryAt?: number }).retryAt;
      const seconds = retryAt
        ? Math.max(1, Math.ceil((retryAt - this.#options.clock.now()) / 1000))
        : undefined;
      sendError(res, reply, 503, 'token_unavailable', (error as Error).message, seconds);
    }
  }

  /** The profile a call is for: X-Zbooks-Profile, else the one whose organization it names, else the default. */
  #pick(
    req: IncomingMessage,
    organizationId: string | undefined,
    res: ServerResponse,
    reply: Reply,
  ): Upstream | undefined {
    const named = req.headers['x-zbooks-profile'];
    let upstream: Upstream | undefined;
    if (typeof named === 'string') {
      upstream = this.#byName.get(named);
      if (!upstream) {
        this.#refuse(
          res,
          reply,
          400,
          'unknown_profile',
          `This gateway serves no profile "${named.slice(0, 64)}"; it serves ${[...this.#byName.keys()].join(', ')}.`,
        );
        return undefined;
      }
    } else if (organizationId !== undefined && this.#options.upstreams.length > 1) {
      upstream = this.#options.upstreams.find((u) => u.organizationId === organizationId);
    }
    upstream ??= this.#options.upstreams[0]!;
    reply.profile = upstream.name;
    return upstream;
  }

  async #books(
    req: IncomingMessage,
    res: ServerResponse,
    reply: Reply,
    key: KeyEntry | undefined,
    method: string,
    version: string,
    relative: string,
    query: string,
  ): Promise<void> {
    if (!this.#versions.has(version))
      return this.#refuse(
        res,
        reply,
        404,
        'unknown_version',
        `This gateway proxies Books ${[...this.#versions].join(', ')}, not ${version}.`,
      );
    const operation = this.#index.find(method === 'HEAD' ? 'GET' : method, relative);
    if (!operation)
      return this.#refuse(
        res,
        reply,
        404,
        'unknown_operation',
        `${method} /books/${version}${relative.slice(0, 200)} is not a Books operation.`,
      );
    reply.operation = operation.id;
    reply.books = true;
    let organizationId: string | undefined;
    if (query.includes('organization_id')) {
      const given = new URLSearchParams(query).getAll('organization_id');
      if (given.length > 1 || (given.length === 1 && !ORG_ID.test(given[0]!))) {
        return this.#refuse(res, reply, 400, 'bad_organization_id', 'organization_id must be one number.');
      }
      organizationId = given[0];
    }
    const upstream = this.#pick(req, organizationId, res, reply);
    if (!upstream) return;
    const needsOrg = !(operation.id === 'list_organizations' || relative === '/organizations');
    let path = `/books/${version}${relative}${query ? `?${query}` : ''}`;
    if (organizationId === undefined && needsOrg && upstream.organizationId) {
      organizationId = upstream.organizationId;
      path += `${query ? '&' : '?'}organization_id=${organizationId}`;
    }
    reply.organizationId = organizationId;
    if (key) {
      const why = refusal(key, { method, operation, organizationId, profile: upstream.name });
      if (why) return this.#refuse(res, reply, 403, 'forbidden', `Key "${key.name}": ${why}.`);
    }
    let body: Buffer | undefined;
    const contentType = req.headers['content-type'];
    if (hasBody(req)) {
      const read = await readBody(req, this.#maxBody);
      if (read === 'too_large') {
        res.setHeader('connection', 'close');
        return this.#refuse(
          res,
          reply,
          413,
          'body_too_large',
          `The request body is over ${this.#maxBody} bytes.`,
        );
      }
      if (read.length > 0 && contentType?.includes('json') && !isJson(read)) {
        return this.#refuse(res, reply, 400, 'malformed_json', 'The request body is not valid JSON.');
      }
      body = read.length > 0 ? read : undefined;
    }
    await proxy(
      this.#proxy,
      {
        upstream,
        method,
        path,
        organizationId,
        operationId: operation.id,
        read: method === 'GET' || method === 'HEAD',
        body,
        contentType,
        accept: req.headers.accept,
        acceptEncoding: req.headers['accept-encoding'],
      },
      res,
      reply,
    );
  }
}

function zohoCode(body: string): number | undefined {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
