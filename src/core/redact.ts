/** Zoho token-shaped strings: access and refresh tokens and grant codes all look like `1000.<hex>.<hex>`. */
const TOKEN_SHAPE = /\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/gi;
/** `name=value` in a query or form, raw or with the `=` percent-encoded (`name%3Dvalue`). */
const SECRET_PARAMS = /\b(client_secret|refresh_token|access_token|code|token)(=|%3D)([^&\s"']+)/gi;
/** `"name":"value"` in JSON, the value possibly holding escaped quotes. */
const SECRET_JSON_FIELDS =
  /"(client_secret|refresh_token|access_token|code|token)"(\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
/** An Authorization value, with its space raw, URL-encoded (`%20`) or form-encoded (`+`). */
const AUTH_HEADER = /(Zoho-oauthtoken|Bearer)(\s+|%20|\+)[^\s"',&]+/gi;

export const REDACTED = '[redacted]';

/** Values shorter than this are not redacted by value: they would blank out ordinary words and numbers. */
const MIN_SECRET_LENGTH = 6;

/**
 * The forms a secret takes when a server or a proxy quotes it back: as is, URL-encoded (either hex case,
 * `%20` or `+` for a space), and JSON-escaped (with or without `\/`). A token of Zoho's shape has a single
 * form; other values (secrets from a hostile server, a test, a future format) may have several.
 */
export function encodedForms(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [
    secret,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (s) => s.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2),
    json,
    json.replace(/\//g, '\\/'),
    // Non-ASCII characters as \uXXXX, as Java and Python JSON writers do by default.
    json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  ];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * Removes secrets from text that may reach a person: the known secret values in each of their encoded
 * forms, anything shaped like a Zoho token, secret-named URL, form or JSON parameters, and Authorization
 * header values.
 */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of encodedForms(secret)) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
  }
  return out
    .replace(TOKEN_SHAPE, REDACTED)
    .replace(SECRET_PARAMS, (_, name: string, eq: string) => `${name}${eq}${REDACTED}`)
    .replace(SECRET_JSON_FIELDS, (_, name: string, colon: string) => `"${name}"${colon}"${REDACTED}"`)
    .replace(AUTH_HEADER, (_, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
}

/**
 * Every secret one run of zbooks knows: the client secret, refresh tokens, grant codes, and each access
 * token as it is minted or read from a store. It is an instance, not module state: the CLI makes one per
 * process and hands it to the token provider and the Books client, and a library user who builds several
 * clients can share one the same way (by default each token provider makes its own, which its Books client
 * adopts). Every place that turns server text into a message redacts with it.
 */
export class SecretRegistry implements Iterable<string> {
  readonly #values = new Set<string>();

  /** Learns a secret; returns it, so a value can be registered where it is obtained. */
  add<T extends string | undefined>(value: T): T {
    if (value && value.length >= MIN_SECRET_LENGTH) this.#values.add(value);
    return value;
  }

  has(value: string): boolean {
    return this.#values.has(value);
  }

  get size(): number {
    return this.#values.size;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.#values.values();
  }

  /** `redact()` with every secret known now, plus any given for this one text. */
  redact(text: string, extra: Iterable<string | undefined> = []): string {
    return redact(text, [...this.#values, ...extra]);
  }
}

/** A short, single-line, redacted excerpt of a response body for an error message. */
export function excerpt(body: string, secrets: Iterable<string | undefined> = [], max = 120): string {
  const flat = redact(body, secrets)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Shows enough of an identifier to recognise it, and never the whole of a secret. */
export function mask(value: string | undefined, keep = 4): string {
  if (!value) return '(none)';
  if (value.length <= keep * 3) return '****';
  const prefix = value.startsWith('1000.') ? '1000.' : '';
  return `${prefix}****${value.slice(-keep)}`;
}
