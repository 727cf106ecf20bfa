import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../src/core/fetch-like.js';
import { SecretRegistry } from '../../src/core/redact.js';
import { ConnectionError } from '../../src/http/errors.js';
import { createTransport } from '../../src/http/transport.js';
import type { HttpRequest } from '../../src/http/types.js';
import { closedPort } from '../helpers/emulator.js';

/**
 * The default transport (node:http) against raw loopback servers that fail in every way the pipeline must
 * tell apart: never sent (safe to resend a POST) versus maybe sent (outcome unknown), and the answers that are
 * not Zoho's protocol. The same cases through an injected fetch, where fetch can tell them apart.
 */
const TLS = resolve(import.meta.dirname, '../fixtures/tls');
const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

type Listener = Parameters<typeof createServer>[1];
async function serve(listener: Listener, tls = false): Promise<string> {
  const server = tls
    ? createTlsServer(
        { key: readFileSync(`${TLS}/self-signed.key`), cert: readFileSync(`${TLS}/self-signed.crt`) },
        listener,
      )
    : createServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function transportFor(timeoutMs = 5_000, fetch?: FetchLike) {
  return createTransport({ timeoutMs, userAgent: 'zbooks-test', secrets: new SecretRegistry(), fetch });
}

const post = (baseUrl: string): HttpRequest => ({
  method: 'POST',
  path: '/invoices',
  baseUrl,
  body: '{"customer_id":"1"}',
});

async function failure(baseUrl: string, timeoutMs?: number, fetch?: FetchLike) {
  const transport = transportFor(timeoutMs, fetch);
  try {
    const error = await transport.handler(post(baseUrl)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    return error as ConnectionError;
  } finally {
    transport.close();
  }
}

describe('node:http transport: what failed, and whether the request may have reached the server', () => {
  it('connection refused: never sent, named ECONNREFUSED', async () => {
    const error = await failure(`http://127.0.0.1:${await closedPort()}`);
    expect(error).toMatchObject({ sent: 'no', reason: 'econnrefused', code: undefined });
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(error.message).toMatch(/ECONNREFUSED, connection refused/);
  });

  it('reset before sending (during the TLS handshake): never sent', async () => {
    const base = await serve(() => {}, true);
    servers[0]!.prependListener('connection', (socket: Socket) => socket.resetAndDestroy());
    const error = await failure(base);
    expect(error.sent).toBe('no');
  });

  it('reset after sending (the server read the request, then dropped the connection): maybe sent', async () => {
    let received = '';
    const base = await serve((req) => {
      req.on('data', (chunk: Buffer) => {
        received += chunk;
      });
      req.on('end', () => req.socket.resetAndDestroy());
    });
    const error = await failure(base);
    expect(received).toBe('{"customer_id":"1"}');
    expect(error.sent).toBe('maybe');
    expect(error.reason).toMatch(/econnreset|network_error/);
  });

  it('a deadline before the headers: TIMEOUT, maybe sent (the server has the request)', async () => {
    const base = await serve(() => {}); // reads the request, never answers
    const error = await failure(base, 150);
    expect(error).toMatchObject({ sent: 'maybe', reason: 'timeout' });
    expect(error.message).toMatch(/did not answer POST \/invoices within 0.15 s/);
  });

  it('a deadline in the middle of the body: TIMEOUT, maybe sent, said to have stopped part-way', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"code":0,');
    });
    const error = await failure(base, 150);
    expect(error).toMatchObject({ sent: 'maybe', reason: 'timeout' });
    expect(error.message).toMatch(/stopped part-way/);
  });

  it('a certificate nobody trusts: never sent (the request waits for the handshake)', async () => {
    let requests = 0;
    const base = await serve(() => requests++, true);
    const error = await failure(base);
    expect(error.sent).toBe('no');
    expect(error.reason).toMatch(/self_signed|cert|unable/i);
    expect(requests).toBe(0);
  });

  it('a body cut off before its content-length: a body failure, maybe sent', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"code":0,"message":"su');
      setImmediate(() => res.socket?.destroy());
    });
    const error = await failure(base);
    expect(error.sent).toBe('maybe');
    expect(error.message).toMatch(/while reading the answer to POST \/invoices/);
  });

  it('answers that are not Zoho JSON come back whole, for the error factory to judge', async () => {
    const pages: Record<string, [string, string]> = {
      '/html': ['text/html', '<html><body>502 Bad Gateway</body></html>'],
      '/empty': ['application/json', ''],
      '/truncated': ['application/json', '{"code":0,"invoice":{"invoice_id":"1'],
      '/ok': ['application/json', '{"code":0,"invoice":{"invoice_id":1234567890123456789}}'],
    };
    const base = await serve((req, res) => {
      const [type, body] = pages[req.url!.split('?')[0]!]!;
      res.writeHead(req.url === '/ok' ? 200 : 502, { 'content-type': type });
      res.end(body);
    });
    const transport = transportFor();
    try {
      const get = (path: string) => transport.handler({ method: 'GET', path, baseUrl: base });
      expect((await get('/html')).body.kind).toBe('html');
      expect((await get('/empty')).body.kind).toBe('empty');
      expect((await get('/truncated')).body.kind).toBe('malformed');
      const ok = await get('/ok');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('Content-Type')).toBe('application/json');
      // A 19-digit id stays exact: quoted before parsing, never through a double.
      expect(ok.body).toEqual({
        kind: 'json',
        value: { code: 0, invoice: { invoice_id: '1234567890123456789' } },
      });
    } finally {
      transport.close();
    }
  });

  it('keeps the connection alive between requests', async () => {
    const ports = new Set<number>();
    const base = await serve((req, res) => {
      ports.add(req.socket.remotePort!);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"code":0}');
    });
    const transport = transportFor();
    try {
      for (let i = 0; i < 5; i++) await transport.handler({ method: 'GET', path: '/x', baseUrl: base });
      expect(ports.size).toBe(1);
    } finally {
      transport.close();
    }
  });

  it('closes a connection idle for longer than a server would keep it, and only an idle one', async () => {
    const ports: number[] = [];
    const closed: number[] = [];
    const base = await serve((req, res) => {
      const port = req.socket.remotePort!;
      if (!ports.includes(port)) req.socket.once('close', () => closed.push(port));
      ports.push(port);
      res.writeHead(200, { 'content-type': 'application/json' });
      // A slow answer: a socket in use is never swept, however long the request takes.
      setTimeout(() => res.end('{"code":0}'), req.url === '/slow' ? 200 : 0);
    });
    const transport = createTransport({
      timeoutMs: 5_000,
      userAgent: 'zbooks-test',
      secrets: new SecretRegistry(),
      idleSocketMs: 60,
    });
    try {
      await transport.handler({ method: 'GET', path: '/x', baseUrl: base });
      // Idle a moment, then busy for longer than the limit: still the same connection, whole answer.
      await new Promise((done) => setTimeout(done, 20));
      await transport.handler({ method: 'GET', path: '/slow', baseUrl: base });
      expect(new Set(ports).size).toBe(1);
      // Idle past the limit: the client closes it (the server sees the close) and the next call reconnects.
      await expect.poll(() => closed.length, { timeout: 2_000 }).toBe(1);
      await transport.handler({ method: 'GET', path: '/x', baseUrl: base });
      expect(new Set(ports).size).toBe(2);
      expect(closed).toEqual([ports[0]]);
    } finally {
      transport.close();
    }
  });

  it("the caller's abort is given back as the caller's reason, not as a network fault", async () => {
    const base = await serve(() => {});
    const transport = transportFor();
    const controller = new AbortController();
    const pending = transport.handler({ ...post(base), signal: controller.signal }).catch((e: unknown) => e);
    setImmediate(() => controller.abort(new Error('stopped by the caller')));
    expect(((await pending) as Error).message).toBe('stopped by the caller');
    transport.close();
  });
});

describe('an injected fetch keeps the same classification where fetch can tell', () => {
  it('refused: never sent; a deadline: TIMEOUT, maybe sent', async () => {
    const fetchImpl = (input: string, init: RequestInit) => fetch(input, init);
    expect(await failure(`http://127.0.0.1:${await closedPort()}`, undefined, fetchImpl)).toMatchObject({
      sent: 'no',
      reason: 'econnrefused',
    });
    const base = await serve(() => {});
    expect(await failure(base, 150, fetchImpl)).toMatchObject({ sent: 'maybe', reason: 'timeout' });
  });
});
