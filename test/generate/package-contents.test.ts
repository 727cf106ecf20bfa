import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );

describe('what the package ships', () => {
  // `npm test` builds first; alone, run `npm run build` before this file.
  it('the built library and its typed surface, not the test-only response schemas', () => {
    expect(existsSync(`${root}dist/index.d.ts`), 'dist is missing: run npm run build').toBe(true);
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/books/generated/api.d.ts');
    expect(files).toContain('dist/books/generated/operations.js');
    expect(files.filter((f) => /schemas/i.test(f))).toEqual([]);
    expect(files.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && !/^[A-Z]/.test(f))).toEqual(
      [],
    );
  });

  it('no source file imports from test/ (the build would not compile it into dist)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(`${root}src`).filter((f) => f.endsWith('.ts'))) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(root, resolve(file, '..', spec!));
        if (!target.startsWith('src/')) offenders.push(`${relative(root, file)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
