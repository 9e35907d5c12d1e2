import { defineConfig } from 'vitest/config';

/** npm run test:shell: the built main bundle (npm run build first) against the electron stand-in. */
export default defineConfig({
  test: {
    name: 'shell',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-shell.json' }]],
    include: ['test/shell/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
