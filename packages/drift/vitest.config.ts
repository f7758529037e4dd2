import { defineConfig } from 'vitest/config';

// One Postgres server for the whole run (globalSetup, from the incident package);
// each test file makes its own databases on it and drops them.
export default defineConfig({
  test: {
    globalSetup: ['@incident-replay/incident/vitest-global-setup'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
