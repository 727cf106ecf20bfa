import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../emulator-core.js';
import { answerFault } from '../fault-response.js';
import type { FaultKind, QueuedFault } from '../faults.js';
import { sendJson, sendRaw } from '../respond.js';
import { authenticate } from './auth.js';
import { BOOKS_ERRORS, BooksError, invalidValue, methodNotAllowed } from './errors.js';
import { admit } from './limits.js';
import { createMatcher, type Route } from './match.js';
import { needsOrganization, openStore, organizationFor } from './org-access.js';
import { resolvePath } from './path-plan.js';
import { readBooksBody } from './request-body.js';
import type { BooksContext, BooksReply } from './route.js';
import type { OrgStore } from './state.js';

const BASE = '/books/v3';
const DEFERRED: readonly FaultKind[] = ['delay', 'drop_after'];
const ANSWERING: readonly FaultKind[] = ['status', 'html', 'empty', 'truncated', 'drop', 'throttle'];

type BooksRequestHandler = (
  core: EmulatorCore,
  dc: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => Promise<void>;

function requireQuery(url: URL, names: readonly string[]): void {
  for (const name of names) if (!url.searchParams.get(name)) throw invalidValue(name);
}

/**
 * Dispatches /books/v3 requests in Zoho's order: fault, route (404 code 5 / 405), token and scope
 * (401 code 14/57), organization (400 code 6041), rate limits (429 code 44), body, handler. Every
 * answer for an organization carries the X-Rate-Limit-* headers. A `delay` fault waits after the
 * limits admitted the request (so it counts as in flight); a `drop_after` fault lets the handler
 * change state and then closes the connection without an answer. Both are taken only by a request
 * that got that far.
 */
export function createBooksRouter(
  routes: readonly Route[],
  initOrganization: (core: EmulatorCore, store: OrgStore) => void,
): BooksRequestHandler {
  const match = createMatcher(routes);

  return async (core, dc, req, res, url) => {
    core.stats.booksRequests += 1;
    const method = req.method ?? 'GET';
    const request = { method, path: url.pathname };
    const early = core.faults.take('books', request, ANSWERING);
    if (early && (await answerFault(core, 'books', early, req, res))) return;
    const path = url.pathname.startsWith(`${BASE}/`)
      ? url.pathname.slice(BASE.length).replace(/\/$/, '')
      : '';
    const found = path ? match(method, path) : undefined;
    if (found === undefined) return sendJson(res, 404, BOOKS_ERRORS.invalidUrl);
    if (found === 'wrong-method') return sendJson(res, 405, methodNotAllowed(method));
    const { route, values } = found;
    const auth = authenticate(core, dc, req, { family: route.op.family, op: route.op.access });
    if (!auth.ok) {
      core.stats.booksUnauthorized += 1;
      return sendJson(res, 401, auth.body);
    }
    let headers: Record<string, string> = {};
    let fault: QueuedFault | undefined;
    try {
      let store: OrgStore | undefined;
      if (needsOrganization(route.op.id)) {
        const org = organizationFor(url, auth.client, auth.token);
        const limit = admit(core, org.organization_id, org.plan_name);
        headers = limit.headers;
        if (!limit.ok) return sendJson(res, 429, limit.body, headers);
        res.once('close', limit.release);
        store = openStore(core, org, auth.client, (s) => initOrganization(core, s));
      }
      // Latency and drop_after happen inside Zoho, to a request that got through (auth, organization, limits):
      // one refused before any change leaves them for the next. Zoho has the whole request before it is slow,
      // so a client that gives up during a delay does not undo the change.
      fault = core.faults.take('books', request, DEFERRED);
      const body = await readBooksBody(req);
      if (fault?.kind === 'delay') await answerFault(core, 'books', fault, req, res);
      const records = store ? resolvePath(store, route.plan, values) : [];
      requireQuery(url, route.op.query);
      const names = route.names;
      const ctx: BooksContext = {
        core,
        dc,
        req,
        url,
        params: Object.fromEntries(names.map((n, i) => [n, values[i]!])),
        paramValues: values,
        token: auth.token,
        client: auth.client,
        op: route.op,
        aliases: route.aliases,
        org: store?.org,
        store,
        records,
        subject: route.plan.subject >= 0 ? records[route.plan.subject] : undefined,
        body,
        now: core.clock.now(),
      };
      const reply: BooksReply = await route.handler(ctx);
      if (fault?.kind === 'drop_after') {
        req.socket.destroy();
        return;
      }
      if (reply.file) {
        const disposition: Record<string, string> = reply.file.name
          ? { 'content-disposition': `attachment; filename="${reply.file.name.replace(/["\\\r\n]/g, '_')}"` }
          : {};
        sendRaw(res, reply.status ?? 200, reply.file.data, reply.file.contentType, {
          ...headers,
          ...reply.headers,
          ...disposition,
        });
        return;
      }
      sendJson(res, reply.status ?? 200, reply.body, { ...headers, ...reply.headers });
    } catch (err) {
      if (!(err instanceof BooksError)) throw err;
      if (fault?.kind === 'drop_after') {
        req.socket.destroy();
        return;
      }
      sendJson(res, err.status, err.body(), headers);
    }
  };
}
