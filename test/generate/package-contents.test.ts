import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );

describe('what the package ships', () => {
  // `npm test` builds first; alone, run `npm run build` before this file.
  it('the built library and its typed surface, not the test-only response schemas', () => {
    // npm publishes `files` (plus package.json, README, LICENSE): dist/ alone.
    const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { files: string[] };
    expect(manifest.files).toEqual(['dist']);
    expect(existsSync(`${root}dist/index.d.ts`), 'dist is missing: run npm run build').toBe(true);
    const shipped = filesUnder(`${root}dist`).map((f) => relative(root, f));
    expect(shipped).toContain('dist/books/generated/api.d.ts');
    expect(shipped).toContain('dist/books/generated/operations.js');
    expect(shipped.filter((f) => /schemas/i.test(f))).toEqual([]);
  });

  it('no source file imports from test/ (the build would not compile it into dist)', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(`${root}src`).filter((f) => f.endsWith('.ts'))) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(root, resolve(file, '..', spec!));
        if (!target.startsWith('src/')) offenders.push(`${relative(root, file)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
