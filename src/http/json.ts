/** A response body as the error factory and the client see it. */
export type ParsedBody =
  | { readonly kind: 'json'; readonly value: Record<string, unknown> }
  | { readonly kind: 'empty' }
  | { readonly kind: 'html' }
  /** Cut off, or not JSON at all. */
  | { readonly kind: 'malformed' };

/**
 * Could a bare number stand where an id is, or could an integer be too long for a double? A field named
 * `id`, `…_id`, `ids` or `…_ids` followed by a digit (or `[` and a digit), or 16 digits in a row after `:`, `[`
 * or `,`. Zoho quotes its ids, so this one cheap scan usually fails and the body is parsed as it came, with
 * no rewritten copy. It may match inside a string: then the rewrite below finds nothing to change.
 */
const MAYBE_NUMERIC_ID = /["_]ids?"\s*:\s*\[?\s*-?\d|[:[,]\s*-?\d{16}/;

/** A field whose value is an id (or a list of ids): `id`, `invoice_id`, `ids`, `item_ids`. */
const ID_FIELD = /(?:^|_)ids?$/;

/** JSON's tokens that matter here: strings (skipped whole, escapes included), numbers and punctuation. */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[{}[\]:,]/g;

/**
 * Ids come back as strings whatever their length, and no integer loses digits (issue 9.4): every number that
 * is the value of an id field, or an element of an array under one, and every integer a double cannot hold
 * exactly (beyond 2^53), is quoted, as written. Other numbers (amounts, rates, quantities) stay numbers.
 * Only the text is rewritten, so a 19-digit id never passes through a double.
 */
export function quoteIds(text: string): string {
  if (!MAYBE_NUMERIC_ID.test(text)) return text;
  return quoteIdsIn(text);
}

function quoteIdsIn(text: string): string {
  // One frame per open object or array: for an array, whether its elements are ids; objects use `key`.
  const arrayOfIds: (boolean | undefined)[] = [];
  let key = '';
  let expectingKey = false;
  const parts: string[] = [];
  let copiedTo = 0;
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const inArray = arrayOfIds.at(-1);
    switch (token) {
      case '{':
        arrayOfIds.push(undefined);
        expectingKey = true;
        continue;
      case '[':
        arrayOfIds.push(inArray ?? (arrayOfIds.length > 0 && ID_FIELD.test(key)));
        continue;
      case '}':
      case ']':
        arrayOfIds.pop();
        expectingKey = false;
        continue;
      case ':':
        expectingKey = false;
        continue;
      case ',':
        expectingKey = inArray === undefined;
        continue;
    }
    if (token.startsWith('"')) {
      if (expectingKey && inArray === undefined) key = token.slice(1, -1);
      continue;
    }
    const isId = inArray ?? (arrayOfIds.length > 0 && ID_FIELD.test(key));
    if (isId || (!/[.eE]/.test(token) && !Number.isSafeInteger(Number(token)))) {
      parts.push(text.slice(copiedTo, match.index), `"${token}"`);
      copiedTo = match.index + token.length;
    }
  }
  if (copiedTo === 0) return text;
  parts.push(text.slice(copiedTo));
  return parts.join('');
}

/** Parses a body once, keeping ids exact, and says what it was when it was not a JSON object. */
export function parseBody(text: string): ParsedBody {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed.startsWith('<')) return { kind: 'html' };
  try {
    const value: unknown = JSON.parse(quoteIds(trimmed));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return { kind: 'json', value: value as Record<string, unknown> };
    }
  } catch {
    // fall through: truncated or not JSON
  }
  return { kind: 'malformed' };
}

/** Zoho's numeric `code`, when the body is an envelope that has one. */
export function zohoCodeOf(body: ParsedBody): number | undefined {
  if (body.kind !== 'json') return undefined;
  const code = body.value.code;
  const n = typeof code === 'string' && /^-?\d+$/.test(code) ? Number(code) : code;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}
