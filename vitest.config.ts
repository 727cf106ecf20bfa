import { defineConfig } from 'vitest/config';

// Two cores: forks keep processes isolated (tests spawn servers and subprocesses), two at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // In CI a JSON report too, from which .ci/run prints the plain "N passed, N failed" closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.test-results.json' }]] : ['default'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
