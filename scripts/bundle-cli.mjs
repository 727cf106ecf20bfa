// Bundles the CLI into dist/bin/ with esbuild. Start-up time is what scripts pay on every `zbooks auth token`,
// so that path is one self-contained file (main.js, with the token fast path inlined); the rest of the
// program is a second build, split into one file per command, loaded only when a command needs it.
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded only when used, and not bundleable: a native module, and a client with many optional parts.
  external: ['ioredis', '@napi-rs/keyring'],
  // Bundled CommonJS dependencies (commander) may call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
};

// The entry: the fast path inlined; './program.js' stays a runtime import of the second build's output.
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/bin/main.js',
  external: [...common.external, './program.js'],
});
await build({ ...common, entryPoints: ['src/cli/program.ts'], outdir: 'dist/bin', splitting: true });
await chmod('dist/bin/main.js', 0o755);
