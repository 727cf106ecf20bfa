import type { Emulator, SampleRequest } from '../../src/emulator/index.js';
import { exchange } from './helpers.js';

export type Json = Record<string, unknown>;

export interface BooksAnswer {
  status: number;
  body: Json;
  headers: Headers;
  /** The raw bytes, for answers that are files (a PDF, an attachment). */
  bytes?: Buffer;
}

/** A seeded user with an access token and their organizations, limits off unless a test sets them. */
export const booksUser = async (
  emu: Emulator,
  opts: Parameters<Emulator['seed']>[0] = {},
): Promise<{ token: string; orgs: string[]; s: ReturnType<Emulator['seed']> }> => {
  const s = emu.seed(opts);
  const { body } = await exchange(s);
  return { token: body.access_token as string, orgs: s.organizations.map((o) => o.organization_id), s };
};

export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  form?: Record<string, string>;
  multipart?: FormData;
  headers?: Record<string, string>;
  raw?: string;
}

/** One Books call over loopback, as a client makes it. */
export const books = async (
  emu: Emulator,
  token: string,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<BooksAnswer> => {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) query.set(k, String(v));
  const headers: Record<string, string> = { authorization: `Zoho-oauthtoken ${token}`, ...opts.headers };
  let body: string | URLSearchParams | FormData | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] ??= 'application/json';
  } else if (opts.form) body = new URLSearchParams(opts.form);
  else if (opts.multipart) body = opts.multipart;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const qs = query.toString();
  const res = await fetch(`${emu.apiDomain}/books/v3${path}${qs ? `?${qs}` : ''}`, { method, headers, body });
  if (!(res.headers.get('content-type') ?? '').includes('json')) {
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body: {}, bytes };
  }
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
};

/** Sends a sample request from the emulator exactly as described. */
export const sendSample = async (
  emu: Emulator,
  token: string,
  sample: SampleRequest,
): Promise<BooksAnswer> => {
  let multipart: FormData | undefined;
  if (sample.fileField) {
    multipart = new FormData();
    multipart.append(sample.fileField, new Blob(['%PDF-1.4 sample']), 'sample.pdf');
  }
  return books(emu, token, sample.method, sample.path.replace(/^\/books\/v3/, ''), {
    query: sample.query,
    headers: sample.headers,
    ...(multipart ? { multipart } : sample.body ? { body: sample.body } : {}),
  });
};

/** An organization's Books client for one test: `call('GET', '/invoices', {query})` adds the org id. */
export const orgClient = (emu: Emulator, token: string, org: string) => {
  return (method: string, path: string, opts: CallOptions = {}) =>
    books(emu, token, method, path, { ...opts, query: { organization_id: org, ...opts.query } });
};

export const NO_LIMITS = { perMinute: 0, perDay: 0, concurrency: 0 } as const;
