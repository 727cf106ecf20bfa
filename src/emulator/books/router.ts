import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core.js';
import { applyFault } from '../fault-response.js';
import { sendJson } from '../respond.js';
import { authenticate } from './auth.js';
import { BOOKS_ERRORS, methodNotAllowed } from './errors.js';
import type { BooksRoute } from './route.js';

const BASE = '/books/v3';

interface CompiledRoute {
  route: BooksRoute;
  pattern: RegExp;
  names: string[];
}

type Match = { route: BooksRoute; params: Record<string, string> } | 'wrong-method' | undefined;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const compile = (route: BooksRoute): CompiledRoute => {
  const names: string[] = [];
  const source = route.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (!name) return escapeRegExp(part);
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { route, pattern: new RegExp(`^${source}$`), names };
};

export type BooksHandler = (
  core: EmulatorCore,
  dc: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => Promise<void>;

/**
 * Dispatches /books/... requests: fault, route, then the shared auth + scope check, then the handler.
 * Adding an operation means adding a route; nothing here changes.
 */
export const createBooksRouter = (routes: readonly BooksRoute[]): BooksHandler => {
  const compiled = routes.map(compile);

  const match = (method: string, path: string): Match => {
    let pathMatched = false;
    for (const c of compiled) {
      const m = c.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      const params = Object.fromEntries(c.names.map((n, i) => [n, decode(m[i + 1]!)]));
      return { route: c.route, params };
    }
    return pathMatched ? 'wrong-method' : undefined;
  };

  return async (core, dc, req, res, url) => {
    core.stats.booksRequests += 1;
    if (await applyFault(core, 'books', req, res)) return;
    const method = req.method ?? 'GET';
    const path = url.pathname.startsWith(`${BASE}/`)
      ? url.pathname.slice(BASE.length).replace(/\/$/, '')
      : '';
    const found = path ? match(method, path) : undefined;
    if (found === undefined) return sendJson(res, 404, BOOKS_ERRORS.invalidUrl);
    if (found === 'wrong-method') return sendJson(res, 405, methodNotAllowed(method));
    const auth = authenticate(core, dc, req, found.route.scope);
    if (!auth.ok) {
      core.stats.booksUnauthorized += 1;
      return sendJson(res, 401, auth.body);
    }
    const reply = await found.route.handle({
      core,
      dc,
      req,
      url,
      params: found.params,
      token: auth.token,
      client: auth.client,
    });
    sendJson(res, reply.status ?? 200, reply.body, reply.headers);
  };
};
