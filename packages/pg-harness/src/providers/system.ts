import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { HarnessError } from '../errors.js';
import type { RunningServer } from '../server.js';
import { isRoot, postgresUserIds, startLocalCluster } from './local-cluster.js';

/**
 * Finds the directory holding `initdb` and `postgres`: `PG_BIN_DIR` when set,
 * else `pg_config --bindir`, else the newest `/usr/lib/postgresql/<n>/bin`
 * (Debian's layout).
 *
 * @throws HarnessError when none of those holds both binaries
 */
export function findSystemBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const hasBinaries = (d: string) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'postgres'));
  if (env.PG_BIN_DIR) {
    // An explicit choice: never fall back to other binaries behind the user's back.
    if (hasBinaries(env.PG_BIN_DIR)) return env.PG_BIN_DIR;
    throw new HarnessError(
      `PG_BIN_DIR=${env.PG_BIN_DIR} does not hold initdb and postgres`,
      'Point PG_BIN_DIR at the bin folder of a PostgreSQL server install (e.g. /usr/lib/postgresql/15/bin), or unset it to search.',
    );
  }
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on PATH
  }
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const v of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, v, 'bin'));
  }
  const found = candidates.find(hasBinaries);
  if (!found) {
    throw new HarnessError(
      `no PostgreSQL server binaries found (looked in: ${candidates.join(', ') || 'no pg_config on PATH, no /usr/lib/postgresql'})`,
      'Install the PostgreSQL server (e.g. apt-get install postgresql) or set PG_BIN_DIR to the folder holding initdb and postgres.',
    );
  }
  return found;
}

/**
 * Starts a throwaway cluster with PostgreSQL binaries already on this machine
 * (initdb into a private temp dir, then `postgres` on a free loopback port;
 * see {@link startLocalCluster} for the password, shared memory and stop).
 * As root the processes run as the `postgres` OS user, which Postgres requires.
 *
 * @param reason why this provider was chosen
 * @param env the environment to read `PG_BIN_DIR` and `PG_DATA_ROOT` from (default `process.env`)
 * @throws HarnessError when binaries are missing, no `postgres` user exists as root, or the server does not come up within 30 s
 */
export async function startSystem(reason: string, env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const binDir = findSystemBinDir(env);
  return startLocalCluster({
    provider: 'system',
    bin: { initdb: path.join(binDir, 'initdb'), postgres: path.join(binDir, 'postgres') },
    dirPrefix: 'incident-replay-pgsys',
    env,
    initdbFlags: ['--locale=C'],
    reason: `${reason}; binaries in ${binDir}`,
    runAs: isRoot() ? postgresUserIds() : undefined,
    hint: 'Check PG_BIN_DIR and that the cluster root (PG_DATA_ROOT, /dev/shm or the temp dir) is writable; or choose another provider with PG_PROVIDER.',
  });
}
