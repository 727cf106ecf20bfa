// Bundles the CLI into dist/bin/ with esbuild. Start-up time is what scripts pay on every `zbooks auth token`,
// so the entry (main.js, with the synchronous token fast path inlined) is one small CommonJS file, which Node
// starts faster than a module; dist/bin/package.json says so. The rest of the program is a second build, ES
// modules (.mjs) split into one file per command, loaded only when a command needs it.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
};

await mkdir('dist/bin', { recursive: true });
await writeFile('dist/bin/package.json', `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

// The entry: './program.js' stays a runtime import of the second build's output, named .mjs there.
await build({
  ...common,
  format: 'cjs',
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/bin/main.js',
  plugins: [
    {
      name: 'program-is-mjs',
      setup(b) {
        b.onResolve({ filter: /^\.\/program\.js$/ }, () => ({ path: './program.mjs', external: true }));
      },
    },
  ],
});
await build({
  ...common,
  format: 'esm',
  entryPoints: ['src/cli/program.ts'],
  outdir: 'dist/bin',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  // Loaded only when used, and not bundleable: a native module, and a client with many optional parts.
  external: ['ioredis', '@napi-rs/keyring'],
  // Bundled CommonJS dependencies (commander) may call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
await chmod('dist/bin/main.js', 0o755);
