import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../emulator-core.js';
import { applyFault } from '../fault-response.js';
import { rejectUnlessPost, sendJson } from '../respond.js';
import { revokeRefreshToken } from './mint.js';
import { readOAuthParams } from './params.js';

/** Revokes a refresh token (with every access token it minted) or one access token, at this DC only. */
function revoke(core: EmulatorCore, dc: string, token: string): boolean {
  const rt = core.state.refreshTokens.get(token);
  if (rt && !rt.revoked && rt.dc === dc) {
    revokeRefreshToken(rt);
    return true;
  }
  const at = core.state.accessTokens.get(token);
  // Revoked or evicted tokens are forgotten by Zoho, so they are unknown the second time.
  if (at && !at.revoked && !at.evicted && at.dc === dc) {
    at.revoked = true;
    return true;
  }
  return false;
}

/** POST {accounts}/oauth/v2/token/revoke?token=… */
export async function handleRevoke(
  core: EmulatorCore,
  dc: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (rejectUnlessPost(req, res)) return;
  const params = await readOAuthParams(req, url);
  if (await applyFault(core, 'revoke', req, res)) return;
  if (revoke(core, dc, params.get('token') ?? '')) {
    core.stats.revocations += 1;
    sendJson(res, 200, { status: 'success' });
    return;
  }
  core.stats.error('invalid_token');
  sendJson(res, 400, { status: 'failure', error: 'invalid_token' });
}
