import { errorFromResponse } from './error-factory.js';
import { zohoCodeOf } from './json.js';
import type { HttpRequest, HttpResponse } from './types.js';

/** A 2xx answer that is a file (a PDF, an attachment) rather than a JSON envelope. */
export interface BinaryBody {
  readonly content_type: string;
  readonly bytes: Uint8Array;
}

const TEXTUAL = /json|text\/|html|xml/i;

/**
 * The last step: a success envelope (`code` 0 or absent) comes back as parsed JSON, a file as bytes; anything
 * else, including a non-zero `code` inside an HTTP 200, goes through the one error factory.
 */
export function decodeResponse(
  response: HttpResponse,
  request: HttpRequest,
  now: number,
  secrets: Iterable<string> = [],
  apiVersion = 'v3',
): Record<string, unknown> | BinaryBody {
  const ok = response.status >= 200 && response.status < 300;
  const type = response.headers.get('content-type') ?? '';
  if (ok && type !== '' && !TEXTUAL.test(type) && response.bytes.length > 0) {
    return { content_type: type, bytes: response.bytes };
  }
  const body = response.body;
  const code = zohoCodeOf(body);
  if (ok && body.kind === 'json' && (code === undefined || code === 0)) return body.value;
  throw errorFromResponse(response, {
    method: request.method,
    path: request.path,
    scope: request.scope,
    operationId: request.operationId,
    organizationId: request.organizationId,
    secrets,
    apiVersion,
    now,
  });
}
