import type { IncomingMessage } from 'node:http';
import type { EmulatorCore } from '../emulator-core.js';
import type { AccessTokenRecord, ClientRecord } from '../state.js';
import { BOOKS_ERRORS } from './errors.js';
import { type RequiredScope, scopeGrants } from './scopes.js';

type AuthOutcome =
  | { ok: true; token: AccessTokenRecord; client: ClientRecord }
  | { ok: false; body: { code: number; message: string } };

const HEADER = /^zoho-oauthtoken[ \t]+(\S+)[ \t]*$/i;
/** Anything not shaped like a Zoho token is "garbled" (code 14), not merely unknown (code 57). */
const TOKEN_SHAPE = /^\d+\.[0-9a-f]+\.[0-9a-f]+$/i;

/**
 * Code 14 means the header itself is wrong (missing, Bearer, garbled); code 57 means a well-formed
 * token this DC will not honour (unknown, expired, revoked, evicted) or one lacking the scope.
 */
export function authenticate(
  core: EmulatorCore,
  dc: string,
  req: IncomingMessage,
  required: RequiredScope,
): AuthOutcome {
  const match = HEADER.exec(req.headers.authorization ?? '');
  const value = match?.[1];
  if (!value || !TOKEN_SHAPE.test(value)) return { ok: false, body: BOOKS_ERRORS.notAuthenticated };
  const token = core.state.accessTokens.get(value);
  const client = token && core.state.clients.get(token.clientId);
  const live =
    token && !token.revoked && !token.evicted && token.dc === dc && core.clock.now() < token.expiresAt;
  if (!token || !client || !live || !scopeGrants(token.scope, required)) {
    return { ok: false, body: BOOKS_ERRORS.notAuthorized };
  }
  return { ok: true, token, client };
}
