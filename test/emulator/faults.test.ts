import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { ACCESS_DENIED, consoleCall, exchange, setup } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const rawExchange = async (s: ReturnType<Emulator['seed']>) => {
  const res = await fetch(`${s.accounts_url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: s.client_id,
      client_secret: s.client_secret,
      code: s.code,
    }),
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

const rawBooks = async (accessToken: string) => {
  const res = await fetch(`${emu.apiDomain}/books/v3/organizations`, {
    headers: { authorization: `Zoho-oauthtoken ${accessToken}` },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text: await res.text(),
    retryAfter: res.headers.get('retry-after'),
  };
};

describe('faults on the token endpoint', () => {
  it('status: answers the status with a JSON error, once, and the code survives', async () => {
    const s = emu.seed();
    emu.injectFault({ target: 'token', kind: 'status', status: 503 });
    expect(await rawExchange(s)).toMatchObject({ status: 503, text: '{"error":"internal"}' });
    expect((await exchange(s)).body.access_token).toBeTypeOf('string');
  });

  it('html: answers 502 with an HTML page', async () => {
    emu.injectFault({ target: 'token', kind: 'html' });
    const r = await rawExchange(emu.seed());
    expect(r.status).toBe(502);
    expect(r.type).toMatch(/^text\/html/);
    expect(r.text).toContain('<html>');
  });

  it('empty: answers 200 with no body', async () => {
    emu.injectFault({ target: 'token', kind: 'empty' });
    expect(await rawExchange(emu.seed())).toMatchObject({ status: 200, text: '' });
  });

  it('truncated: answers 200 with JSON cut short', async () => {
    emu.injectFault({ target: 'token', kind: 'truncated' });
    const r = await rawExchange(emu.seed());
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('drop: closes the socket without answering', async () => {
    emu.injectFault({ target: 'token', kind: 'drop' });
    await expect(rawExchange(emu.seed())).rejects.toThrow();
    expect((await exchange(emu.seed())).status).toBe(200);
  });

  it('delay: waits, then answers normally', async () => {
    emu.injectFault({ target: 'token', kind: 'delay', delayMs: 150 });
    const t0 = performance.now();
    const r = await exchange(emu.seed());
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(r.body.access_token).toBeTypeOf('string');
  });

  it('throttle: answers Access Denied with the configured status', async () => {
    emu.configure({ throttleStatus: 400 });
    emu.injectFault({ target: 'token', kind: 'throttle' });
    const r = await rawExchange(emu.seed());
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toEqual(ACCESS_DENIED);
    expect(emu.stats().throttled).toBe(1);
  });

  it('count applies a fault to the next N requests; clearFaults drops the rest', async () => {
    emu.injectFault({ target: 'token', kind: 'status', status: 500, count: 3 });
    expect((await rawExchange(emu.seed())).status).toBe(500);
    expect((await rawExchange(emu.seed())).status).toBe(500);
    emu.clearFaults();
    expect((await rawExchange(emu.seed())).status).toBe(200);
  });

  it('faulted requests still count as token requests', async () => {
    emu.injectFault({ target: 'token', kind: 'empty' });
    await rawExchange(emu.seed());
    expect(emu.stats()).toMatchObject({ token_requests: 1, minted: 0 });
  });

  it('rejects malformed faults', () => {
    expect(() => emu.injectFault({ target: 'token', kind: 'explode' as never })).toThrow();
    expect(() => emu.injectFault({ target: 'token', kind: 'status', count: 0 })).toThrow();
  });
});

describe('faults on Books and revoke', () => {
  it('status: Books answers its own error envelope', async () => {
    const { accessToken } = await setup(emu);
    emu.injectFault({ target: 'books', kind: 'status', status: 500 });
    const r = await rawBooks(accessToken);
    expect(r.status).toBe(500);
    expect(JSON.parse(r.text)).toEqual({ code: 1000, message: 'Internal error' });
    expect(r.type).toBe('application/json;charset=UTF-8');
  });

  it('html, empty, truncated, drop, delay on Books', async () => {
    const { accessToken } = await setup(emu);
    emu.injectFault({ target: 'books', kind: 'html' });
    expect((await rawBooks(accessToken)).status).toBe(502);
    emu.injectFault({ target: 'books', kind: 'empty' });
    expect(await rawBooks(accessToken)).toMatchObject({ status: 200, text: '' });
    emu.injectFault({ target: 'books', kind: 'truncated' });
    const cut = await rawBooks(accessToken);
    expect(() => JSON.parse(cut.text)).toThrow();
    emu.injectFault({ target: 'books', kind: 'drop' });
    await expect(rawBooks(accessToken)).rejects.toThrow();
    emu.injectFault({ target: 'books', kind: 'delay', delayMs: 50 });
    const t0 = performance.now();
    expect((await rawBooks(accessToken)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
  });

  it('throttle on Books answers 429 with Retry-After', async () => {
    const { accessToken } = await setup(emu);
    emu.injectFault({ target: 'books', kind: 'throttle' });
    const r = await rawBooks(accessToken);
    expect(r.status).toBe(429);
    expect(r.retryAfter).toBe('60');
    expect(JSON.parse(r.text).code).toBe(44);
  });

  it('faults target only their own endpoint', async () => {
    const { accessToken } = await setup(emu);
    emu.injectFault({ target: 'revoke', kind: 'status', status: 503 });
    expect((await rawBooks(accessToken)).status).toBe(200);
    const res = await fetch(`${emu.accountsUrl}/oauth/v2/token/revoke?token=${accessToken}`, {
      method: 'POST',
    });
    expect(res.status).toBe(503);
    const again = await fetch(`${emu.accountsUrl}/oauth/v2/token/revoke?token=${accessToken}`, {
      method: 'POST',
    });
    expect(await again.json()).toEqual({ status: 'success' });
  });

  it('a delay fault does not hold close() open', async () => {
    const other = await startEmulator();
    other.injectFault({ target: 'token', kind: 'delay', delayMs: 600_000 }); // past the test's timeout
    const pending = fetch(`${other.accountsUrl}/oauth/v2/token`, { method: 'POST' }).catch(() => 'failed');
    await new Promise((r) => setTimeout(r, 50));
    await other.close();
    expect(await pending).toBe('failed');
  });

  it('can be injected through the console', async () => {
    await consoleCall(emu.accountsUrl, 'POST', '/faults', { target: 'token', kind: 'delay', delay_ms: 60 });
    const t0 = performance.now();
    await exchange(emu.seed());
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });
});
