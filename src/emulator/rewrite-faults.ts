import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { EmulatorCore } from './emulator-core.js';
import { REWRITE_KINDS } from './faults.js';

type Json = Record<string, unknown>;

/**
 * Faults that rewrite a Books request before it is routed, or its answer before it leaves. They sit in front
 * of the Books router rather than inside it: they model what a proxy or a careless server does, not Books.
 * Paging faults (only on GETs, for clients that must not loop forever on a list, issue 9.3): `ignore_page`
 * and `repeat_page` take `page` out of the query, so Books answers page 1; `repeat_page` then writes the page
 * asked for back into `page_context` (the answer looks right, the records are page 1's again); `empty_page`
 * empties the list and keeps `has_more_page: true`. `numeric_ids` (any method, issue 9.4) sends every id
 * field, `id` or `…_id`, as a bare JSON number, as a server that serialises ids as numbers would.
 */
export function applyRewriteFault(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): void {
  const method = req.method ?? 'GET';
  const kinds = method === 'GET' ? REWRITE_KINDS : (['numeric_ids'] as const);
  const fault = core.faults.take('books', { method, path: url.pathname }, kinds);
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
  } else if (fault.kind === 'numeric_ids') {
    rewriteJsonAnswer(res, undefined, (text) => text.replace(QUOTED_ID, '$1$2'));
  }
}

/** `"invoice_id":"460000000012345"` (or `"id":…`): the field and its digits, to unquote them. */
const QUOTED_ID = /("(?:\w+_)?id"\s*:\s*)"(\d+)"/g;

/**
 * Lets `edit` change this one answer's JSON body, then `editText` its text, before it leaves (the length is
 * recomputed). Every answer of the emulator is written by one writeHead and one end with the whole body
 * (respond.ts), which is what is intercepted here, on this response object only. Only JSON answers are
 * touched: anything else (a PDF, an HTML error page) goes out byte for byte, since decoding a binary body as
 * text would corrupt it.
 */
function rewriteJsonAnswer(
  res: ServerResponse,
  edit: ((body: Json) => void) | undefined,
  editText: (text: string) => string = (text) => text,
): void {
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => void;
  const end = res.end.bind(res) as (chunk?: string | Buffer) => void;
  let head: { status: number; headers: OutgoingHttpHeaders } = { status: 200, headers: {} };
  res.writeHead = ((status: number, headers?: OutgoingHttpHeaders) => {
    head = { status, headers: headers ?? {} };
    return res;
  }) as ServerResponse['writeHead'];
  res.end = ((chunk?: string | Buffer) => {
    const text = isJson(head.headers) ? rewritten(chunk, edit, editText) : undefined;
    if (text === undefined) {
      writeHead(head.status, head.headers);
      end(chunk);
    } else {
      writeHead(head.status, { ...head.headers, 'content-length': String(Buffer.byteLength(text)) });
      end(text);
    }
    return res;
  }) as ServerResponse['end'];
}

function isJson(headers: OutgoingHttpHeaders): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && /^application\/json\b/i.test(type);
}

/** The edited text of a JSON object body, or undefined when the body is not one (sent as it was). */
function rewritten(
  chunk: string | Buffer | undefined,
  edit: ((body: Json) => void) | undefined,
  editText: (text: string) => string,
): string | undefined {
  if (chunk === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  edit?.(body);
  return editText(JSON.stringify(body));
}

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
