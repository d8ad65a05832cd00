import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/architecture/**/*.test.ts'],
    // One real Meilisearch for the whole run (tests/support/meilisearch-setup.ts); each file uses its own index.
    globalSetup: ['tests/support/meilisearch-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
