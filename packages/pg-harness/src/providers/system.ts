import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { HarnessError } from '../errors.js';
import { registerCleanup } from '../cleanup.js';
import type { RunningServer } from '../server.js';
import { THROWAWAY_SERVER_FLAGS, freePort, isRoot, makeClusterDir, stopClusterOnExit } from './local-cluster.js';
import { describeServer } from './describe.js';

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
    throw new HarnessError(`PG_BIN_DIR=${env.PG_BIN_DIR} does not hold initdb and postgres`, 'Point PG_BIN_DIR at the bin folder of a PostgreSQL server install (e.g. /usr/lib/postgresql/15/bin), or unset it to search.');
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
 * (initdb into a temp dir, then `postgres` on a free loopback port). As root
 * the processes run as the `postgres` OS user, which Postgres requires.
 *
 * @param reason why this provider was chosen
 * @throws HarnessError when binaries are missing, no `postgres` user exists as root, or the server does not come up within 30 s
 */
export async function startSystem(reason: string): Promise<RunningServer> {
  const binDir = findSystemBinDir();
  const ids = isRoot() ? postgresUserIds() : {};
  const { parent, dataDir } = makeClusterDir('incident-replay-pgsys');
  const password = 'replay';
  const pwFile = path.join(parent, 'pwfile');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o644 });
  let child: ChildProcess | undefined;
  const unhookExit = stopClusterOnExit(parent, () => child);
  const undo = registerCleanup(`system Postgres in ${parent}`, async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGINT'); // "fast shutdown" per the postgres docs
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(parent, { recursive: true, force: true });
    unhookExit();
  });
  try {
    execFileSync(
      path.join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '--no-sync', '--encoding=UTF8', '--locale=C'],
      { ...ids, stdio: 'pipe' },
    );
    const port = await freePort();
    const output: string[] = [];
    child = spawn(
      path.join(binDir, 'postgres'),
      ['-D', dataDir, '-p', String(port), '-k', parent, ...THROWAWAY_SERVER_FLAGS],
      { ...ids, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    await waitForReady(child, output, 30_000);
    const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    const info = await describeServer('system', adminUrl, `127.0.0.1:${port}`, `${reason}; binaries in ${binDir}`);
    return { ...info, dataDir: parent, stop: undo };
  } catch (err) {
    await undo();
    if (err instanceof HarnessError) throw err;
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new HarnessError(`system Postgres failed to start: ${(err as Error).message} ${stderr}`, 'Check PG_BIN_DIR and that /tmp is writable; or choose another provider with PG_PROVIDER.', err);
  }
}

function waitForReady(child: ChildProcess, output: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms: ${output.join('')}`)), timeoutMs);
    const check = () => {
      if (output.join('').includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr!.on('data', check);
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited with code ${code}: ${output.join('')}`));
    });
  });
}

function postgresUserIds(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new HarnessError(
      `running as root (${os.userInfo().username}) and there is no "postgres" OS user to run the server as`,
      'Create one (useradd postgres) or run as a normal user; Postgres refuses to run as root.',
    );
  }
}
