import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../emulator-core.js';
import { applyFault } from '../fault-response.js';
import { rejectUnlessPost, sendJson } from '../respond.js';
import { answerTokenRequest } from './grants.js';
import { readOAuthParams } from './params.js';

/** POST {accounts}/oauth/v2/token */
export async function handleToken(
  core: EmulatorCore,
  dc: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (rejectUnlessPost(req, res)) return;
  const params = await readOAuthParams(req, url);
  core.stats.tokenRequests += 1;
  core.stats.grantType(params.get('grant_type') || '(none)');
  if (await applyFault(core, 'token', req, res)) return;
  const answer = answerTokenRequest(core, dc, params);
  // Throttles have their own counter; `errors` is for the OAuth error codes.
  if ('error' in answer.body && answer.body.error !== 'Access Denied') core.stats.error(answer.body.error);
  sendJson(res, answer.status, answer.body);
}
