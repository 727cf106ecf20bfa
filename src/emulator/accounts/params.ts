import type { IncomingMessage } from 'node:http';
import { parseForm, readBody } from '../body.js';

/**
 * OAuth parameters from the query string and an urlencoded or multipart body, all of which Zoho accepts
 * (REFERENCE §2). A body field wins over the same name in the query.
 */
export async function readOAuthParams(req: IncomingMessage, url: URL): Promise<Map<string, string>> {
  const params = new Map<string, string>(url.searchParams);
  const body = await readBody(req);
  for (const [key, value] of await parseForm(body, req.headers['content-type'])) params.set(key, value);
  return params;
}
