/**
 * Request bodies go as JSON; multipart operations (attachments) take a FormData, or an object whose Blob
 * values become files (Zoho's field is `attachment`) and whose other values become fields.
 * BigInt ids are written as strings, as Zoho's ids are.
 */
export function serializeBody(
  kind: 'none' | 'json' | 'multipart',
  body: unknown,
): string | FormData | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof FormData) return body;
  if (kind === 'multipart') return toFormData(body as Record<string, unknown>);
  return JSON.stringify(body, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

function toFormData(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Blob) form.append(name, value, value instanceof File ? value.name : name);
    else if (typeof value === 'object') form.append(name, JSON.stringify(value));
    else form.append(name, String(value));
  }
  return form;
}
