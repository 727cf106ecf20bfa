/** A response body as the error factory and the client see it. */
export type ParsedBody =
  | { readonly kind: 'json'; readonly value: Record<string, unknown> }
  | { readonly kind: 'empty' }
  | { readonly kind: 'html' }
  /** Cut off, or not JSON at all. */
  | { readonly kind: 'malformed' };

/**
 * Integers of 16 or more digits outside strings: Zoho's ids are 15–19 digits, and a JSON number that long
 * loses precision as a JavaScript number (9007199254740993 would become …992). The alternation skips over
 * strings, so digits inside them are left alone.
 */
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/**
 * A long integer outside a string must follow `:`, `[` or `,` (and spaces). Zoho quotes most ids, so this
 * cheap test usually fails and the body is parsed as it came, without a rewritten copy.
 */
const MAYBE_BARE_LONG_INTEGER = /[:[,]\s*-?\d{16}/;

/** Quotes long integers so they arrive as strings. */
export function quoteLongIntegers(text: string): string {
  if (!MAYBE_BARE_LONG_INTEGER.test(text)) return text;
  return text.replace(STRING_OR_LONG_INTEGER, (match) => (match.startsWith('"') ? match : `"${match}"`));
}

/** Parses a body once, keeping ids exact, and says what it was when it was not a JSON object. */
export function parseBody(text: string): ParsedBody {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed.startsWith('<')) return { kind: 'html' };
  try {
    const value: unknown = JSON.parse(quoteLongIntegers(trimmed));
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
