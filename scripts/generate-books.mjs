#!/usr/bin/env node
// Turns Zoho's Books OpenAPI files into committed TypeScript facts (no prose):
//   src/books/generated/operations.ts  the client's operations table
//   src/books/generated/types.ts       request and response record interfaces
//   src/books/generated/api.ts         one interface per module: what an editor shows for books.<module>
//   test/books/generated/schemas.ts    response field types per operation (conformance tests only; not shipped)
//   src/emulator/books/generated/surface.ts  the emulator's own copy of the surface
// Usage: npm run generate -- [openapi folder] [--out <repo root>]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitApi } from './books-gen/api.mjs';
import { buildCollections } from './books-gen/collections.mjs';
import { emitOperations, emitSchemas, emitSurface, HEADER } from './books-gen/emit.mjs';
import { loadSpecs } from './books-gen/load.mjs';
import { buildOperations } from './books-gen/model.mjs';
import { pascal } from './books-gen/naming.mjs';
import { emitTypes, preferredNames, recordNames, TypeRegistry } from './books-gen/types.mjs';

const repoRoot = resolvePath(dirname(fileURLToPath(import.meta.url)), '..');

const parseArgs = (argv) => {
  const args = { folder: resolvePath(repoRoot, '../shared/zoho/books-openapi'), out: repoRoot, format: true };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') {
      i += 1;
      args.out = resolvePath(argv[i]);
    } else if (argv[i] === '--no-format') args.format = false;
    else args.folder = resolvePath(argv[i]);
  }
  return args;
};

const registerTypes = (ops, preferred, recordOf) => {
  const registry = new TypeRegistry(preferred, recordOf);
  for (const op of ops) {
    op.responseSchema = registry.response(op.doc, op);
    op.requestSchema = registry.request(op.doc, op, `${pascal(op.id)}Request`);
  }
  return registry;
};

export const generate = (folder) => {
  const ops = buildOperations(loadSpecs(folder));
  const collections = buildCollections(ops);
  // Two passes: the first finds the names the spec spells two ways and the names of each collection's
  // records; the second registers each record type once, under that name.
  const first = registerTypes(ops);
  const preferred = preferredNames(first.types.keys());
  const registry = registerTypes(ops, preferred, recordNames(ops, preferred));
  const modules = [...new Set(ops.map((op) => op.module))].sort();
  return {
    'src/books/generated/operations.ts': emitOperations(ops, modules),
    'src/books/generated/types.ts': emitTypes(registry, HEADER),
    'src/books/generated/api.ts': emitApi(ops, modules, new Set(registry.types.keys()), HEADER),
    'test/books/generated/schemas.ts': emitSchemas(ops),
    'src/emulator/books/generated/surface.ts': emitSurface(ops, collections),
  };
};

const main = () => {
  const args = parseArgs(process.argv.slice(2));
  const files = generate(args.folder);
  const written = [];
  for (const [rel, text] of Object.entries(files)) {
    const path = join(args.out, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written.push(path);
  }
  if (args.format) {
    // The emitters already write formatted code; biome settles whatever they got wrong.
    execFileSync('npx', ['biome', 'format', '--write', ...written], { cwd: repoRoot, stdio: 'inherit' });
  }
  for (const path of written) console.log(`wrote ${path}`);
};

if (process.argv[1] && resolvePath(process.argv[1]) === fileURLToPath(import.meta.url)) main();
