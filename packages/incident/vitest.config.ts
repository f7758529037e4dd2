import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.mjs';

export default defineConfig({
  test: {
    globalSetup: ['./src/vitest-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters,
  },
});
