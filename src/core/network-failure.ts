/**
 * The one reading of a failed exchange, shared by the accounts client and the Books transport (fetch or
 * node:http): which failure it was, as a code a person can search for, and whether it proves the request never
 * left this machine, which is what makes resending even a POST or a single-use grant code safe.
 */

/** Failures that happen before a connection exists: nothing of the request can have been sent. */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface NetworkFailure {
  /** `ECONNREFUSED`, `ECONNRESET`, `TIMEOUT`, …; `NETWORK_ERROR` only when the failure names nothing. */
  readonly code: string;
  /** 'no' when the failure proves nothing was sent. */
  readonly sent: 'no' | 'maybe';
}

/**
 * Reads fetch's `TypeError('fetch failed', { cause })`, node:http's errors, an `AggregateError` of every
 * address tried (`localhost` resolving to ::1 and 127.0.0.1: the refusal is in `errors`, not on the error)
 * and timeouts. `connected` is what the caller knows: a failure before the connection was established is
 * never-sent whatever its code (a reset during the TLS handshake, a certificate refused).
 */
export function classifyNetworkFailure(error: unknown, connected = true): NetworkFailure {
  const code = failureCode(error);
  return { code, sent: !connected || NEVER_SENT_CODES.has(code) ? 'no' : 'maybe' };
}

function failureCode(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'TIMEOUT';
  }
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const own = (e as { code?: unknown }).code;
    if (typeof own === 'string' && /^[A-Z][A-Z0-9_]+$/.test(own)) return own;
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      const codes = inner.map(failureCode);
      // Every address refused (or unreachable): that is the answer; otherwise the first that says something.
      return codes.find((c) => c !== 'NETWORK_ERROR') ?? 'NETWORK_ERROR';
    }
    e = (e as { cause?: unknown }).cause;
  }
  return 'NETWORK_ERROR';
}

const MEANINGS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused, nothing listens there; the request was never sent',
  ENOTFOUND: 'the host name does not resolve; the request was never sent',
  EAI_AGAIN: 'the host name could not be resolved now; the request was never sent',
  EHOSTUNREACH: 'no route to the host; the request was never sent',
  ENETUNREACH: 'no route to the network; the request was never sent',
  EADDRNOTAVAIL: 'no local address to connect from; the request was never sent',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out; the request was never sent',
  ECONNRESET: 'connection reset',
};

/** The code with what it means for a person, for messages: `ECONNREFUSED, connection refused, …`. */
export function describeFailureCode(code: string): string {
  const meaning = MEANINGS[code];
  return meaning ? `${code}, ${meaning}` : code;
}

/** The classifier's own labels, which name no system error. */
const OWN_LABELS: ReadonlySet<string> = new Set(['TIMEOUT', 'NETWORK_ERROR']);

/**
 * What a ZbooksError keeps as the `cause` of a failed exchange: the failure's text, already redacted by the
 * caller (a URL or a body fragment in it may hold a secret), and the system's own `code` (`ECONNREFUSED`…),
 * as Node puts it on its errors. The ZbooksError itself carries the failure as its `reason`: its `code` is
 * kept for Zoho's numbers.
 */
export function failureCause(failure: NetworkFailure, redactedMessage: string): Error {
  const cause = new Error(redactedMessage);
  return OWN_LABELS.has(failure.code) ? cause : Object.assign(cause, { code: failure.code });
}
