import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.mjs';

// One embedded Postgres for the files that only need a live server (test/global-setup.ts);
// the tests about starting, stopping, killing or interrupting one still start their own.
// At least two workers even on 2 cores (vitest's default there is one): much of these files'
// time is waiting (a 5 s interrupt-listener budget, kill grace periods, a 2 s drop grace),
// which another file's work can fill.
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters,
  },
});
