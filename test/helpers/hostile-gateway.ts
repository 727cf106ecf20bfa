import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

/** One scripted answer: what a proxy, a captive portal or a gateway in front of Zoho might say instead. */
export interface ScriptedAnswer {
  /** Only requests with this method / whose path (without query) starts with this. */
  method?: string;
  path?: string;
  /** How many matching requests get it (default 1). */
  times?: number;
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer without reading the request body first (a 413 sent as the upload starts). */
  beforeBody?: boolean;
}

/** What reached a listener, secrets and all: the test decides what must not be there. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HostileGateway {
  /** `http://127.0.0.1:<port>`: use it as the accounts URL and the API domain. */
  url: string;
  /** Every request that reached the gateway, in order. */
  received: Received[];
  /** Queues a scripted answer; requests nothing matches are forwarded to the upstream unchanged. */
  script(answer: ScriptedAnswer): void;
  /** Drops every scripted answer not used yet. */
  clear(): void;
  close(): Promise<void>;
}

/**
 * A fake gateway in front of the emulator, on loopback: forwards everything to `upstream` except what a
 * test scripted (redirects, HTML 401s, early 413s, 503s with Retry-After). The Zoho emulator stays faithful
 * to Zoho; the hostility lives here.
 */
export async function startHostileGateway(upstream: string): Promise<HostileGateway> {
  const received: Received[] = [];
  const queue: (ScriptedAnswer & { left: number })[] = [];
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const index = queue.findIndex(
      (a) =>
        (a.method === undefined || a.method === req.method) &&
        (a.path === undefined || path.startsWith(a.path)),
    );
    const scripted = queue[index];
    if (scripted) {
      scripted.left -= 1;
      if (scripted.left <= 0) queue.splice(index, 1);
    }
    const answer = () => {
      res.writeHead(scripted!.status, scripted!.headers ?? {});
      res.end(scripted!.body ?? '');
    };
    if (scripted?.beforeBody) {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: '' });
      res.setHeader('connection', 'close');
      answer();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: body.toString('utf8'),
      });
      if (scripted) return answer();
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await listen(server, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    received,
    script: (answer) => queue.push({ ...answer, left: answer.times ?? 1 }),
    clear: () => queue.splice(0),
    close: () => close(server),
  };
}

export interface Listener {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/**
 * "Another host": a listener on a second loopback address (127.0.0.2) that records what reaches it and
 * answers like a token endpoint that would gladly mint tokens. A redirect pointing here must bring nothing.
 */
export async function startOtherHost(): Promise<Listener> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: 'a-token-from-the-other-host',
          api_domain: 'http://127.0.0.2',
          expires_in: 3600,
          code: 0,
          message: 'success',
          organizations: [],
        }),
      );
    });
  });
  await listen(server, '127.0.0.2');
  return {
    url: `http://127.0.0.2:${(server.address() as { port: number }).port}`,
    received,
    close: () => close(server),
  };
}

function listen(server: Server, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
