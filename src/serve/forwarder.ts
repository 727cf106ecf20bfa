import {
  Agent,
  type ClientRequest,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { classifyNetworkFailure } from '../core/network-failure.js';
import type { Target } from './upstream.js';

export class UpstreamError extends Error {
  /** 'no': provably never sent; 'maybe': Zoho may have received (and, for a write, applied) it. */
  readonly sent: 'no' | 'maybe';
  /** What failed: `ECONNREFUSED`, `TIMEOUT`, `ABORTED` (the caller left), …; Node's own error is the `cause`. */
  readonly reason: string;
  constructor(options: { reason: string; sent: 'no' | 'maybe'; cause?: unknown }) {
    super(`the connection to Zoho failed (${options.reason})`, { cause: options.cause });
    this.reason = options.reason;
    this.sent = options.sent;
  }
}

interface Exchange {
  target: Target;
  method: string;
  /** Path and query, already joined. */
  path: string;
  headers: OutgoingHttpHeaders;
  body: Buffer | undefined;
  /** Told the request object, so the caller's departure can end a read (no AbortSignal per call: they are costly). */
  onRequest?: ((request: ClientRequest) => void) | undefined;
}

/**
 * One exchange with Zoho over keep-alive connections, answering once the response headers are in so that the
 * body can be streamed on to the caller. node:http directly rather than fetch: no Headers or stream adaptors
 * per call, which is most of what separates a proxy from a bare one.
 */
export class Forwarder {
  readonly #http: Agent;
  readonly #https: HttpsAgent;

  /** `timeoutMs`: idle time allowed on a connection to Zoho while a call waits; set once per socket, not per call. */
  constructor(timeoutMs: number) {
    const options = { keepAlive: true, maxSockets: 256, scheduling: 'lifo' as const, timeout: timeoutMs };
    this.#http = new Agent(options);
    this.#https = new HttpsAgent(options);
  }

  send(exchange: Exchange): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const { target } = exchange;
      const request = (target.https ? httpsRequest : httpRequest)({
        agent: target.https ? this.#https : this.#http,
        hostname: target.hostname,
        port: target.port,
        method: exchange.method,
        path: target.basePath + exchange.path,
        headers: exchange.headers,
      });
      exchange.onRequest?.(request);
      request.once('response', resolve);
      request.once('timeout', () =>
        request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      );
      request.once('error', (error: NodeJS.ErrnoException) => {
        // The library's one reading of a failure: only its never-sent codes let even a write go again.
        const failure = classifyNetworkFailure(error);
        const reason =
          request.destroyed && error.code === 'ECONNRESET' && aborted(request) ? 'ABORTED' : failure.code;
        reject(new UpstreamError({ reason, sent: failure.sent, cause: error }));
      });
      request.end(exchange.body);
    });
  }

  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}

const ABORTED = Symbol('aborted by the caller');

/** Ends an exchange because its caller went away. */
export function abortExchange(request: ClientRequest): void {
  (request as unknown as Record<symbol, boolean>)[ABORTED] = true;
  request.destroy();
}

const aborted = (request: ClientRequest) => (request as unknown as Record<symbol, boolean>)[ABORTED] === true;

/** Reads a small body (a 401's or 429's) to decide on a replay; bounded so a hostile upstream cannot fill memory. */
export async function readSmall(response: IncomingMessage, max = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response) {
    length += (chunk as Buffer).length;
    if (length > max) {
      response.destroy();
      break;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
