import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/output.js';
import type { ZbooksError } from '../../src/core/errors.js';
import { errorFromResponse, STATUS_CLASSES, ZOHO_CODES } from '../../src/http/error-factory.js';
import { parseBody } from '../../src/http/json.js';
import { HttpResponse } from '../../src/http/types.js';

/**
 * README's error table (Zoho code → class → CLI exit code) is rebuilt here from the error factory itself:
 * each code is sent with HTTP 200 and 400 (Zoho uses both) and must give one class, and the README must
 * say exactly that. On a mismatch the expected table is in the failure, ready to paste.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function answer(status: number, body: unknown, method = 'GET') {
  const text = body === undefined ? '' : JSON.stringify(body);
  const response = new HttpResponse(
    status,
    new Headers({ 'content-type': 'application/json' }),
    new TextEncoder().encode(text),
    parseBody,
  );
  return errorFromResponse(response, { method, path: '/contacts', now: 0 });
}

/** "Class", or "Class (a write: OtherClass)" when a POST gets another. */
function classes(errorsForGet: Error[], errorsForPost: Error[]): string {
  const read = new Set(errorsForGet.map((e) => e.constructor.name));
  const write = new Set(errorsForPost.map((e) => e.constructor.name));
  expect(read.size, `one class whatever the status: ${[...read].join(', ')}`).toBe(1);
  expect(write.size).toBe(1);
  const [r] = read;
  const [w] = write;
  return r === w ? `\`${r}\`` : `\`${r}\` (a write: \`${w}\`)`;
}

function expectedTable(): string {
  const rows = ['| Zoho code | meaning | class | exit |', '|---|---|---|---:|'];
  for (const { codes, meaning } of ZOHO_CODES) {
    const get = codes.flatMap((code) => [200, 400].map((s) => answer(s, { code, message: 'm' })));
    const post = codes.flatMap((code) => [200, 400].map((s) => answer(s, { code, message: 'm' }, 'POST')));
    rows.push(`| ${codes.join(', ')} | ${meaning} | ${classes(get, post)} | ${exitCodeFor(get[0])} |`);
  }
  const sample: Record<string, number[]> = {
    '400': [400],
    '401': [401],
    '404': [404],
    '429': [429],
    '5xx': [500, 502, 503],
    'other 4xx': [403, 405, 409, 413],
  };
  for (const { status, meaning } of STATUS_CLASSES) {
    const statuses = sample[status]!;
    const bodies = [{ code: 99999, message: 'm' }, undefined];
    const get = statuses.flatMap((s) => bodies.map((b) => answer(s, b)));
    const post = statuses.flatMap((s) => bodies.map((b) => answer(s, b, 'POST')));
    rows.push(
      `| HTTP ${status}, no listed code | ${meaning} | ${classes(get, post)} | ${exitCodeFor(get[0])} |`,
    );
  }
  return rows.join('\n');
}

describe('code', () => {
  it("is Zoho's number, whatever the class and method, and undefined when Zoho gave none", () => {
    const listed = ZOHO_CODES.flatMap((entry) => entry.codes);
    for (const method of ['GET', 'POST']) {
      for (const code of [...listed, 99999]) {
        for (const status of [200, 400, 401, 404, 429, 500]) {
          const error = answer(status, { code, message: 'm' }, method) as ZbooksError;
          expect(error.code, `${method} HTTP ${status} code ${code}: ${error.constructor.name}`).toBe(code);
        }
      }
      for (const status of [400, 401, 404, 429, 500, 502]) {
        const error = answer(status, undefined, method) as ZbooksError;
        expect(error.code, `${method} HTTP ${status}, no body: ${error.constructor.name}`).toBeUndefined();
      }
    }
  });
});

describe('the README error table', () => {
  it('is what the error factory does (code first, status second)', () => {
    const table = expectedTable();
    const section = /<!-- error-table:begin -->\n([\s\S]*?)\n<!-- error-table:end -->/.exec(README);
    expect(section, 'README.md has no <!-- error-table:begin/end --> section').not.toBeNull();
    expect(section![1], `README's table should read:\n${table}\n`).toBe(table);
  });
});
