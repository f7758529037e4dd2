/**
 * A worker process of the replay command's pool (`pnpm replay --jobs N`, see pool.ts): it replays
 * the incidents of one pool slot, one after another, as `--jobs 1` does in the command's own
 * process. Two incidents never run in one process at the same time: `setAppEnv` writes
 * `process.env` and the log capture patches `console` and `process.stdout` globally. One after
 * another they share what is loaded (the incident package, the drift check, the warm Prisma CLI).
 *
 * Protocol (Node IPC, `child_process.fork`): the parent sends a {@link WorkerRequest}; the worker
 * replays the incident against the parent's server with databases of the request's run id,
 * writes the journal to `journalFile` (synchronously, so a signal or a crash still leaves it),
 * and answers `{ type: 'finished' }`; `{ type: 'exit' }` ends it. The parent never reads a verdict
 * from the exit code: the journal is the result; a job that leaves no journal is an error.
 *
 * Ways out: a signal (from the terminal, or `{ type: 'interrupt' }` from the parent) journals
 * the step in flight as interrupted before pg-harness drops this worker's databases and exits
 * 128 + n; the parent going away (IPC disconnect) is handled as SIGTERM; an uncaught exception
 * journals the run as an error and exits 2.
 */
import fs from 'node:fs';
import {
  Databases,
  killChildProcesses,
  type ProcessIdentity,
  onInterrupt,
  runAllCleanups,
  trackedChildProcesses,
  type RunningServer,
} from '@incident-replay/pg-harness';
import { SetupFailed, enableProfiling, failedJournal, replayIncident, type HostName, type IncidentRun, type Journal } from '@incident-replay/incident';
import { loadIncident } from './discover.js';

/** What the parent asks a worker to do. */
export interface WorkerRequest {
  type: 'replay';
  /** The incident id and the host to replay it on. */
  id: string;
  host: HostName;
  /** The parent's server: the worker creates databases on it and never stops it. `pid` serves the kill-server fault. */
  server: Pick<RunningServer, 'provider' | 'version' | 'adminUrl' | 'address' | 'description' | 'pid' | 'serverProcess'>;
  /** This worker's database run id (`ir_<runId>_…`), distinct per worker, so the parent can sweep what a dead worker left. */
  runId: string;
  /** The replay command's process (pid and start time): named in the owner record of each database. */
  root: ProcessIdentity;
  /** Where to write the journal (JSON). */
  journalFile: string;
  /** Record a profile in the journal (`--profile`). */
  profile: boolean;
}

/**
 * What a worker tells the parent: progress, and `finished` once a job's journal is on disk and
 * its databases are dropped (the worker then waits for the next job, or `{ type: 'exit' }`).
 */
export type WorkerMessage = { type: 'loaded'; loadMs: number } | { type: 'step'; index: number; name: string } | { type: 'finished' };

function send(m: WorkerMessage): void {
  if (process.connected) process.send?.(m);
}

/** The job this worker is on: what a signal or a crash must journal. */
interface Job {
  req: WorkerRequest;
  current?: IncidentRun<unknown>;
  incidentInfo: { title?: string; postmortem?: string; summary?: string };
  phase: string;
  written: boolean;
}
let job: Job | undefined;
let jobsStarted = 0;

function write(j: Job, journal: Journal): void {
  if (j.written) return;
  j.written = true;
  fs.writeFileSync(j.req.journalFile, JSON.stringify(journal));
}

onInterrupt((signal) => {
  const j = job;
  if (!j) return;
  j.current?.interrupt(signal);
  // Before the first step (loading, setup) nothing of the story ran, and the journal says where it stopped.
  const stopped = new SetupFailed({ kind: 'interrupted', message: `interrupted by ${signal} while ${j.phase}` });
  write(j, j.current ? j.current.journal() : failedJournal({ id: j.req.id, ...j.incidentInfo }, j.req.server, j.phase, stopped, j.req.host));
});
const crash = (err: unknown) => {
  const j = job;
  if (j) write(j, j.current ? j.current.journal() : failedJournal({ id: j.req.id }, j.req.server, j.phase, err, j.req.host));
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  void runAllCleanups().finally(() => process.exit(2));
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

/** Replays one incident; the journal is on disk when it resolves. Later jobs reuse what this one loaded. */
async function replay(req: WorkerRequest): Promise<void> {
  const t0 = performance.now();
  const first = jobsStarted++ === 0;
  if (req.profile) enableProfiling();
  const j: Job = { req, incidentInfo: {}, phase: `loading ${req.id}`, written: false };
  job = j;
  const server = req.server as RunningServer; // never stopped here: only its info is used
  const databases = new Databases(server, req.runId, { root: req.root });
  let incident: Awaited<ReturnType<typeof loadIncident>>;
  try {
    incident = await loadIncident(req.id);
  } catch (err) {
    write(j, failedJournal({ id: req.id }, server, 'load incident.ts', err, req.host));
    return;
  }
  // The first job also counts this process's start (Node, tsx, the worker's imports).
  send({ type: 'loaded', loadMs: Math.round(first ? performance.now() : performance.now() - t0) });
  j.incidentInfo = { title: incident.title, postmortem: incident.postmortem, summary: incident.summary };
  j.phase = `${req.id} setup`;
  const journal = await replayIncident(incident, server, databases, {
    host: req.host,
    onRun: (run) => (j.current = run as IncidentRun<unknown>),
    onStepStart: (s, index) => send({ type: 'step', index, name: s.name }),
  });
  write(j, journal);
}

// The parent went away (killed): stop as on SIGTERM, dropping this job's databases.
const orphaned = () => process.emit('SIGTERM', 'SIGTERM');
process.once('disconnect', orphaned);
process.on('message', (m: WorkerRequest | { type: 'interrupt'; signal: NodeJS.Signals } | { type: 'exit' }) => {
  if (m.type === 'interrupt') {
    process.emit(m.signal, m.signal);
  } else if (m.type === 'exit') {
    // No more work: what the jobs left running (a warm Prisma CLI process) is stopped and reaped first.
    process.off('disconnect', orphaned);
    void killChildProcesses(trackedChildProcesses().map((c) => c.pid)).finally(() => process.exit(0));
  } else {
    replay(m).then(
      () => {
        job = undefined;
        send({ type: 'finished' });
      },
      (err) => crash(err),
    );
  }
});
