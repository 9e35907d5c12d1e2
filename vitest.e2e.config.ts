import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-e2e.json' }]],
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
