import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from './app.js';

export interface Listener {
  dc: string;
  server: Server;
  url: string;
}

/** Loopback-friendly URL: a wildcard bind address is reachable at loopback, IPv6 needs brackets. */
const urlHost = (host: string): string => {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
};

export const listen = (dc: string, host: string, port: number, handler: RequestHandler): Promise<Listener> =>
  new Promise((resolve, reject) => {
    const server = createServer((req, res) => handler(dc, req, res));
    // Keep-alive sockets from fetch() must not hold close() open.
    server.keepAliveTimeout = 1000;
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: bound } = server.address() as AddressInfo;
      resolve({ dc, server, url: `http://${urlHost(host)}:${bound}` });
    });
  });

export const closeListener = ({ server }: Listener): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
