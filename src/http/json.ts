/** A response body as the error factory and the client see it. */
export type ParsedBody =
  | { readonly kind: 'json'; readonly value: Record<string, unknown> }
  | { readonly kind: 'empty' }
  | { readonly kind: 'html' }
  /** Cut off, or not JSON at all. */
  | { readonly kind: 'malformed' };

/** A field whose value is an id (or a list of ids): `id`, `invoice_id`, `ids`, `item_ids`. */
const ID_FIELD = /(?:^|_)ids?$/;

/** JSON's tokens that matter here: strings (skipped whole, escapes included), numbers and punctuation. */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[{}[\]:,]/g;

/**
 * Ids come back as strings whatever their length, and no integer loses digits (issue 9.4): every number that
 * is the value of an id field, or an element of an array under one, and every integer a double cannot hold
 * exactly (beyond 2^53), is quoted, as written. Other numbers (amounts, rates, quantities) stay numbers.
 * Only the text is rewritten, so a 19-digit id never passes through a double. The text itself comes back
 * when there is nothing to quote.
 */
export function quoteIds(text: string): string {
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
  const value = parseKeepingIds(trimmed);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return { kind: 'json', value: value as Record<string, unknown> };
  }
  return { kind: 'malformed' };
}

/**
 * Parsed first, checked after: the text is scanned and parsed again only when an id or an integer may have
 * lost its exact form, which Zoho's bodies (ids quoted) almost never need. Text JSON.parse refuses gets the
 * rewrite too, as before (a bare `01` id is valid once quoted). Undefined when it is not JSON at all.
 */
function parseKeepingIds(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      return JSON.parse(quoteIds(text));
    } catch {
      return undefined; // truncated or not JSON
    }
  }
  return mayHaveLostDigits(value, false) ? JSON.parse(quoteIds(text)) : value;
}

/**
 * Whether quoteIds could change what `value` was parsed from: a number where an id is (the value of an id
 * field, or inside an array under one), or an integer a double cannot hold exactly (beyond 2^53; Infinity for
 * longer ones). A superset is harmless (1e300 is re-parsed and comes out the same); what matters is that the
 * rewrite never has anything to do when this says no.
 */
function mayHaveLostDigits(value: unknown, isId: boolean): boolean {
  if (typeof value === 'number') {
    return isId || (Number.isInteger(value) ? !Number.isSafeInteger(value) : !Number.isFinite(value));
  }
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const element of value) if (mayHaveLostDigits(element, isId)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    // Only numbers and arrays can be ids: the field name is tested for those alone.
    if (typeof field === 'object' && field !== null && !Array.isArray(field)) {
      if (mayHaveLostDigits(field, false)) return true;
    } else if (
      (typeof field === 'number' || Array.isArray(field)) &&
      mayHaveLostDigits(field, ID_FIELD.test(key))
    ) {
      return true;
    }
  }
  return false;
}

/** Zoho's numeric `code`, when the body is an envelope that has one. */
export function zohoCodeOf(body: ParsedBody): number | undefined {
  if (body.kind !== 'json') return undefined;
  const code = body.value.code;
  const n = typeof code === 'string' && /^-?\d+$/.test(code) ? Number(code) : code;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}
