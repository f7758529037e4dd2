import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.mjs';

// One Postgres server for the whole run (globalSetup, from the incident package);
// each test file makes its own databases on it and drops them.
export default defineConfig({
  test: {
    globalSetup: ['@incident-replay/incident/vitest-global-setup'],
    testTimeout: 60_000,
    reporters,
    hookTimeout: 120_000,
  },
});
