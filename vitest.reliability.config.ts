import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: the portal started as `npm start` starts it, then broken on purpose
// (SIGKILL during a load, the search engine killed). One file at a time: each starts its own portal.
export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
