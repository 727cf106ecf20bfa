import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const FOLDER = `${root}../shared/zoho/books-openapi`;
const GENERATED = [
  'src/books/generated/operations.ts',
  'src/books/generated/types.ts',
  'src/books/generated/api.ts',
  'test/books/generated/schemas.ts',
  'src/emulator/books/generated/surface.ts',
];
const read = (rel: string) => readFileSync(`${root}${rel}`, 'utf8');

/** String literals of the generated tables (their one-entry lines) hold names, never sentences. */
const literals = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => /^\s+[{']/.test(line))
    .flatMap((line) => [...line.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!));

describe('the generated files on their own (no OpenAPI folder needed)', () => {
  it('quote names and facts, never sentences', () => {
    for (const rel of GENERATED) {
      const sentences = literals(read(rel)).filter((s) => !s.includes(':') && s.split(' ').length > 4);
      expect(sentences, rel).toEqual([]);
    }
  });
});

// The generator reads Zoho's files, which a fresh clone does not have: these run only beside them.
describe.skipIf(!existsSync(FOLDER))('scripts/generate-books.mjs against the OpenAPI files', () => {
  const load = async () => {
    const modulePath = `${root}scripts/generate-books.mjs`;
    const { generate } = (await import(modulePath)) as {
      generate: (folder: string) => Record<string, string>;
    };
    return generate(FOLDER);
  };

  it('reproduces the committed files exactly (deterministic, already formatted)', async () => {
    const files = await load();
    expect(Object.keys(files).sort()).toEqual([...GENERATED].sort());
    for (const rel of GENERATED)
      expect(files[rel] === read(rel), `${rel} is stale: run npm run generate`).toBe(true);
  }, 30_000);

  it('copies no prose from the spec', async () => {
    const yaml = await import('yaml');
    const { readdirSync } = await import('node:fs');
    const texts = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if ((k === 'description' || k === 'summary') && typeof v === 'string') texts.add(v);
          else walk(v);
        }
      }
    };
    for (const f of readdirSync(FOLDER).filter((n) => n.endsWith('.yml')))
      walk(yaml.parse(readFileSync(`${FOLDER}/${f}`, 'utf8')));
    const sentences = [...texts]
      .flatMap((t) => t.split(/(?<=[.!?])\s+|<[^>]+>/))
      .map((s) => s.trim())
      .filter((s) => s.split(/\s+/).length >= 6);
    expect(sentences.length).toBeGreaterThan(1000);
    const generated = GENERATED.map(read).join('\n');
    const leaked = sentences.filter((s) => generated.includes(s));
    expect(leaked).toEqual([]);
  }, 30_000);
});
