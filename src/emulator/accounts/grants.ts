import { timingSafeEqual } from 'node:crypto';
import type { EmulatorCore } from '../emulator-core.js';
import type { ClientRecord } from '../state.js';
import { createRefreshToken, isThrottled, mintAccessToken } from './mint.js';
import { ACCESS_DENIED, oauthError, type TokenAnswer, tokenBody } from './responses.js';

type Params = Map<string, string>;
type Grant = (core: EmulatorCore, dc: string, client: ClientRecord, params: Params) => TokenAnswer;

function secretMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authorizationCode(
  core: EmulatorCore,
  dc: string,
  client: ClientRecord,
  params: Params,
): TokenAnswer {
  const record = core.state.codes.get(params.get('code') ?? '');
  // Expired, reused, unknown or another client's: Zoho says invalid_code for all of them.
  if (!record || record.clientId !== client.clientId || record.used || core.clock.now() >= record.expiresAt) {
    return oauthError('invalid_code');
  }
  record.used = true;
  const rt = createRefreshToken(core, client.clientId, dc, record.scope);
  const at = mintAccessToken(core, { clientId: client.clientId, dc, scope: record.scope, refreshToken: rt });
  return {
    status: 200,
    body: tokenBody(core.config, {
      accessToken: at.token,
      refreshToken: rt.token,
      scope: record.scope,
      apiDomain: core.dcs[dc]!.apiDomain,
    }),
  };
}

function refreshToken(core: EmulatorCore, dc: string, client: ClientRecord, params: Params): TokenAnswer {
  const rt = core.state.refreshTokens.get(params.get('refresh_token') ?? '');
  // A dead refresh token gets the same code as a bad grant code: Zoho's quirk (REFERENCE §2).
  if (!rt || rt.revoked || rt.clientId !== client.clientId || rt.dc !== dc) return oauthError('invalid_code');
  if (isThrottled(core, rt)) {
    core.stats.throttled += 1;
    return { status: core.config.throttleStatus, body: { ...ACCESS_DENIED } };
  }
  const at = mintAccessToken(core, { clientId: client.clientId, dc, scope: rt.scope, refreshToken: rt });
  return {
    status: 200,
    body: tokenBody(core.config, {
      accessToken: at.token,
      ...(core.config.omitScopeOnRefresh ? {} : { scope: rt.scope }),
      apiDomain: core.dcs[dc]!.apiDomain,
    }),
  };
}

function clientCredentials(
  core: EmulatorCore,
  dc: string,
  client: ClientRecord,
  params: Params,
): TokenAnswer {
  const soid = params.get('soid');
  if (!soid) return oauthError('missing_org_info');
  const match = /^ZohoBooks\.(\d+)$/i.exec(soid);
  const org = match && client.organizations.find((o) => o.organization_id === match[1]);
  if (!org) return oauthError('invalid_org');
  const scope = params.get('scope')?.trim();
  if (!scope) return oauthError('invalid_scope');
  const at = mintAccessToken(core, {
    clientId: client.clientId,
    dc,
    scope,
    organizationId: org.organization_id,
  });
  return {
    status: 200,
    body: tokenBody(core.config, { accessToken: at.token, scope, apiDomain: core.dcs[dc]!.apiDomain }),
  };
}

const GRANTS: Readonly<Record<string, Grant>> = {
  authorization_code: authorizationCode,
  refresh_token: refreshToken,
  client_credentials: clientCredentials,
};

/** Zoho checks the grant type, then the client (at THIS data centre), then the secret, then the grant. */
export function answerTokenRequest(core: EmulatorCore, dc: string, params: Params): TokenAnswer {
  const grantType = params.get('grant_type') ?? '';
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (!grant) return oauthError('unsupported_grant_type');
  const client = core.state.clients.get(params.get('client_id') ?? '');
  if (!client || client.dc !== dc) return oauthError('invalid_client');
  if (!secretMatches(client.secret, params.get('client_secret') ?? '')) {
    return oauthError('invalid_client_secret');
  }
  return grant(core, dc, client, params);
}
