import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.mjs';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    reporters,
    hookTimeout: 180_000,
  },
});
