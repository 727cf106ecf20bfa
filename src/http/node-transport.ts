import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { ZbooksError } from '../core/errors.js';
import { parseBody } from './json.js';
import { NodeResponseHeaders } from './response-headers.js';
import {
  connectionError,
  redirectRefused,
  requestUrlParts,
  type TransportOptions,
} from './transport-common.js';
import { type Handler, type HttpRequest, HttpResponse } from './types.js';

/** An origin as node:http wants it, parsed once per base URL (a client talks to one API domain). */
interface Target {
  readonly baseUrl: string;
  readonly tls: boolean;
  readonly hostname: string;
  readonly port: number;
  readonly basePath: string;
}

/** The default transport: node:http(s) over keep-alive agents owned by one client, closed with it. */
export interface NodeTransport {
  readonly handler: Handler;
  /** Drops the idle connections (a closed client's sockets must not outlive it). */
  close(): void;
}

/**
 * One HTTP exchange over node:http with keep-alive, chosen over WHATWG fetch by measure (`npm run bench --
 * books`): fetch spends its time in streams, Headers and a per-call AbortSignal, none of which a JSON API
 * client needs. Semantics are the fetch transport's: the deadline covers headers and body (one timer per
 * exchange, no AbortSignal unless the caller passes one), redirects are refused before the body is read, and
 * a failure is never-sent only when the connection (TLS handshake included) was never established.
 */
export function createNodeTransport(options: TransportOptions): NodeTransport {
  const agentOptions = { keepAlive: true, scheduling: 'lifo' as const };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const sweeper = new IdleSocketSweeper([agents.http, agents.https], options.idleSocketMs ?? IDLE_SOCKET_MS);
  let target: Target | undefined;
  const targetOf = (baseUrl: string): Target => {
    if (target?.baseUrl !== baseUrl) target = parseTarget(baseUrl);
    return target;
  };
  return {
    handler: (request) => {
      if (!request.baseUrl) {
        return Promise.reject(new ZbooksError('The request has no base URL.', 'This is a bug in zbooks.'));
      }
      const to = targetOf(request.baseUrl);
      if (request.body instanceof FormData) {
        // Uploads only: let the WHATWG encoder write the multipart body and its boundary.
        const encoded = new Response(request.body);
        return encoded
          .arrayBuffer()
          .then((body) =>
            exchange(request, to, agents, options, Buffer.from(body), encoded.headers.get('content-type')),
          );
      }
      return exchange(request, to, agents, options, request.body, undefined);
    },
    close: () => {
      sweeper.stop();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * Idle keep-alive sockets are dropped before the 5 s keep-alive timeout common to servers (Node's own
 * included), so a request is rarely written into a socket the server is closing (a reset that would make a
 * POST outcome-unknown). Not the agent's `timeout`: that is a timer per socket, rearmed on every read and
 * write of every request; here a socket is stamped when it goes idle and one unref'd timer, running only
 * while idle sockets exist, closes those idle for longer than `idleMs` (at most `idleMs` + a quarter late).
 */
const IDLE_SOCKET_MS = 3_200;
const FREED_AT = Symbol('zbooks.freedAt');
type StampedSocket = Socket & { [FREED_AT]?: number };

class IdleSocketSweeper {
  readonly #agents: readonly HttpAgent[];
  readonly #idleMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(agents: readonly HttpAgent[], idleMs: number) {
    this.#agents = agents;
    this.#idleMs = idleMs;
    for (const agent of agents) {
      agent.on('free', (socket: StampedSocket) => {
        socket[FREED_AT] = Date.now();
        this.#timer ??= setInterval(() => this.#sweep(), Math.max(10, idleMs / 4)).unref();
      });
    }
  }

  #sweep(): void {
    const now = Date.now();
    let idle = 0;
    for (const agent of this.#agents) {
      for (const sockets of Object.values(agent.freeSockets)) {
        for (const socket of (sockets ?? []) as StampedSocket[]) {
          if (now - (socket[FREED_AT] ?? now) >= this.#idleMs) socket.destroy();
          else idle++;
        }
      }
    }
    if (idle === 0) this.stop();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

function parseTarget(baseUrl: string): Target {
  const url = new URL(baseUrl);
  const tls = url.protocol === 'https:';
  return {
    baseUrl,
    tls,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : tls ? 443 : 80,
    basePath: url.pathname.replace(/\/$/, ''),
  };
}

function exchange(
  request: HttpRequest,
  to: Target,
  agents: { http: HttpAgent; https: HttpsAgent },
  options: TransportOptions,
  body: string | Buffer | undefined,
  formType: string | null | undefined,
): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': options.userAgent };
  if (typeof body === 'string') headers['content-type'] = 'application/json';
  else if (formType) headers['content-type'] = formType;
  if (request.headers) Object.assign(headers, request.headers);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const { path } = requestUrlParts(request, to.basePath);
  return new Promise<HttpResponse>((resolve, reject) => {
    let connected = false;
    let phase: 'connect' | 'body' = 'connect';
    let done = false;
    const signal = request.signal;
    const finish = (error: unknown, response?: HttpResponse) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (response) resolve(response);
      else {
        req.destroy();
        reject(connectionError(request, error, phase, connected, options.timeoutMs, options.secrets));
      }
    };
    const onAbort = () => finish(signal?.reason);
    const req: ClientRequest = (to.tls ? httpsRequest : httpRequest)({
      host: to.hostname,
      port: to.port,
      path,
      method: request.method,
      headers,
      agent: to.tls ? agents.https : agents.http,
    });
    const timer = setTimeout(() => {
      finish(Object.assign(new Error('deadline passed'), { name: 'TimeoutError' }));
    }, options.timeoutMs);
    if (signal) {
      if (signal.aborted) {
        finish(signal.reason);
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
    }
    req.on('socket', (socket: Socket) => {
      if (!socket.connecting) connected = true;
      else socket.once(to.tls ? 'secureConnect' : 'connect', () => (connected = true));
    });
    req.on('error', (error) => finish(error));
    req.on('response', (res: IncomingMessage) => {
      phase = 'body';
      const status = res.statusCode ?? 0;
      if (status >= 300 && status <= 399) {
        res.resume();
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(redirectRefused(request, status, res.headers.location ?? null, false, undefined));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => finish(error));
      res.on('end', () => {
        if (!res.complete) return finish(Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' }));
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        finish(undefined, new HttpResponse(status, new NodeResponseHeaders(res.headers), bytes, parseBody));
      });
    });
    req.end(body);
  });
}
