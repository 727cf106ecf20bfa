import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleRevoke } from './accounts/revoke.js';
import { handleToken } from './accounts/token-endpoint.js';
import { BOOKS_ERRORS } from './books/errors.js';
import { initOrganization } from './books/models/index.js';
import { createBooksRouter } from './books/router.js';
import { buildBooksRoutes } from './books/routes.js';
import { handleConsole } from './console.js';
import type { EmulatorCore } from './emulator-core.js';
import { EmulatorInputError } from './errors.js';
import { sendJson } from './respond.js';
import { applyRewriteFault } from './rewrite-faults.js';

export type RequestHandler = (dc: string, req: IncomingMessage, res: ServerResponse) => void;

/**
 * One handler for every DC listener: accounts, console and Books share a host here, as the emulator's
 * accounts URL and API domain are the same address. A handler bug answers 500; it never kills the server.
 */
export function createApp(core: EmulatorCore): RequestHandler {
  const books = createBooksRouter(buildBooksRoutes(core.surface), initOrganization);

  const route = async (dc: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    if (path === '/oauth/v2/token') return handleToken(core, dc, req, res, url);
    if (path === '/oauth/v2/token/revoke') return handleRevoke(core, dc, req, res, url);
    if (path.startsWith('/books/')) {
      applyRewriteFault(core, req, res, url);
      return books(core, dc, req, res, url);
    }
    if (path.startsWith('/_emulator/')) return handleConsole(core, dc, req, res, url);
    sendJson(res, 404, { error: 'not_found', message: `nothing is served at ${path}` });
  };

  return (dc, req, res) => {
    route(dc, req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof EmulatorInputError) {
        sendJson(res, err.status, { error: err.code ?? err.message });
      } else if (req.url?.startsWith('/books/')) {
        sendJson(res, 500, BOOKS_ERRORS.internal);
      } else {
        sendJson(res, 500, { error: 'internal', message: String(err) });
      }
    });
  };
}
