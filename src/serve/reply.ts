import type { ServerResponse } from 'node:http';
import { redact } from '../core/redact.js';

/** What one call's access-log line says, filled in as the call goes; and its abort signal, made only if needed. */
export class Reply {
  status = 0;
  operation = '-';
  key = '-';
  profile = '-';
  organizationId: string | undefined;
  closed = false;
  /** A Books call (counted by operation in /metrics). */
  books = false;
  streamError = false;
  /** What to do if the caller goes away before its answer is complete (end a read in progress). */
  onAbort: (() => void) | undefined;
  #controller: AbortController | undefined;

  /** Aborted when the caller goes away: made only for a call that queues (an AbortSignal costs per call). */
  signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.closed) this.#controller.abort();
    return this.#controller.signal;
  }

  /** Ends the call's wait for the limit (it would be too long): the signal aborts, the caller stays. */
  abortQueue(): void {
    this.#controller?.abort();
  }

  /** Called when the caller's connection closes. */
  close(finished: boolean): void {
    if (finished) return;
    this.closed = true;
    this.#controller?.abort();
    this.onAbort?.();
  }
}

/**
 * A JSON error the gateway answers itself: `{ "error": { "code", "message" } }`, redacted of token shapes
 * as every line zbooks writes, and never cached.
 */
export function sendError(
  res: ServerResponse,
  reply: Reply,
  status: number,
  code: string,
  message: string,
  retryAfterSeconds?: number,
): void {
  reply.status = status;
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message: redact(message) } });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-zbooks-error': code,
  };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = retryAfterSeconds;
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, reply: Reply, status: number, value: unknown): void {
  reply.status = status;
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
