/**
 * What a dead run left, and the reaper that removes it. A run that is SIGKILLed (by a user, the OOM
 * killer, a CI job's timeout) runs no cleanup: its Postgres cluster keeps serving and its databases
 * stay on a borrowed server. So everything the harness creates carries an owner record — the pid
 * and start time of the process that created it, this machine's name and the run id — where a later
 * run can read it:
 * - a cluster: `owner.json` in its folder under the cluster root ({@link CLUSTER_OWNER_FILE}), with
 *   the postmaster's identity once it runs;
 * - a database: its comment (`COMMENT ON DATABASE`, read back with `shobj_description`), which
 *   lives on the server itself and so is seen by any later run against that server.
 *
 * Every harness start ({@link removeLeftovers}, called by `startPostgres`; `pnpm replay --clean`
 * does only this) removes what runs of this machine left whose owner process is gone, and says so
 * in one line. It never removes anything without a record (a database named `ir_anything` that the
 * harness did not create stays), nor anything whose owner is alive. Records of other machines (a
 * shared server) are listed, never acted on: whether their owner lives cannot be checked from here.
 * This follows Testcontainers' Ryuk in purpose (what a dead session started is removed), but needs
 * no process of its own: a watchdog that outlives its owner would itself be one more thing a SIGKILL
 * of the whole process group can take down.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DATABASE_PREFIX } from './databases.js';
import { hostName, isAlive, isSameProcess, selfIdentity, signalProcess, writeFileAtomic, type ProcessIdentity } from './processes.js';
import { readSysvSegment, removeSysvSegment, sysvSegmentAttached } from './providers/local-cluster.js';

/** Who created a cluster or a database: what a later run checks before it removes it. */
export interface OwnerRecord {
  /** The creating process (pid and start time). */
  owner: ProcessIdentity;
  /** The machine it ran on (`os.hostname()`). */
  host: string;
  /** The run id of its databases, when it had one. */
  runId?: string;
  /**
   * The process that started the whole run, when that is another process (a worker's databases name
   * the replay command that forked it): a database of the run without a record of its own is only
   * removed once this process is gone too (see {@link reapDatabases}).
   */
  root?: ProcessIdentity;
  /** When the record was written, ISO 8601. */
  createdAt: string;
  /** A cluster's postmaster (pid and start time), once it was spawned. */
  server?: ProcessIdentity;
}

/**
 * Whether a recorded owner is provably gone: no process with its pid and start time runs now. An
 * owner whose start could not be read when it was recorded (`unknown`) is never gone: nothing can
 * prove it.
 */
export function ownerGone(owner: ProcessIdentity): boolean {
  return owner.start !== 'unknown' && !isSameProcess(owner);
}

/** The owner record's file name in a cluster's folder. */
export const CLUSTER_OWNER_FILE = 'owner.json';

/** What a database comment starts with when it is an owner record. */
export const DATABASE_OWNER_TAG = 'incident-replay owner ';

/**
 * An owner record naming this process, now.
 *
 * @param root the process that started the run, when that is not this one (see {@link OwnerRecord.root})
 */
export function ownerRecord(runId?: string, root?: ProcessIdentity): OwnerRecord {
  return { owner: selfIdentity(), host: hostName(), ...(runId ? { runId } : {}), ...(root ? { root } : {}), createdAt: new Date().toISOString() };
}

/**
 * The run a database belongs to: the run id in its name (`ir_<runId>_…`) without the worker suffixes
 * (`<runId>w<n>`, see `workerRunId`), so a worker's databases and the command's share one.
 *
 * @returns the root run id, or `undefined` for a name that is not `ir_<runId>_…`
 */
export function runOfDatabase(name: string): string | undefined {
  const m = /^ir_([a-z0-9]+?)((?:w[0-9]+)*)_/.exec(name);
  return m?.[1];
}

/** Writes (or rewrites) a cluster's owner record, atomically, into its folder. */
export function writeClusterOwner(clusterDir: string, record: OwnerRecord): void {
  writeFileAtomic(path.join(clusterDir, CLUSTER_OWNER_FILE), `${JSON.stringify(record)}\n`);
}

/** The comment that records a database's owner (see {@link parseOwnerRecord}). */
export function databaseOwnerComment(record: OwnerRecord): string {
  return `${DATABASE_OWNER_TAG}${JSON.stringify(record)}`;
}

/**
 * Reads an owner record from a cluster's `owner.json` text or a database comment.
 *
 * @returns the record, or `undefined` for anything that is not one (no record: never removed)
 */
export function parseOwnerRecord(text: string | null | undefined): OwnerRecord | undefined {
  if (!text) return undefined;
  const json = text.startsWith(DATABASE_OWNER_TAG) ? text.slice(DATABASE_OWNER_TAG.length) : text;
  try {
    const r = JSON.parse(json) as OwnerRecord;
    const validId = (p: unknown): p is ProcessIdentity =>
      typeof p === 'object' && p !== null && Number.isInteger((p as ProcessIdentity).pid) && typeof (p as ProcessIdentity).start === 'string';
    if (!validId(r.owner) || typeof r.host !== 'string' || (r.server !== undefined && !validId(r.server))) return undefined;
    return r;
  } catch {
    return undefined;
  }
}

/** A cluster folder or a database that the reaper removed or left alone, with its owner. */
export interface Leftover {
  kind: 'cluster' | 'database';
  /** The folder's path or the database's name. */
  name: string;
  record: OwnerRecord;
}

/** What {@link removeLeftovers} did. */
export interface LeftoverReport {
  /** Removed: this machine's, owner gone. */
  removed: Leftover[];
  /** Left alone: records of other machines (their owner cannot be checked from here). */
  foreign: Leftover[];
  /** Could not be removed, with the reason. */
  failed: { leftover: Leftover; reason: string }[];
}

/** The folder name prefixes of the clusters the harness makes (embedded, system). */
export const CLUSTER_DIR_PREFIXES = ['incident-replay-pg-', 'incident-replay-pgsys-'] as const;

/** How long a stopped-for-good postmaster gets after SIGQUIT, then after SIGKILL, in ms. */
const REAP_STOP_BUDGET_MS = { quit: 3000, kill: 2000 } as const;

/**
 * Removes the clusters under `root` whose owner record names this machine and a process that is
 * gone: stops the postmaster (only when it is the recorded process: SIGQUIT, Postgres's immediate
 * shutdown, then SIGKILL), removes its System V segment and its folder. Folders without a record,
 * with a live owner or of another machine are left as they are.
 *
 * @param root the cluster root (see `clusterRoot`)
 */
export async function reapClusters(root: string, report: LeftoverReport = emptyReport()): Promise<LeftoverReport> {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return report;
  }
  for (const name of names) {
    if (!CLUSTER_DIR_PREFIXES.some((p) => name.startsWith(p))) continue;
    const dir = path.join(root, name);
    let record: OwnerRecord | undefined;
    try {
      record = parseOwnerRecord(fs.readFileSync(path.join(dir, CLUSTER_OWNER_FILE), 'utf8'));
    } catch {
      continue; // no record (a cluster being made, or not ours): never touched
    }
    if (!record) continue;
    const leftover: Leftover = { kind: 'cluster', name: dir, record };
    if (!mayRemove(leftover, report)) continue;
    try {
      await stopOrphanedCluster(dir, record.server);
      report.removed.push(leftover);
    } catch (err) {
      report.failed.push({ leftover, reason: (err as Error).message });
    }
  }
  return report;
}

async function stopOrphanedCluster(dir: string, server: ProcessIdentity | undefined): Promise<void> {
  const dataDir = path.join(dir, 'data');
  const segment = readSysvSegment(dataDir);
  if (server && isAlive(server)) {
    signalProcess(server, 'SIGQUIT');
    if (!(await waitUntil(() => !isAlive(server), REAP_STOP_BUDGET_MS.quit))) {
      signalProcess(server, 'SIGKILL');
      await waitUntil(() => !isAlive(server), REAP_STOP_BUDGET_MS.kill);
    }
    if (isAlive(server)) throw new Error(`its postmaster (pid ${server.pid}) did not stop`);
  }
  // Backends of a killed postmaster exit by themselves within moments; then the segment can go.
  if (segment) {
    await waitUntil(() => !sysvSegmentAttached(segment), REAP_STOP_BUDGET_MS.kill);
    removeSysvSegment(segment);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Drops the harness's databases on the server at `adminUrl` whose owner record (their comment)
 * names this machine and a process that is gone. Records of other machines are listed in `foreign`.
 *
 * A database without a record stays — whatever its name — with one exception: a run killed while
 * the server was creating one of its databases leaves it without its comment (`CREATE DATABASE`
 * cannot share a transaction with `COMMENT ON DATABASE`, and the server finishes a statement whose
 * client died). Such a database is dropped when its name carries the run id of recorded databases of
 * this machine ({@link runOfDatabase}) and every one of those records names a gone owner and a gone
 * root process: then no process of that run is left to finish it.
 *
 * @param adminUrl a connection to the maintenance database as a role that may drop them
 * @throws Error when the server cannot be reached or queried
 */
export async function reapDatabases(adminUrl: string, report: LeftoverReport = emptyReport()): Promise<LeftoverReport> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  c.on('error', () => undefined);
  await c.connect();
  try {
    const { rows } = await c.query<{ datname: string; comment: string | null }>(
      `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname`,
      [DATABASE_PREFIX],
    );
    const gone = (r: OwnerRecord) => r.host === hostName() && ownerGone(r.owner) && !(r.root && !ownerGone(r.root));
    const runs = new Map<string, OwnerRecord[]>();
    for (const { datname, comment } of rows) {
      const record = parseOwnerRecord(comment);
      const run = runOfDatabase(datname);
      if (record && run) runs.set(run, [...(runs.get(run) ?? []), record]);
    }
    for (const { datname, comment } of rows) {
      let record = parseOwnerRecord(comment);
      if (!record) {
        const ofRun = runs.get(runOfDatabase(datname) ?? '');
        if (!ofRun?.length || !ofRun.every(gone)) continue;
        record = ofRun[0]!;
      }
      const leftover: Leftover = { kind: 'database', name: datname, record };
      if (!mayRemove(leftover, report)) continue;
      try {
        await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
        report.removed.push(leftover);
      } catch (err) {
        report.failed.push({ leftover, reason: (err as Error).message });
      }
    }
  } finally {
    await c.end().catch(() => undefined);
  }
  return report;
}

/** Options of {@link removeLeftovers}. */
export interface RemoveLeftoversOptions {
  /** The cluster root to sweep (see `clusterRoot`); none: clusters are not looked at. */
  clusterRoot?: string;
  /** A borrowed server's maintenance URL whose databases to sweep; none: databases are not looked at. */
  adminUrl?: string;
  /** Where the one-line summary goes (default: stderr, so a machine-readable stdout stays clean). */
  log?: (line: string) => void;
}

/**
 * The reaper: removes the clusters and databases of this machine's dead runs (see
 * {@link reapClusters}, {@link reapDatabases}) and says so in one line, e.g.
 * `[pg-harness] removed what an earlier run left (pid 1234, gone): 1 cluster, 3 databases`; a
 * second line lists what other machines' runs left (never removed), and one line per failure.
 * Says nothing when there was nothing.
 *
 * @returns what was removed, left alone and not removable
 * @throws Error when `adminUrl` is given and the server cannot be reached
 */
export async function removeLeftovers(options: RemoveLeftoversOptions): Promise<LeftoverReport> {
  const report = emptyReport();
  if (options.clusterRoot) await reapClusters(options.clusterRoot, report);
  if (options.adminUrl) await reapDatabases(options.adminUrl, report);
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  for (const line of describeLeftovers(report)) log(line);
  return report;
}

/** The reaper's lines for a report (none when it is empty). */
export function describeLeftovers(report: LeftoverReport): string[] {
  const lines: string[] = [];
  const count = (items: Leftover[]) => {
    const n = (kind: Leftover['kind']) => items.filter((l) => l.kind === kind).length;
    const parts = [
      n('cluster') && `${n('cluster')} cluster${n('cluster') === 1 ? '' : 's'}`,
      n('database') && `${n('database')} database${n('database') === 1 ? '' : 's'}`,
    ];
    return parts.filter(Boolean).join(', ');
  };
  if (report.removed.length) {
    // A run is named by the process that started it (the replay command for its workers' databases).
    const pids = [...new Set(report.removed.map((l) => (l.record.root ?? l.record.owner).pid))];
    const who = pids.length === 1 ? `an earlier run left (pid ${pids[0]}, gone)` : `${pids.length} earlier runs left (pids ${pids.join(', ')}, gone)`;
    lines.push(`[pg-harness] removed what ${who}: ${count(report.removed)}`);
  }
  if (report.foreign.length) {
    const hosts = [...new Set(report.foreign.map((l) => l.record.host))].join(', ');
    lines.push(`[pg-harness] left alone what runs on other machines (${hosts}) created: ${count(report.foreign)}; their owners cannot be checked from here`);
  }
  for (const { leftover, reason } of report.failed)
    lines.push(`[pg-harness] could not remove the ${leftover.kind} ${leftover.name} of dead run pid ${leftover.record.owner.pid}: ${reason}`);
  return lines;
}

/** Whether a leftover may be removed: its record is this machine's and its owner is gone. Another machine's is listed in `report.foreign`. */
function mayRemove(leftover: Leftover, report: LeftoverReport): boolean {
  if (leftover.record.host !== hostName()) {
    report.foreign.push(leftover);
    return false;
  }
  return ownerGone(leftover.record.owner);
}

function emptyReport(): LeftoverReport {
  return { removed: [], foreign: [], failed: [] };
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return done();
}
