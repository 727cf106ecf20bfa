import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from './app.js';

export interface Listener {
  dc: string;
  server: Server;
  url: string;
}

/** Loopback-friendly URL: a wildcard bind address is reachable at loopback, IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export function listen(
  dc: string,
  host: string,
  port: number,
  handler: RequestHandler,
  onConnection: () => void = () => {},
): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => handler(dc, req, res));
    // Node's default. undici (fetch) keeps a socket only while the server's `Keep-Alive: timeout` hint minus
    // 1 s is positive, so the 1 s this once was made fetch close every connection after one answer.
    // close() does not wait for idle sockets: closeListener closes them all.
    server.keepAliveTimeout = 5000;
    server.on('connection', onConnection);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: bound } = server.address() as AddressInfo;
      resolve({ dc, server, url: `http://${urlHost(host)}:${bound}` });
    });
  });
}

export function closeListener({ server }: Listener): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
