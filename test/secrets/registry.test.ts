import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountsClient } from '../../src/auth/accounts-client.js';
import { TokenProvider } from '../../src/auth/token-provider.js';
import { encodedForms, REDACTED, redact, SecretRegistry } from '../../src/core/redact.js';
import { textOfError, type World, world } from '../books/world.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { type HostileGateway, startHostileGateway } from '../helpers/hostile-gateway.js';

/** A token that is not Zoho-shaped, with characters every encoding changes: only the registry can know it. */
const ODD_TOKEN = 'tok/odd+val=ue"q"\\b~9%';
const ODD_REFRESH = 'refresh/odd+token=x "y" ü';

/** Every form a token takes when a server quotes it back. */
const quoted = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (s) => s.toLowerCase()),
  new URLSearchParams({ s: secret }).toString().slice(2),
  JSON.stringify(secret).slice(1, -1),
];

function expectNoForm(text: string, secret: string, where: string) {
  for (const form of quoted(secret)) {
    if (text.includes(form)) throw new Error(`${where} shows a form of a secret ("${form}"):\n${text}`);
  }
}

describe('redaction of every encoded form', () => {
  it('hides a known secret raw, URL-encoded (either case, %20 or +), form-encoded and JSON-escaped', () => {
    const secret = 'a/b+c=d "e" \\f ü';
    for (const form of quoted(secret)) {
      expect(redact(`before ${form} after`, [secret])).toBe(`before ${REDACTED} after`);
    }
    expect(encodedForms(secret).length).toBeGreaterThan(4);
    expect(redact(JSON.stringify({ m: `x ${secret} y` }), [secret])).toBe(`{"m":"x ${REDACTED} y"}`);
  });

  it('hides Authorization values with the space raw, %20 or +, and secret-named JSON fields', () => {
    for (const header of ['Zoho-oauthtoken abc123def', 'Zoho-oauthtoken%20abc123def', 'Bearer+abc123def']) {
      expect(redact(`header ${header} here`)).not.toContain('abc123def');
    }
    expect(redact('{"refresh_token":"r-e\\"f","other":"keep"}')).toBe(
      `{"refresh_token":"${REDACTED}","other":"keep"}`,
    );
    expect(redact('x refresh_token%3Dsecretvalue&y=1')).not.toContain('secretvalue');
  });

  it('a registry redacts with everything it learnt, and ignores values too short to be secrets', () => {
    const registry = new SecretRegistry();
    registry.add('first-secret-1');
    registry.add(undefined);
    registry.add('abc');
    expect([...registry]).toEqual(['first-secret-1']);
    expect(registry.redact('first-secret-1 and second-secret-2', ['second-secret-2'])).toBe(
      `${REDACTED} and ${REDACTED}`,
    );
  });
});

describe('the token in use is redacted wherever server text becomes a message', () => {
  let w: World<[]>;
  let gateway: HostileGateway;
  beforeEach(async () => {
    w = await world();
    gateway = await startHostileGateway(w.emu.accountsUrl);
    // The accounts server (through the gateway) hands out a token Zoho would never: not shaped like one.
    gateway.script({
      method: 'POST',
      path: '/oauth/v2/token',
      status: 200,
      times: 5,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: ODD_TOKEN, api_domain: gateway.url, expires_in: 3600 }),
    });
  });
  afterEach(async () => {
    await gateway.close();
    await w.close();
  });

  const echo = (status: number) =>
    gateway.script({
      path: '/books/v3/',
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 2,
        message: `Invalid value passed for Authorization: Zoho-oauthtoken%20${encodeURIComponent(ODD_TOKEN)} (${ODD_TOKEN}; ${JSON.stringify(ODD_TOKEN)}; refresh ${ODD_REFRESH})`,
      }),
    });

  it('in library errors: the token as minted, and the refresh token, in every encoding', async () => {
    const provider = new TokenProvider({
      clientId: w.seed.client_id,
      clientSecret: w.seed.client_secret,
      refreshToken: ODD_REFRESH,
      accountsUrl: gateway.url,
    });
    const books = w.client({ auth: provider, organizationId: '1' });
    echo(400);
    const error = await books.request('GET', '/contacts').catch((e: unknown) => e);
    expect((error as Error).message).toContain('Invalid value passed for Authorization');
    expectNoForm(textOfError(error), ODD_TOKEN, 'the error');
    expectNoForm(textOfError(error), ODD_REFRESH, 'the error');
  });

  it('in accounts errors: the refresh token quoted back JSON-escaped in an error body', async () => {
    const registry = new SecretRegistry();
    const accounts = new AccountsClient({
      clientId: w.seed.client_id,
      clientSecret: w.seed.client_secret,
      accountsUrl: gateway.url,
      secrets: registry,
    });
    gateway.clear();
    gateway.script({
      method: 'POST',
      path: '/oauth/v2/token',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: ODD_TOKEN, api_domain: gateway.url, expires_in: 3600 }),
    });
    gateway.script({
      method: 'POST',
      path: '/oauth/v2/token',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: `no such token ${ODD_REFRESH}`, note: encodeURIComponent(ODD_REFRESH) }),
    });
    await accounts.refresh(ODD_REFRESH);
    const error = await accounts.refresh(ODD_REFRESH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expectNoForm(textOfError(error), ODD_REFRESH, 'the error');
    expect(registry.has(ODD_REFRESH)).toBe(true);
    expect(registry.has(ODD_TOKEN)).toBe(true); // learnt when it was minted
  });

  it('on the CLI’s stderr, with and without --debug, and in DEBUG=zbooks* traces', async () => {
    const config = await tempDir();
    try {
      for (const flags of [[], ['--debug']]) {
        echo(400);
        const result = await zbooks([...flags, 'api', '/contacts'], {
          env: {
            ZBOOKS_CONFIG_DIR: config.path,
            ZBOOKS_TOKEN_STORE: 'memory',
            DEBUG: 'zbooks*',
            ZOHO_ACCOUNTS_URL: gateway.url,
            ZOHO_ORGANIZATION_ID: '1',
            ZOHO_CLIENT_ID: w.seed.client_id,
            ZOHO_CLIENT_SECRET: w.seed.client_secret,
            ZOHO_REFRESH_TOKEN: ODD_REFRESH,
          },
        });
        expect(result.code).toBe(4);
        expect(result.stderr).toContain('Invalid value passed for Authorization');
        expectNoForm(result.stderr + result.stdout, ODD_TOKEN, `zbooks ${flags.join(' ')} api stderr`);
        expectNoForm(result.stderr + result.stdout, ODD_REFRESH, `zbooks ${flags.join(' ')} api stderr`);
      }
    } finally {
      await config.remove();
    }
  });
});
