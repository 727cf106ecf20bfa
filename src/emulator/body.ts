import type { IncomingMessage } from 'node:http';
import { EmulatorInputError } from './errors.js';

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > maxBytes) throw new EmulatorInputError('request body too large', 413);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function isFormType(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
}

/**
 * Form fields from an urlencoded or multipart body. Anything else (JSON, no type) carries no OAuth
 * parameters as far as Zoho is concerned, and a form that does not parse is treated the same way.
 */
export async function parseForm(body: Buffer, contentType: string | undefined): Promise<Map<string, string>> {
  const fields = new Map<string, string>();
  if (body.length === 0 || !contentType || !isFormType(contentType)) return fields;
  let form: FormData;
  try {
    form = await new Request('http://x/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }).formData();
  } catch {
    return fields;
  }
  for (const [key, value] of form) {
    fields.set(key, typeof value === 'string' ? value : await value.text());
  }
  return fields;
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new EmulatorInputError(`malformed JSON body: ${(err as Error).message}`);
  }
}
