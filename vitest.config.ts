import { defineConfig } from 'vitest/config';
import LongFirst from './test/setup/long-first.js';

// Two cores: forks keep processes isolated (tests spawn servers and subprocesses), two at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Test files share each worker's module cache: importing the library and the CLI once per worker instead of
    // once per file halves the run. Safe because nothing of ours keeps module-level state (DESIGN.md) and no
    // test patches globals.
    isolate: false,
    // redis-server, zsh, fish and tmux: found, or obtained once into node_modules/.cache (test/fixtures/tools.mjs).
    globalSetup: ['test/setup/tools.ts'],
    // The last reporter closes the run with a line per missing tool. In CI a JSON report too, from which
    // .ci/run prints the plain "N passed, N failed" closing line.
    reporters: [
      'default',
      ...(process.env.CI
        ? [['json', { outputFile: '.test-results.json' }] as [string, Record<string, unknown>]]
        : []),
      './test/setup/missing-tools-reporter.ts',
    ],
    sequence: { sequencer: LongFirst },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
