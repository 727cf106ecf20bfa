import type { IncomingMessage, ServerResponse } from 'node:http';
import { ACCESS_DENIED } from './accounts/responses.js';
import { type EmulatorCore, sleep } from './emulator-core.js';
import type { FaultTarget, QueuedFault } from './faults.js';
import { JSON_TYPE, sendJson, sendRaw } from './respond.js';

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>ZGS</center>\r\n</body>\r\n</html>\r\n';

const STATUS_BODY: Readonly<Record<FaultTarget, unknown>> = {
  token: { error: 'internal' },
  revoke: { error: 'internal' },
  books: { code: 1000, message: 'Internal error' },
};

// Cut mid-value, as a connection reset during the body would leave it.
const TRUNCATED_BODY: Readonly<Record<FaultTarget, string>> = {
  token: '{"access_token":"1000.3f1c',
  revoke: '{"status":"succ',
  books: '{"code":0,"message":"success","organizations":[{"organization_id":"10',
};

/** Books has no "Access Denied" page: its throttle is HTTP 429 with an error envelope (REFERENCE §5). */
const BOOKS_THROTTLE = {
  code: 44,
  message: 'You have made too many requests continuously. Please try again after some time.',
};

/**
 * Answers a fault already taken from the queue. Returns true when the request is finished (answered or
 * dropped); false when normal handling should go on (a delay that has elapsed, or `drop_after`, which
 * the caller applies once the change is made).
 */
export async function answerFault(
  core: EmulatorCore,
  target: FaultTarget,
  fault: QueuedFault,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  switch (fault.kind) {
    case 'delay':
      await sleep(core, fault.delayMs);
      return false;
    case 'drop_after':
      return false;
    case 'drop':
      req.socket.destroy();
      return true;
    case 'status':
      sendJson(res, fault.status, STATUS_BODY[target]);
      return true;
    case 'html':
      sendRaw(res, 502, HTML_502, 'text/html;charset=UTF-8');
      return true;
    case 'empty':
      sendRaw(res, 200, '');
      return true;
    case 'truncated':
      sendRaw(res, 200, TRUNCATED_BODY[target], JSON_TYPE);
      return true;
    case 'throttle':
      if (target === 'books') {
        core.stats.booksThrottled += 1;
        sendJson(res, 429, BOOKS_THROTTLE, { 'retry-after': String(fault.retryAfter) });
      } else {
        core.stats.throttled += 1;
        sendJson(res, core.config.throttleStatus, ACCESS_DENIED);
      }
      return true;
    default:
      // Rewrite faults are applied before routing (rewrite-faults.ts), never from here.
      return false;
  }
}

/** Consumes the next fault queued for `target` (with no filters) and answers it; see answerFault. */
export async function applyFault(
  core: EmulatorCore,
  target: FaultTarget,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const fault = core.faults.take(target, {
    method: req.method ?? 'GET',
    path: new URL(req.url ?? '/', 'http://x').pathname,
  });
  if (!fault) return false;
  if (fault.kind === 'drop_after') {
    // Outside Books there is no change to apply first: the connection is simply dropped.
    req.socket.destroy();
    return true;
  }
  return answerFault(core, target, fault, req, res);
}
