import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { tempDir, zbooks } from '../helpers/cli.js';
import { type ServeProcess, startServe } from './serve-process.js';

const run = promisify(execFile);

/** The README's Python snippet, run as it is shown there (Debian's python3, urllib: `requests` is not installed). */
const PYTHON_SNIPPET = `
import json, os, urllib.request
req = urllib.request.Request(
    os.environ["ZBOOKS_URL"] + "/books/v3/invoices?per_page=5",
    headers={"Authorization": "Bearer " + os.environ["ZBOOKS_KEY"]},
)
with urllib.request.urlopen(req) as resp:
    body = json.load(resp)
print(len(body["invoices"]))
`;

describe('zbooks serve: keys, policies, bad input, secrets', () => {
  let emu: Emulator;
  let config: { path: string; remove: () => Promise<void> };
  let serve: ServeProcess;
  let env: Record<string, string>;
  let secrets: { clientSecret: string; refreshToken: string };
  let org: string;
  const keys: Record<string, string> = {};
  const bodies: string[] = [];

  const call = async (path: string, key?: string, init: RequestInit = {}) => {
    const response = await fetch(`${serve.url}${path}`, {
      ...init,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers as object) },
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, headers: response.headers, text };
  };
  const booksRequests = () => emu.stats().books_requests;

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, books: { perMinute: 0 } });
    const seed = emu.seedLoggedIn();
    org = seed.organizations[0]!.organization_id;
    emu.seedRecords(org, 'invoices', 12);
    secrets = { clientSecret: seed.client_secret, refreshToken: seed.refresh_token };
    config = await tempDir('zbooks-serve-');
    env = {
      ZBOOKS_CONFIG_DIR: config.path,
      ZOHO_CLIENT_ID: seed.client_id,
      ZOHO_CLIENT_SECRET: seed.client_secret,
      ZOHO_REFRESH_TOKEN: seed.refresh_token,
      ZOHO_ACCOUNTS_URL: seed.accounts_url,
      ZOHO_API_DOMAIN: seed.api_domain,
      ZOHO_ORGANIZATION_ID: org,
      ZBOOKS_TOKEN_STORE: 'memory',
    };
    for (const [name, flags] of [
      ['admin', ['--token']],
      ['reader', ['--read-only']],
      ['invoicer', ['--modules', 'invoices']],
      ['gone', []],
      ['elsewhere', ['--orgs', '1']],
    ] as const) {
      const added = await zbooks(['serve', 'keys', 'add', name, ...flags], { env });
      expect(added.code).toBe(0);
      keys[name] = added.stdout.trim();
      // Only the key on stdout, so that a script can capture it.
      expect(keys[name]).toMatch(/^zbk_[A-Za-z0-9_-]{43}$/);
    }
    serve = await startServe(['--max-body', '1000', '--client-timeout', '1'], env);
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
    await emu?.close();
    await config?.remove();
  });

  it('keeps only hashes of the keys, in a 0600 file', async () => {
    const { stat, readFile } = await import('node:fs/promises');
    const file = `${config.path}/serve-keys.json`;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    for (const key of Object.values(keys)) expect(text).not.toContain(key);
    expect(text).toContain('sha256:');
  });

  it('answers 401 without a key or with an unknown one, before anything reaches Zoho', async () => {
    const before = booksRequests();
    const none = await call('/books/v3/invoices');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await call('/books/v3/invoices', 'zbk_nonsense')).status).toBe(401);
    expect(booksRequests()).toBe(before);
  });

  it('proxies a list with the organization added, for curl and for Python urllib', async () => {
    const { stdout } = await run('curl', [
      '-sS',
      '-H',
      `Authorization: Bearer ${keys.reader}`,
      `${serve.url}/books/v3/invoices?per_page=200`,
    ]);
    const body = JSON.parse(stdout);
    expect(body.code).toBe(0);
    expect(body.invoices).toHaveLength(12);
    const python = await run('/usr/bin/python3', ['-c', PYTHON_SNIPPET], {
      env: { PATH: process.env.PATH ?? '', ZBOOKS_URL: serve.url, ZBOOKS_KEY: keys.reader! },
    });
    expect(python.stdout.trim()).toBe('5');
  });

  it('passes Zoho’s bytes through untouched (large ids stay strings of digits, not rounded numbers)', async () => {
    const token = JSON.parse((await call('/v1/token', keys.admin)).text).access_token as string;
    const direct = await fetch(`${env.ZOHO_API_DOMAIN}/books/v3/invoices?organization_id=${org}`, {
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    }).then((r) => r.text());
    const proxied = await call('/books/v3/invoices', keys.reader);
    expect(proxied.status).toBe(200);
    expect(proxied.text).toBe(direct);
  });

  it('refuses a read-only key’s POST with 403 and no request to Zoho', async () => {
    const before = booksRequests();
    const refused = await call('/books/v3/invoices', keys.reader, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer_id: '1' }),
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).error.message).toMatch(/read-only.*create_invoice/);
    expect(booksRequests()).toBe(before);
  });

  it('refuses a call outside the key’s modules, naming the module it lacks', async () => {
    const refused = await call('/books/v3/contacts', keys.invoicer);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).error.message).toContain('module "contacts"');
    expect((await call('/books/v3/invoices', keys.invoicer)).status).toBe(200);
  });

  it('refuses an organization outside the key’s list', async () => {
    const refused = await call('/books/v3/invoices', keys.elsewhere);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).error.message).toContain(`organization ${org}`);
  });

  it('gives tokens only to keys made with --token', async () => {
    expect((await call('/v1/token', keys.reader)).status).toBe(403);
    const answer = await call('/v1/token', keys.admin);
    expect(answer.status).toBe(200);
    const token = JSON.parse(answer.text);
    expect(Object.keys(token).sort()).toEqual(
      ['access_token', 'api_domain', 'expires_at', 'expires_in', 'scope', 'token_type'].sort(),
    );
    expect(token.expires_in).toBeGreaterThan(3000);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('answers an unknown path with its own 404, not a call to Zoho', async () => {
    const before = booksRequests();
    expect((await call('/books/v3/no_such_thing', keys.admin)).status).toBe(404);
    expect((await call('/elsewhere', keys.admin)).status).toBe(404);
    expect(booksRequests()).toBe(before);
  });

  it('answers bad input with a clear 4xx and keeps serving', async () => {
    const post = (body: string) =>
      call('/books/v3/invoices', keys.admin, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const malformed = await post('{"customer_id": ');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text).error.code).toBe('malformed_json');
    expect((await post(JSON.stringify({ notes: 'x'.repeat(2000) }))).status).toBe(413);
    expect(await raw(serve.url, 'GET /books/v3/../v3/invoices HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(
      /^HTTP\/1.1 400/,
    );
    expect(await raw(serve.url, 'GET /books/v3/%2e%2e/invoices HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(
      /^HTTP\/1.1 400/,
    );
    expect(
      await raw(serve.url, 'GET http://evil.example/books/v3/invoices HTTP/1.1\r\nHost: x\r\n\r\n'),
    ).toMatch(/^HTTP\/1.1 400/);
    // A header smuggled in with a bare CR: the parser refuses it.
    expect(
      await raw(
        serve.url,
        `GET /books/v3/invoices HTTP/1.1\r\nHost: x\r\nX-Zbooks-Profile: a\rAuthorization: y\r\n\r\n`,
      ),
    ).toMatch(/^HTTP\/1.1 400/);
    // An injected query value cannot become a header: organization_id must be a number.
    expect((await call('/books/v3/invoices?organization_id=1%0d%0aX-Evil:%201', keys.admin)).status).toBe(
      400,
    );
    // Slow-loris: headers never finished; the gateway gives up on the client after --client-timeout.
    expect(
      await raw(serve.url, 'GET /books/v3/invoices HTTP/1.1\r\nHost: x\r\nX-Slow: ', { keepOpen: true }),
    ).toMatch(/^HTTP\/1.1 408|^$/);
    expect((await call('/books/v3/invoices', keys.reader)).status).toBe(200);
  });

  it('picks up a revoked key without a restart', async () => {
    expect((await call('/books/v3/invoices', keys.gone)).status).toBe(200);
    expect((await zbooks(['serve', 'keys', 'revoke', 'gone'], { env })).code).toBe(0);
    let status = 200;
    for (let i = 0; i < 50 && status !== 401; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await call('/books/v3/invoices', keys.gone)).status;
    }
    expect(status).toBe(401);
  });

  it('serves health, readiness and metrics', async () => {
    expect(JSON.parse((await call('/healthz')).text)).toEqual({ status: 'ok' });
    const ready = await call('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text).status).toBe('ready');
    const metrics = await call('/metrics');
    expect(metrics.text).toMatch(/zbooks_books_calls_total\{operation="list_invoices",status="200"\} \d+/);
    expect(metrics.text).toMatch(/zbooks_tokens_minted_total 1\n/);
    expect(metrics.text).toMatch(
      /zbooks_call_duration_seconds_bucket\{operation="list_invoices",le="\+Inf"\}/,
    );
  });

  it('writes one JSON access-log line per call and no secret, refresh token or access token anywhere', async () => {
    const lines = serve
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    const calls = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'call');
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.find((c) => c.status === 403)).toMatchObject({ key: 'reader', operation: 'create_invoice' });
    // Every access token the gateway handed out (the only place one may appear is the /v1/token answer).
    const tokens = bodies.filter((b) => b.includes('access_token')).map((b) => JSON.parse(b).access_token);
    expect(tokens.length).toBeGreaterThan(0);
    const everything = [
      serve.stderr(),
      (await call('/metrics')).text,
      ...bodies.filter((b) => !b.includes('access_token')),
    ].join('\n');
    for (const secret of [secrets.clientSecret, secrets.refreshToken, ...tokens, ...Object.values(keys)]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('on SIGTERM finishes the call in flight, then exits 0', async () => {
    emu.injectFault({ target: 'books', kind: 'delay', delayMs: 1_500, method: 'GET', count: 1 });
    const before = booksRequests();
    const slow = call('/books/v3/invoices', keys.reader);
    // The stop comes once the call has reached the emulator, which holds it for 1.5 s.
    while (booksRequests() === before) await new Promise((resolve) => setTimeout(resolve, 10));
    const exit = serve.stop('SIGTERM');
    expect((await slow).status).toBe(200);
    expect(await exit).toBe(0);
    expect(serve.stderr()).toContain('stopping');
  });
});

describe('zbooks serve without keys', () => {
  it('refuses to listen beyond loopback', async () => {
    const config = await tempDir('zbooks-serve-');
    try {
      const result = await zbooks(['serve', '--host', '0.0.0.0', '--port', '0'], {
        env: {
          ZBOOKS_CONFIG_DIR: config.path,
          ZOHO_CLIENT_ID: '1000.X',
          ZOHO_CLIENT_SECRET: 'x'.repeat(42),
          ZOHO_REFRESH_TOKEN: '1000.a.b',
          ZOHO_ACCOUNTS_URL: 'http://127.0.0.1:9',
          ZBOOKS_TOKEN_STORE: 'memory',
        },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/No key is configured/);
    } finally {
      await config.remove();
    }
  });
});

/** Sends raw bytes and answers what came back before the server closed (or the first chunk). */
function raw(url: string, request: string, options: { keepOpen?: boolean } = {}): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
      if (!options.keepOpen) socket.end();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}
