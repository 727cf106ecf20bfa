import type { AccessToken } from '../core/access-token.js';
import type { ParsedBody } from './json.js';
import type { RateLimitWait } from './rate-limit-wait.js';
import type { ResponseHeaders } from './response-headers.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
export type QueryValue =
  | string
  | number
  | boolean
  | readonly (string | number | boolean)[]
  | null
  | undefined;

/** What the token engine gives the pipeline: `TokenProvider` fits, and so does any test double. */
export interface AccessTokenSource {
  getToken(options?: { forceRefresh?: boolean }): Promise<AccessToken>;
  /** Drops `accessToken` after Zoho refused it, only if it is still the current one (compare-and-delete). */
  invalidate(accessToken: string): Promise<void>;
  /**
   * Remembers that Zoho refused `accessToken` for `scope` in a way that cannot be its expiry, so that calls
   * needing that scope fail at once instead of costing new tokens (TokenProvider shares it through its store).
   */
  recordScopeRefusal?(accessToken: string, scope: string): Promise<void>;
  /** The scopes recorded as refused for `accessToken` where other processes can see them (the store), now. */
  storedRefusals?(accessToken: string): Promise<string[]>;
}

/**
 * Hooks the rate-limit layer hands down to the retry layer, so that every attempt, not only the first,
 * counts against the per-minute window, and a 429 pauses every caller of that organization.
 */
export interface AttemptGate {
  beforeRetry(): Promise<void>;
  pauseUntil(epochMs: number): void;
  /** What this call may still wait on 429s, shared by the retry layer's sleeps and the limiter's pauses. */
  rateLimitWait: RateLimitWait;
}

/** One request as it travels down the pipeline. Immutable: a layer passes a modified copy down. */
export interface HttpRequest {
  readonly method: HttpMethod;
  /** Relative to the Books base (`/books/v3`, or the configured version), starting with '/'. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Serialized once, before the pipeline, so a replay sends the same bytes. */
  readonly body?: string | FormData;
  readonly headers?: Readonly<Record<string, string>>;
  /** The rate-limit key; undefined for calls that need none (GET /organizations). */
  readonly organizationId?: string;
  /** From the operations table: the scope named when Zoho refuses the token for lack of it. */
  readonly scope?: string;
  readonly operationId?: string;
  /** The caller accepts a possible duplicate: POST/PUT/DELETE may be resent after a lost response. */
  readonly retryUnsafe?: boolean;
  readonly signal?: AbortSignal;
  /** Set by the auth layer: `<api domain>/books/<version>`. */
  readonly baseUrl?: string;
  /** Set by the rate-limit layer for the retry layer. */
  readonly gate?: AttemptGate;
}

/** What a layer replaces in the request it passes down. */
type RequestChanges = Pick<HttpRequest, 'baseUrl' | 'headers' | 'gate' | 'signal'>;

/**
 * `request` with some fields replaced, as one object literal of one shape: every call goes through three
 * layers, and there a spread (whose result takes the varying shape of its input) costs more than the layer.
 */
export function changedRequest(request: HttpRequest, changes: RequestChanges): HttpRequest {
  return {
    method: request.method,
    path: request.path,
    query: request.query,
    body: request.body,
    headers: changes.headers ?? request.headers,
    organizationId: request.organizationId,
    scope: request.scope,
    operationId: request.operationId,
    retryUnsafe: request.retryUnsafe,
    signal: changes.signal ?? request.signal,
    baseUrl: changes.baseUrl ?? request.baseUrl,
    gate: changes.gate ?? request.gate,
  };
}

/** What came back, body read in full. The parsed JSON is computed once, on first use, and kept. */
export class HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly bytes: Uint8Array;
  #text: string | undefined;
  #parsed: ParsedBody | undefined;
  readonly #parse: (text: string) => ParsedBody;

  constructor(
    status: number,
    headers: ResponseHeaders,
    bytes: Uint8Array,
    parse: (text: string) => ParsedBody,
  ) {
    this.status = status;
    this.headers = headers;
    this.bytes = bytes;
    this.#parse = parse;
  }

  get text(): string {
    // Buffer's decoder is native and needs no decoder object per answer (a BOM is trimmed by parseBody).
    this.#text ??= Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString(
      'utf8',
    );
    return this.#text;
  }

  get body(): ParsedBody {
    this.#parsed ??= this.#parse(this.text);
    return this.#parsed;
  }
}

export type Handler = (request: HttpRequest) => Promise<HttpResponse>;
/** A pipeline stage: given the next stage, the handler that wraps it. */
export type Layer = (next: Handler) => Handler;
