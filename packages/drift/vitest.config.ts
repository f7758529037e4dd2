import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.mjs';

// One Postgres server for the whole run (globalSetup, from the incident package);
// each test file makes its own databases on it and drops them.
//
// isolate: false — the test files of a worker share one module graph, so the TypeScript
// compiler, jiti, and the Prisma and libpg-query WebAssembly modules load once per worker
// instead of once per file (measured: about 20 s of CPU less on 2 cores). Files must
// therefore leave no global state behind: registry.test.ts takes its added source out
// again, and database labels are unique across files.
//
// maxWorkers: at least two even on 2 cores (vitest's default there is one): the packed-tarball and
// rehearsal tests spend most of their time waiting for npm, npx and PostgreSQL processes, which
// another file's work can fill (measured alone on 2 cores: 82 s with one worker, 53 s with two,
// the same CPU).
export default defineConfig({
  test: {
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    globalSetup: ['@incident-replay/incident/vitest-global-setup'],
    isolate: false,
    testTimeout: 60_000,
    reporters,
    hookTimeout: 120_000,
  },
});
