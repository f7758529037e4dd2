/**
 * Where drift gets the PostgreSQL harness (`@incident-replay/pg-harness`) from. The harness is a
 * private workspace package of TypeScript sources, never published; the packed drift tarball carries
 * it as one bundled file, `dist/vendor/pg-harness.js` (written by scripts/bundle-harness.mjs after
 * tsc). So the same harness code runs everywhere, in one of two forms:
 * - built (dist/, the tarball in a user's project): the bundle next to this compiled module;
 * - in the workspace (vitest runs src/ directly, where no bundle exists): the workspace package.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The harness's API: what `@incident-replay/pg-harness` exports (the bundle exports the same). */
export type Harness = typeof import('@incident-replay/pg-harness');

/** The bundled harness, relative to this module: `dist/vendor/pg-harness.js` next to `dist/harness.js`. */
const VENDORED = new URL('./vendor/pg-harness.js', import.meta.url);

/**
 * Loads the PostgreSQL harness: `./vendor/pg-harness.js` relative to this compiled module when that
 * file exists (dist/, the packed tarball), else the workspace package `@incident-replay/pg-harness`
 * (src/ run by vitest or tsx inside the repository). Node caches the module: every call returns the
 * same instance, so its cleanup registry and signal handlers are installed once per process.
 *
 * @returns the harness module's namespace (`startPostgres`, `Databases`, `HarnessError`, …)
 * @throws Error (one line) when neither the bundle nor the workspace package is there (a dist/ built
 *   without scripts/bundle-harness.mjs, outside the repository); any other error of either import
 *   (a syntax error, a missing `pg`) is rethrown as it is
 */
export async function loadHarness(): Promise<Harness> {
  if (fs.existsSync(fileURLToPath(VENDORED))) return (await import(/* @vite-ignore */ VENDORED.href)) as Harness;
  try {
    return await import('@incident-replay/pg-harness');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes("'@incident-replay/pg-harness'")) {
      throw new Error(
        `the PostgreSQL harness is missing: no ${fileURLToPath(VENDORED)} (run the package's build: tsc, then scripts/bundle-harness.mjs) and no @incident-replay/pg-harness`,
        { cause: err },
      );
    }
    throw err;
  }
}
