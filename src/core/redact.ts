/** Zoho token-shaped strings: access and refresh tokens and grant codes all look like `1000.<hex>.<hex>`. */
const TOKEN_SHAPE = /\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/gi;
const SECRET_PARAMS = /\b(client_secret|refresh_token|access_token|code|token)=([^&\s"']+)/gi;
const AUTH_HEADER = /(Zoho-oauthtoken|Bearer)\s+[^\s"',]+/gi;

export const REDACTED = '[redacted]';

/**
 * Removes secrets from text that may reach a person: the known secret values, anything shaped like a Zoho
 * token, secret-named URL or form parameters, and Authorization header values.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(TOKEN_SHAPE, REDACTED)
    .replace(SECRET_PARAMS, (_, name: string) => `${name}=${REDACTED}`)
    .replace(AUTH_HEADER, (_, scheme: string) => `${scheme} ${REDACTED}`);
}

/** A short, single-line, redacted excerpt of a response body for an error message. */
export function excerpt(body: string, secrets: readonly (string | undefined)[] = [], max = 120): string {
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
