import { defineConfig } from 'vitest/config';

// Two cores: forks keep processes isolated (tests spawn servers and subprocesses), two at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
