import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.mjs';

// At least two workers even on 2 cores (vitest's default there is one): the fault and signal
// suites spend most of their time waiting for the replay command's processes (gates, pauses,
// shutdowns), which another file's work can fill.
export default defineConfig({
  test: { testTimeout: 120_000, maxWorkers: Math.max(2, os.availableParallelism() - 1), reporters },
});
