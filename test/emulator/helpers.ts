import type { Emulator, SeedResult } from '../../src/emulator/index.js';

export type Encoding = 'query' | 'form' | 'multipart';
export type Json = Record<string, unknown>;

export interface Answer {
  status: number;
  body: Json;
}

/** POSTs OAuth parameters the way a client may: query string, urlencoded body or multipart body. */
export const post = async (
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  encoding: Encoding = 'form',
): Promise<Answer> => {
  let url = `${baseUrl}${path}`;
  let body: URLSearchParams | FormData | undefined;
  if (encoding === 'query') url += `?${new URLSearchParams(params)}`;
  else if (encoding === 'form') body = new URLSearchParams(params);
  else {
    const form = new FormData();
    for (const [k, v] of Object.entries(params)) form.append(k, v);
    body = form;
  }
  const res = await fetch(url, { method: 'POST', ...(body ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
};

export const token = (
  emu: Emulator | { accountsUrl: string },
  params: Record<string, string>,
  enc?: Encoding,
) => post(emu.accountsUrl, '/oauth/v2/token', params, enc);

/** The credentials a client holds: a seed result, or a client made by hand plus the accounts URL. */
export type Creds = Pick<SeedResult, 'accounts_url' | 'client_id' | 'client_secret'>;

export const exchange = (s: Creds & { code: string }, enc?: Encoding) =>
  post(
    s.accounts_url,
    '/oauth/v2/token',
    {
      grant_type: 'authorization_code',
      client_id: s.client_id,
      client_secret: s.client_secret,
      code: s.code,
    },
    enc,
  );

export const refresh = (s: Creds, refreshToken: string) =>
  post(s.accounts_url, '/oauth/v2/token', {
    grant_type: 'refresh_token',
    client_id: s.client_id,
    client_secret: s.client_secret,
    refresh_token: refreshToken,
  });

/** Seeds a client and exchanges its code: the state a configured user is in. */
export const setup = async (emu: Emulator, opts: Parameters<Emulator['seed']>[0] = {}) => {
  const s = emu.seed(opts);
  const { body } = await exchange(s);
  return { s, accessToken: body.access_token as string, refreshToken: body.refresh_token as string };
};

export const getOrganizations = async (
  apiDomain: string,
  authorization?: string,
): Promise<Answer & { contentType: string | null }> => {
  const res = await fetch(`${apiDomain}/books/v3/organizations`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: (await res.json()) as Json,
  };
};

export const consoleCall = async (
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json; text: string }> => {
  const res = await fetch(`${baseUrl}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? (JSON.parse(text) as Json) : {} };
};

export const ACCESS_DENIED = {
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied',
  status: 'failure',
};
