import { anySignal } from '../core/abort.js';
import { ZbooksError } from '../core/errors.js';
import type { FetchLike } from '../core/fetch-like.js';
import { parseBody } from './json.js';
import { createNodeTransport, type NodeTransport } from './node-transport.js';
import { connectionError, queryString, redirectRefused, type TransportOptions } from './transport-common.js';
import { type Handler, HttpResponse } from './types.js';

/**
 * The innermost stage: one HTTP exchange, body read in full, connection failures classified. node:http with
 * keep-alive by default; an injected fetch (tests, edge runtimes) when given. Redirects are never followed;
 * this rule and the classification of failures hold for both (test/http/transport.test.ts).
 */
export function createTransport(
  options: TransportOptions & { fetch?: FetchLike | undefined },
): NodeTransport {
  if (!options.fetch) return createNodeTransport(options);
  return { handler: createFetchTransport(options.fetch, options), close: () => {} };
}

function createFetchTransport(fetchImpl: FetchLike, options: TransportOptions): Handler {
  return async (request) => {
    if (!request.baseUrl) throw new ZbooksError('The request has no base URL.', 'This is a bug in zbooks.');
    const url = `${request.baseUrl}${request.path}${queryString(request.query)}`;
    const signal = anySignal(request.signal, AbortSignal.timeout(options.timeoutMs));
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': options.userAgent,
      ...(typeof request.body === 'string' ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    };
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: 'manual',
        ...(signal ? { signal } : {}),
      });
    } catch (cause) {
      // fetch says nothing of whether it connected: only a never-sent code proves nothing was sent.
      throw connectionError(request, cause, 'connect', true, options.timeoutMs, options.secrets);
    }
    const followed = response.redirected === true;
    if (followed || (response.status >= 300 && response.status <= 399)) {
      // The body is not wanted: release the connection.
      void response.body?.cancel().catch(() => {});
      throw redirectRefused(
        request,
        response.status,
        response.headers.get('location'),
        followed,
        response.url,
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      // Headers arrived, so Zoho did receive the request: the body was lost on the way back.
      throw connectionError(request, cause, 'body', true, options.timeoutMs, options.secrets);
    }
    return new HttpResponse(response.status, response.headers, bytes, parseBody);
  };
}
