import type { IncomingMessage, ServerResponse } from 'node:http';
import { createClient, generateCode, seed } from './accounts/clients.js';
import { parseJsonBody, readBody } from './body.js';
import { seedLedger } from './books/ledger-seed.js';
import { sampleRequest } from './books/sample.js';
import { listRecords, seedRecords } from './books/seed.js';
import { applyConfigPatch } from './config.js';
import type { EmulatorCore } from './emulator-core.js';
import { EmulatorInputError } from './errors.js';
import { parseFault } from './faults.js';
import { sendJson, sendNoContent } from './respond.js';
import { snapshotStats } from './stats.js';
import type { CodeDuration, LedgerSpec, OrganizationInput } from './types.js';

type Json = Record<string, unknown>;
interface Reply {
  status: number;
  body?: unknown;
}
type ConsoleHandler = (core: EmulatorCore, dc: string, body: Json, match: string[]) => Reply;

function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

function optionalString(body: Json, key: string): string | undefined {
  const value = body[key];
  if (value !== undefined && typeof value !== 'string')
    throw new EmulatorInputError(`${key} must be a string`);
  return value;
}

function durationOf(body: Json): CodeDuration | undefined {
  return (body.duration_minutes ?? body.durationMinutes) as CodeDuration | undefined;
}

function advanceClock(core: EmulatorCore, _dc: string, body: Json): Reply {
  const ms = body.advance_ms ?? (typeof body.advance_seconds === 'number' ? body.advance_seconds * 1000 : 0);
  if (typeof ms !== 'number') throw new EmulatorInputError('advance_ms must be a number');
  try {
    core.clock.advance(ms);
  } catch (err) {
    throw new EmulatorInputError((err as Error).message);
  }
  return ok({ now: core.clock.now() });
}

/** Pattern, method, handler. Client ids contain dots, so path segments are matched as "anything but /". */
const ROUTES: [RegExp, string, ConsoleHandler][] = [
  [
    /^\/_emulator\/clients$/,
    'POST',
    (core, dc, body) =>
      ok(
        createClient(core, {
          dc: optionalString(body, 'dc') ?? dc,
          organizations: body.organizations as OrganizationInput[] | undefined,
        }),
        201,
      ),
  ],
  [
    /^\/_emulator\/clients\/([^/]+)\/codes$/,
    'POST',
    (core, _dc, body, [clientId]) => {
      // Zoho's console wants scopes; an empty list is a person's mistake, not "everything".
      if (body.scope === undefined) throw new EmulatorInputError('scope is required');
      const code = generateCode(core, clientId!, {
        scope: body.scope as string,
        durationMinutes: durationOf(body),
      });
      return ok({ ...code, expires_in_minutes: durationOf(body) ?? 3 }, 201);
    },
  ],
  [
    /^\/_emulator\/seed$/,
    'POST',
    (core, dc, body) =>
      ok(
        seed(core, {
          dc: optionalString(body, 'dc') ?? dc,
          scope: body.scope as string | undefined,
          durationMinutes: durationOf(body),
          organizations: body.organizations as OrganizationInput[] | undefined,
          ...(body.ledger !== undefined ? { ledger: body.ledger as LedgerSpec } : {}),
        }),
        201,
      ),
  ],
  [/^\/_emulator\/clock$/, 'GET', (core) => ok({ now: core.clock.now() })],
  [/^\/_emulator\/clock$/, 'POST', advanceClock],
  [/^\/_emulator\/config$/, 'GET', (core) => ok({ ...core.config })],
  [
    /^\/_emulator\/config$/,
    'POST',
    (core, _dc, body) => {
      applyConfigPatch(core.config, body);
      return ok({ ...core.config });
    },
  ],
  [
    /^\/_emulator\/stats$/,
    'GET',
    (core) => ok(snapshotStats(core.stats, core.state, core.config, core.clock.now())),
  ],
  [
    /^\/_emulator\/faults$/,
    'POST',
    (core, _dc, body) => {
      core.faults.inject(parseFault(body));
      return ok({ status: 'queued' }, 201);
    },
  ],
  [
    /^\/_emulator\/books\/([^/]+)\/_sample\/([^/]+)$/,
    'GET',
    (core, _dc, _body, [org, operationId]) => ok(sampleRequest(core, org!, operationId!)),
  ],
  [
    /^\/_emulator\/books\/([^/]+)\/_ledger$/,
    'POST',
    (core, _dc, body, [org]) => ok({ records: seedLedger(core, org!, body as LedgerSpec) }, 201),
  ],
  [
    /^\/_emulator\/books\/([^/]+)\/(.+)$/,
    'GET',
    (core, _dc, _body, [org, collection]) => ok({ records: listRecords(core, org!, collection!) }),
  ],
  [
    /^\/_emulator\/books\/([^/]+)\/(.+)$/,
    'POST',
    (core, _dc, body, [org, collection]) => {
      if (typeof body.count !== 'number') throw new EmulatorInputError('count must be a number');
      const ids = seedRecords(core, org!, collection!, body.count);
      return ok({ created: ids.length, ids }, 201);
    },
  ],
  [
    /^\/_emulator\/faults$/,
    'DELETE',
    (core) => {
      core.faults.clear();
      return { status: 204 };
    },
  ],
];

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new EmulatorInputError('malformed path', 404);
  }
}

/** The API console and the emulator's own inspection and control, JSON in and out. */
export async function handleConsole(
  core: EmulatorCore,
  dc: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    const candidates = ROUTES.filter(([pattern]) => pattern.test(url.pathname));
    if (candidates.length === 0) throw new EmulatorInputError(`no console route ${url.pathname}`, 404);
    const route = candidates.find(([, method]) => method === req.method);
    if (!route) throw new EmulatorInputError(`method ${req.method} not allowed on ${url.pathname}`, 405);
    const [pattern, , handler] = route;
    const match = pattern.exec(url.pathname)!.slice(1).map(decodeSegment);
    const parsed = parseJsonBody(await readBody(req));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new EmulatorInputError('body must be a JSON object');
    }
    const reply = handler(core, dc, parsed as Json, match);
    if (reply.status === 204) sendNoContent(res);
    else sendJson(res, reply.status, reply.body);
  } catch (err) {
    if (!(err instanceof EmulatorInputError)) throw err;
    sendJson(res, err.status, { error: err.code ?? err.message });
  }
}
