import type { IncomingMessage } from 'node:http';
import { readBody } from '../body.js';
import { EmulatorInputError } from '../errors.js';
import { BooksError, invalidValue } from './errors.js';
import type { Rec } from './state.js';

/** Attachments make Books bodies bigger than the accounts server's. */
const MAX_BOOKS_BODY = 10 * 1024 * 1024;

/** A file sent in a multipart body (an attachment, a receipt). */
export interface Upload {
  field: string;
  name: string;
  type: string;
  data: Buffer;
}

export interface BooksBody {
  /** The JSON object sent, directly or as the `JSONString` form field; {} when none. */
  json: Rec;
  /** Names of the file fields of a multipart body. */
  files: string[];
  /** The files themselves, as attachments are stored and answered back. */
  uploads: Upload[];
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function parseObject(text: string, field: string): Rec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidValue(field);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidValue(field);
  return value as Rec;
}

async function formOf(buf: Buffer, contentType: string): Promise<FormData> {
  try {
    return await new Request('http://books.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: buf,
    }).formData();
  } catch {
    throw invalidValue('JSONString');
  }
}

/**
 * Books takes JSON (`application/json`), the older `JSONString=<json>` form (urlencoded or multipart),
 * and files as multipart fields. Anything malformed is Zoho's code 2, never a crash.
 */
export async function readBooksBody(req: IncomingMessage): Promise<BooksBody> {
  let buf: Buffer;
  try {
    buf = await readBody(req, MAX_BOOKS_BODY);
  } catch (err) {
    if (err instanceof EmulatorInputError) throw new BooksError(413, 2, 'The request body is too large.');
    throw err;
  }
  if (buf.length === 0) return { json: {}, files: [], uploads: [] };
  const type = mediaType(req);
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    const form = await formOf(buf, req.headers['content-type']!);
    const files: string[] = [];
    const uploads: Upload[] = [];
    let json: Rec = {};
    for (const [key, value] of form) {
      if (typeof value !== 'string') {
        files.push(key);
        uploads.push({
          field: key,
          name: value.name || key,
          type: value.type || 'application/octet-stream',
          data: Buffer.from(await value.arrayBuffer()),
        });
      } else if (key === 'JSONString') json = parseObject(value, 'JSONString');
      else if (type === 'multipart/form-data' && !(key in json)) json[key] = value;
    }
    return { json, files, uploads };
  }
  return { json: parseObject(buf.toString('utf8'), 'JSONString'), files: [], uploads: [] };
}
