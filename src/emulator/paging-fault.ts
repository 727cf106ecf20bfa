import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { EmulatorCore } from './emulator-core.js';
import { PAGING_KINDS } from './faults.js';

type Json = Record<string, unknown>;

/**
 * Paging faults, for clients that must not loop forever on a list (issue 9.3). They sit in front of the Books
 * router rather than inside it: they model what a proxy or a careless server does to a request and its answer,
 * not Books itself. `ignore_page` and `repeat_page` take `page` out of the query, so Books answers page 1;
 * `repeat_page` then writes the page asked for back into `page_context` (the answer looks right, the records
 * are page 1's again); `empty_page` empties the list and keeps `has_more_page: true`. Only GETs take them.
 */
export const applyPagingFault = (
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): void => {
  if ((req.method ?? 'GET') !== 'GET') return;
  const fault = core.faults.take('books', { method: 'GET', path: url.pathname }, PAGING_KINDS);
  if (!fault) return;
  const asked = Number(url.searchParams.get('page') ?? 1);
  if (fault.kind === 'ignore_page' || fault.kind === 'repeat_page') url.searchParams.delete('page');
  if (fault.kind === 'repeat_page') {
    rewriteJsonAnswer(res, (body) => {
      if (isRecord(body.page_context)) body.page_context.page = asked;
    });
  } else if (fault.kind === 'empty_page') {
    rewriteJsonAnswer(res, (body) => {
      if (!isRecord(body.page_context)) return;
      for (const [key, value] of Object.entries(body)) if (Array.isArray(value)) body[key] = [];
      body.page_context.has_more_page = true;
    });
  }
};

/**
 * Lets `edit` change this one answer's JSON body before it leaves (the length is recomputed). Every answer of
 * the emulator is written by one writeHead and one end with the whole body (respond.ts), which is what is
 * intercepted here, on this response object only.
 */
function rewriteJsonAnswer(res: ServerResponse, edit: (body: Json) => void): void {
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => void;
  const end = res.end.bind(res) as (chunk?: string) => void;
  let head: { status: number; headers: OutgoingHttpHeaders } = { status: 200, headers: {} };
  res.writeHead = ((status: number, headers?: OutgoingHttpHeaders) => {
    head = { status, headers: headers ?? {} };
    return res;
  }) as ServerResponse['writeHead'];
  res.end = ((chunk?: string | Buffer) => {
    let text = chunk === undefined ? '' : String(chunk);
    try {
      const body: unknown = JSON.parse(text);
      if (isRecord(body)) {
        edit(body);
        text = JSON.stringify(body);
      }
    } catch {
      // Not JSON (an error page): sent as it was.
    }
    writeHead(head.status, { ...head.headers, 'content-length': String(Buffer.byteLength(text)) });
    end(text);
    return res;
  }) as ServerResponse['end'];
}

const isRecord = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
