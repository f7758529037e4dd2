import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { registerExitHook } from '../cleanup.js';

/**
 * Settings shared by the two providers that run Postgres binaries on this
 * machine (embedded and system): a throwaway cluster, so durability is off.
 * Postgres documents fsync/full_page_writes/synchronous_commit off as safe
 * only when losing the data is acceptable, which it is for a test run.
 */
export const THROWAWAY_SERVER_FLAGS = [
  '-c', 'fsync=off',
  '-c', 'synchronous_commit=off',
  '-c', 'full_page_writes=off',
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'max_connections=200',
];

/**
 * Makes a fresh directory for a cluster's data under {@link clusterRoot}, readable
 * by the `postgres` OS user when this process is root (Postgres refuses to run
 * as root, so the server runs as that user).
 *
 * @returns the parent directory (to remove afterwards) and the data directory path inside it (not yet created)
 */
export function makeClusterDir(prefix: string): { parent: string; dataDir: string } {
  const parent = fs.mkdtempSync(path.join(clusterRoot(), `${prefix}-`));
  fs.chmodSync(parent, 0o777);
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
 * Registers the last-chance exit hook of a local cluster, for an exit nobody
 * cleaned up for (an uncaught exception): stops the server and removes the
 * cluster's directory, synchronously. SIGQUIT is Postgres's "immediate
 * shutdown": unlike SIGKILL it still removes its shared memory segments
 * (/dev/shm/PostgreSQL.*).
 *
 * @param parent the directory from {@link makeClusterDir} to remove
 * @param server the postmaster process, once started (undefined before)
 * @returns a function that unregisters the hook (after a normal stop)
 */
export function stopClusterOnExit(parent: string, server: () => ChildProcess | undefined): () => void {
  return registerExitHook(() => {
    const child = server();
    if (child && child.exitCode === null) child.kill('SIGQUIT');
    fs.rmSync(parent, { recursive: true, force: true });
  });
}
