/**
 * One incident on one host, replayed in a process of its own for the replay command's pool
 * (`pnpm replay --jobs N`, see pool.ts). Incidents cannot share a process: `setAppEnv` writes
 * `process.env` and the log capture patches `console` and `process.stdout` globally.
 *
 * Protocol (Node IPC, `child_process.fork`): the parent sends one {@link WorkerRequest}; the
 * worker replays the incident against the parent's server with databases of its own run id,
 * writes the journal to `journalFile` (synchronously, so a signal or a crash still leaves it)
 * and exits 0. The parent never reads a verdict from the exit code:
 * the journal is the result; a worker that leaves no journal is reported as an error.
 *
 * Ways out: a signal (from the terminal, or `{ type: 'interrupt' }` from the parent) journals
 * the step in flight as interrupted before pg-harness drops this worker's databases and exits
 * 128 + n; the parent going away (IPC disconnect) is handled as SIGTERM; an uncaught exception
 * journals the run as an error and exits 2.
 */
import fs from 'node:fs';
import { Databases, killChildProcesses, onInterrupt, runAllCleanups, trackedChildProcesses, type RunningServer } from '@incident-replay/pg-harness';
import { enableProfiling, failedJournal, replayIncident, type HostName, type IncidentRun, type Journal } from '@incident-replay/incident';
import { loadIncident } from './discover.js';

/** What the parent asks a worker to do. */
export interface WorkerRequest {
  type: 'replay';
  /** The incident id and the host to replay it on. */
  id: string;
  host: HostName;
  /** The parent's server: the worker creates databases on it and never stops it. `pid` serves the kill-server fault. */
  server: Pick<RunningServer, 'provider' | 'version' | 'adminUrl' | 'address' | 'description' | 'pid'>;
  /** This worker's database run id (`ir_<runId>_…`), distinct per worker, so the parent can sweep what a dead worker left. */
  runId: string;
  /** Where to write the journal (JSON). */
  journalFile: string;
  /** Record a profile in the journal (`--profile`). */
  profile: boolean;
}

/** What a worker tells the parent while it runs (progress only: the journal file is the result). */
export type WorkerMessage = { type: 'loaded'; loadMs: number } | { type: 'step'; index: number; name: string };

function send(m: WorkerMessage): void {
  if (process.connected) process.send?.(m);
}

async function replay(req: WorkerRequest): Promise<void> {
  if (req.profile) enableProfiling();
  const server = req.server as RunningServer; // never stopped here: only its info is used
  const databases = new Databases(server, req.runId);
  let current: IncidentRun<unknown> | undefined;
  let incidentInfo: { title?: string; postmortem?: string; summary?: string } = {};
  let written = false;
  const write = (journal: Journal) => {
    if (written) return;
    written = true;
    fs.writeFileSync(req.journalFile, JSON.stringify(journal));
  };
  let phase = `loading ${req.id}`;
  onInterrupt((signal) => {
    current?.interrupt(signal);
    if (current) return write(current.journal());
    // Before the first step (loading, setup): nothing of the story ran, and the journal says where it stopped.
    const message = `interrupted by ${signal} while ${phase}`;
    const j = failedJournal({ id: req.id, ...incidentInfo }, server, phase, new Error(message), req.host);
    write({
      ...j,
      outcome: 'interrupted',
      failure: { kind: 'interrupted', message },
      steps: j.steps.map((st) => ({ ...st, outcome: 'interrupted', failure: { kind: 'interrupted', message }, error: undefined })),
    });
  });
  const crash = (err: unknown) => {
    if (current) write(current.journal());
    else write(failedJournal({ id: req.id }, server, 'start the worker', err, req.host));
    process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    void runAllCleanups().finally(() => process.exit(2));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);

  let incident: Awaited<ReturnType<typeof loadIncident>>;
  try {
    incident = await loadIncident(req.id);
  } catch (err) {
    write(failedJournal({ id: req.id }, server, 'load incident.ts', err, req.host));
    return;
  }
  // Since this process started: Node, tsx and the incident's imports.
  send({ type: 'loaded', loadMs: Math.round(performance.now()) });
  incidentInfo = { title: incident.title, postmortem: incident.postmortem, summary: incident.summary };
  phase = `${req.id} setup`;
  const journal = await replayIncident(incident, server, databases, {
    host: req.host,
    onRun: (run) => (current = run as IncidentRun<unknown>),
    onStepStart: (s, index) => send({ type: 'step', index, name: s.name }),
  });
  write(journal);
  // What the incident left running (a warm Prisma CLI process): stopped and reaped before this worker exits.
  await killChildProcesses(trackedChildProcesses().map((c) => c.pid));
}

process.once('message', (req: WorkerRequest) => {
  // The parent went away (killed): stop as on SIGTERM, dropping this worker's databases.
  process.once('disconnect', () => process.emit('SIGTERM', 'SIGTERM'));
  process.on('message', (m: { type?: string; signal?: NodeJS.Signals }) => {
    if (m?.type === 'interrupt' && m.signal) process.emit(m.signal, m.signal);
  });
  replay(req).then(
    // The journal is on disk and the incident's databases are dropped: nothing is left to wait for.
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(2);
    },
  );
});
