import { defineConfig } from 'vitest/config';
import { reporters } from '../vitest.shared.mjs';

// One Postgres server for the whole run (globalSetup); each incident file
// makes its own databases on it and drops them.
export default defineConfig({
  test: {
    include: ['*/**/*.test.ts', 'claims-observed.test.ts'],
    globalSetup: ['@incident-replay/incident/vitest-global-setup'],
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 300_000,
    reporters,
  },
});
