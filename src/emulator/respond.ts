import type { IncomingMessage, ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json;charset=UTF-8';

export function sendRaw(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string = JSON_TYPE,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendRaw(res, status, JSON.stringify(body), JSON_TYPE, headers);
}

export function sendNoContent(res: ServerResponse): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(204);
  res.end();
}

/** The token and revoke endpoints take only POST (REFERENCE §2): answers 405 and says so otherwise. */
export function rejectUnlessPost(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'POST') return false;
  sendJson(res, 405, { error: 'method_not_allowed', error_description: 'Use POST' }, { allow: 'POST' });
  return true;
}
