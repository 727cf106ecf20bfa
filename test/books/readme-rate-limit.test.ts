import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type World, world } from './world.js';

let w: World<[]>;
afterEach(async () => {
  await w?.close();
});

type Shape = { [key: string]: Shape | null };

/** `{ a, b: { c, d }, e }` → { a: null, b: { c: null, d: null }, e: null }: the README's way of writing a shape. */
function parseShape(text: string): Shape {
  const tokens = text.match(/[{}:,]|[A-Za-z_$][\w$]*/g) ?? [];
  let at = 0;
  const object = (): Shape => {
    if (tokens[at++] !== '{') throw new Error(`expected { in ${text}`);
    const shape: Shape = {};
    while (tokens[at] !== '}') {
      const key = tokens[at++]!;
      const nested = tokens[at] === ':';
      if (nested) at++;
      shape[key] = nested ? object() : null;
      if (tokens[at] === ',') at++;
    }
    at++;
    return shape;
  };
  return object();
}

/** The same for a value: nested plain objects, keys only. */
function shapeOf(value: Record<string, unknown>): Shape {
  const shape: Shape = {};
  for (const [key, v] of Object.entries(value)) {
    shape[key] = v !== null && typeof v === 'object' ? shapeOf(v as Record<string, unknown>) : null;
  }
  return shape;
}

it('the rateLimit() shape in the README is the one the code returns (issue 9.7)', async () => {
  const readme = await readFile(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const line = /books\.rateLimit\(\);\s*\/\/\s*(\{.*\})\s*$/m.exec(readme);
  expect(line, 'README: `books.rateLimit(); // { … }`').not.toBeNull();
  w = await world();
  // One answer with X-Rate-Limit-* headers, so that `daily` is known; a 429, so that a pause is on.
  w.emu.injectFault({ target: 'books', kind: 'throttle', retryAfter: 1 });
  const org = w.seed.organizations[0]!.organization_id;
  await w.books.request('GET', '/contacts', { organizationId: org });
  const status = w.books.rateLimit(org);
  expect(shapeOf({ ...status, pausedUntil: 0 })).toEqual(parseShape(line![1]!));
});
