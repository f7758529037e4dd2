import type { ProcessIdentity } from './processes.js';

/**
 * A provider's name: one of the registered providers (built in: `url`,
 * `container`, `embedded`, `system`; see providers/registry.ts).
 */
export type ProviderName = string;

/**
 * What a test needs to know about the server, and nothing that cannot cross a
 * process boundary (vitest passes it from globalSetup to workers as JSON).
 */
export interface ServerInfo {
  /** Which provider started (or found) the server. */
  provider: ProviderName;
  /** `SHOW server_version`, e.g. `"17.10"`. */
  version: string;
  /**
   * A connection URL to the maintenance database (`postgres`) as a role
   * allowed to CREATE DATABASE. Databases the harness creates get their own
   * URL from {@link ServerInfo.adminUrl} with the database name swapped.
   * It holds the password (random per cluster for the embedded, system and
   * container providers): print {@link ServerInfo.address} or
   * {@link redactUrl} of it, never the URL itself.
   */
  adminUrl: string;
  /**
   * Where the server listens, `host:port` (e.g. `127.0.0.1:54012`), for
   * messages that must name the server without its credentials.
   */
  address: string;
  /** One human line: provider, version, address and why it was chosen. */
  description: string;
}

/** A server this run started (or borrowed) and must stop. */
export interface RunningServer extends ServerInfo {
  /** The cluster's directory on this machine (embedded and system providers), removed by `stop()`. */
  dataDir?: string;
  /**
   * The postmaster's process id (embedded and system providers; absent for
   * `url` and `container`, whose server is not a process of this machine's
   * run). Fault-injection tests SIGKILL it to take the server away.
   */
  pid?: number;
  /**
   * The postmaster's pid with its start time (see `processIdentity`), with {@link RunningServer.pid}:
   * what a signal to it is checked against (the number alone may belong to another process by then).
   */
  serverProcess?: ProcessIdentity;
  /**
   * Stops the server and removes what the provider created (process, data
   * directory, container). Idempotent, and it always settles within seconds,
   * also when the server already died (a SIGKILL): every wait is bounded. For the `url` provider it only
   * forgets the server: a server the harness did not start is never stopped.
   */
  stop(): Promise<void>;
}

/**
 * Returns `adminUrl` with its database replaced by `database`.
 *
 * @param adminUrl a `postgres://` URL
 * @param database the database name (not escaped: harness names are `[a-z0-9_]`)
 */
export function urlForDatabase(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Hides the password in a connection URL, for logs and journals. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}
