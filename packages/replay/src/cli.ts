/**
 * `pnpm replay [incident…]` — replays incidents against a real PostgreSQL and
 * prints a timeline per incident; writes replay-results/<run>/{journal.json,
 * <incident>.json, report.md} on every way out (success, a failed
 * expectation, a fault, a signal, a crash).
 *
 * Exit codes: 0 every expectation was observed to hold; 1 an expectation did
 * not hold; 2 the run could not be carried out (bad usage, no Postgres, the
 * server stopped answering, a step errored or timed out, the run stalled, an
 * uncaught exception); 130 / 143 / 129 on SIGINT / SIGTERM / SIGHUP.
 *
 * Subcommands: `pnpm replay --list`, `pnpm replay drift …` (see README).
 *
 * Test hooks (environment, for the fault-injection suite; not for users):
 * `REPLAY_SCENARIOS_DIR` replays the incidents under another folder;
 * `REPLAY_FAULT` injects a fault at a precise point (see `parseFault` in
 * @incident-replay/incident).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  Databases,
  HarnessError,
  clusterRoot,
  killChildProcesses,
  onInterrupt,
  registerCleanup,
  removeLeftovers,
  runAllCleanups,
  startPostgres,
  trackedChildProcesses,
  type RunningServer,
} from '@incident-replay/pg-harness';
import {
  HOSTS,
  childrenCpuMs,
  enableProfiling,
  failedJournal,
  machineLine,
  processTreeCpuMs,
  replayIncident,
  runOutcome,
  writeOut,
  type HostName,
  type IncidentRun,
  type Journal,
  type RunHeader,
  type RunOutcome,
} from '@incident-replay/incident';
import { REPO_ROOT, listIncidentIds, loadIncident, scenariosRoot, selectIncidents } from './discover.js';
import { incidentBlock, incidentHeader, stepLines, summaryLine, ms } from './timeline.js';
import { ReplayPool, previousDurations } from './pool.js';
import { profileReport, type ProfiledJob } from './profile-report.js';
import { writeRunReport } from './report.js';
import { writeDriftSarif } from './drift-sarif.js';
import { afterIncidentFault } from './faults.js';

const USAGE = `usage: pnpm replay [incident…] [--host in-process|built|all] [--jobs N] [--profile] [--out DIR] [--list] [--clean]
  incident   an id, id prefix or word (e.g. 000, session); default: every incident
  --host H   where the apps run: in-process (default; handlers called directly), built (the app as
             deployed: next start / its Node server), or all (each incident on every host)
  --jobs N   incident runs at a time, each in a worker process (default: the cores, ${os.availableParallelism()} here);
             1 runs them one after another in this process
  --profile  after the timeline, print where the time went (per step: wall, CPU, child processes,
             SQL, HTTP; the critical path; the floor) and write it to profile.txt
  --out DIR  where to write the journal and report (default replay-results/<timestamp>)
  --list     list the incidents and exit
  --clean    only remove what earlier runs of this machine left when they were killed (their
             clusters; with TEST_DATABASE_URL, their databases there) and exit; every run does this first
  pnpm replay drift --help   the read-only schema drift check
exit code: 0 every expectation held, 1 one did not hold, 2 the run could not be carried out,
           130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP`;

/** How long the final cleanup (dropping databases, stopping the server) may take before the run gives up on it, ms. */
const FINAL_CLEANUP_BUDGET_MS = 30_000;

const EXIT: Record<Exclude<RunOutcome, 'interrupted'>, number> = { held: 0, 'did-not-hold': 1, error: 2 };
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * The state of one run, kept where every way out (the normal end, a signal,
 * an uncaught exception, a stall) can write the journal from it.
 */
class RunState {
  readonly journals: Journal[] = [];
  readonly startedAt = new Date();
  current: { id: string; run?: IncidentRun<unknown> } | undefined;
  /** The pool, when incidents run in worker processes. */
  pool: ReplayPool | undefined;
  /** Pool only: the journals by plan index (the report keeps plan order). */
  private readonly byIndex = new Map<number, Journal>();
  remaining: string[] = [];
  phase = 'starting';
  server: RunningServer | undefined;
  /** For the profile: the server's CPU just before it was stopped, and when the final cleanup began. */
  serverCpuMs: number | null | undefined;
  cleanupT0: number | undefined;
  private written = false;

  constructor(readonly outDir: string) {}

  /**
   * Writes journal.json / report.md once and prints the closing lines.
   * Synchronous: safe in a signal, crash or beforeExit handler.
   */
  finish(outcome: RunOutcome, exitCode: number, failure?: string): void {
    if (this.written) return;
    this.written = true;
    const header: RunHeader = {
      postgres: this.server?.description ?? 'postgres: not started',
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      outcome,
      exitCode,
      ...(failure ? { failure } : {}),
      ...(this.remaining.length ? { notAttempted: this.remaining } : {}),
      runner: 'pnpm replay',
    };
    let where = '';
    try {
      writeRunReport(this.outDir, this.journals, header);
      writeDriftSarif(this.outDir, this.journals);
      where = ` Journal and report: ${path.relative(process.cwd(), this.outDir) || '.'}/report.md (and report.html)`;
    } catch (err) {
      where = ` The journal could not be written to ${this.outDir}: ${(err as Error).message}`;
    }
    const held = this.journals.filter((j) => j.outcome === 'held').length;
    const total = this.journals.length + this.remaining.length;
    if (failure) writeOut(`\n${failure}\n`);
    writeOut(
      `${failure ? '' : '\n'}${held}/${total} incidents held in ${ms(Date.now() - this.startedAt.getTime())} — ${outcome} (exit ${exitCode}).${where}\n`,
    );
  }

  /** Pool only: a finished job's journal, kept in plan order; `label` leaves the not-yet-run list. */
  addPoolJournal(index: number, journal: Journal, label: string): void {
    this.byIndex.set(index, journal);
    this.journals.splice(0, this.journals.length, ...[...this.byIndex].sort((a, b) => a[0] - b[0]).map(([, j]) => j));
    this.remaining = this.remaining.filter((l) => l !== label);
  }

  /** The in-flight incident's journal so far (after an interruption or a crash), added once. */
  takeCurrent(): void {
    const run = this.current?.run;
    if (run && !this.journals.some((j) => j.incident.id === run.incident.id && j.host === run.host)) {
      this.journals.push(run.journal());
      this.remaining.shift();
    }
  }
}

/** The replay command's options (not the drift subcommand's). */
function parseReplayArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      host: { type: 'string' },
      jobs: { type: 'string' },
      profile: { type: 'boolean' },
      list: { type: 'boolean' },
      clean: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'drift') return (await import('./drift-command.js')).runDriftCommand(argv.slice(1));
  let args: ReturnType<typeof parseReplayArgs>;
  try {
    args = parseReplayArgs(argv);
  } catch (err) {
    writeOut(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    writeOut(`${USAGE}\n`);
    return 0;
  }
  if (args.values.clean) return clean();
  if (args.values.list) {
    for (const id of listIncidentIds()) {
      const inc = await loadIncident(id);
      writeOut(`${id}  ${inc.title}  (${inc.postmortem})\n`);
    }
    return 0;
  }
  let ids: string[];
  let afterIncident: ReturnType<typeof afterIncidentFault>;
  const hostArg = args.values.host ?? 'in-process';
  if (hostArg !== 'all' && !HOSTS.includes(hostArg as HostName)) {
    writeOut(`--host must be one of ${[...HOSTS, 'all'].join(', ')}, not "${hostArg}"\n${USAGE}\n`);
    return 2;
  }
  const hosts: HostName[] = hostArg === 'all' ? [...HOSTS] : [hostArg as HostName];
  const jobs = args.values.jobs === undefined ? os.availableParallelism() : Number(args.values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    writeOut(`--jobs must be a whole number ≥ 1 (e.g. --jobs 2), not "${args.values.jobs}"\n${USAGE}\n`);
    return 2;
  }
  const profile = args.values.profile === true;
  if (profile) enableProfiling();
  try {
    ids = selectIncidents(args.positionals);
    afterIncident = afterIncidentFault(process.env.REPLAY_FAULT);
  } catch (err) {
    writeOut(`${(err as Error).message}\n`);
    return 2;
  }
  const label = (id: string, host: HostName) => (hosts.length > 1 || host !== 'in-process' ? `${id} [${host}]` : id);
  const plan = ids.flatMap((id) => hosts.map((host) => ({ id, host })));

  const state = new RunState(
    args.values.out ? path.resolve(args.values.out) : path.join(REPO_ROOT, 'replay-results', new Date().toISOString().replace(/[:.]/g, '-')),
  );
  state.remaining = plan.map((p) => label(p.id, p.host));
  installLastResorts(state);
  const serverT0 = performance.now();
  try {
    state.server = await startPostgres();
  } catch (err) {
    const why = err instanceof HarnessError ? err.message : ((err as Error).stack ?? String(err));
    writeOut(`${why}\n`);
    state.finish('error', 2, `infrastructure: could not start Postgres: ${why.split('\n')[0]}`);
    return 2;
  }
  const server = state.server;
  const serverStartMs = performance.now() - serverT0;
  const pooled = jobs > 1 && plan.length > 1;
  const databases = new Databases(server);
  writeOut(
    `incident-replay: ${ids.length} incident${ids.length === 1 ? '' : 's'} on the ${hosts.join(' and ')} host${hosts.length > 1 ? 's' : ''}${pooled ? `, ${Math.min(jobs, plan.length)} at a time` : ''}${process.env.REPLAY_SCENARIOS_DIR ? ` from ${scenariosRoot()}` : ''}\n${server.description}; this run's databases: ir_${databases.runId}…\n`,
  );
  // Whatever way the run ends, once its workers are gone: every database of this run and of its
  // workers that is still on the server (a worker killed or interrupted while dropping its own).
  const sweepDatabases = registerCleanup(`the databases of run ${databases.runId} and its workers`, async () => {
    await databases.dropLeftovers();
  });
  let gone: string | undefined;
  let cleanupStalled = false;
  const runT0 = performance.now();
  const profiled: ProfiledJob[] = [];
  try {
    if (pooled) {
      const workDir = path.join(state.outDir, '.workers');
      const blocks: (string | undefined)[] = [];
      let printed = 0;
      const flush = (all = false) => {
        for (; printed < plan.length && (blocks[printed] !== undefined || all); printed++) if (blocks[printed]) writeOut(blocks[printed]!);
      };
      const pool = new ReplayPool({
        server,
        runId: databases.runId,
        jobs: Math.min(jobs, plan.length),
        workDir,
        profile,
        onResult: (res, index) => {
          state.addPoolJournal(index, res.journal, res.job.label);
          profiled.push({ label: res.job.label, journal: res.journal, startMs: res.startMs, endMs: res.endMs, slot: res.slot, loadMs: res.loadMs });
          blocks[index] = incidentBlock(res.job.label, res.journal, res.output);
          flush();
        },
        afterJob: (id) => afterIncident(id, server),
      });
      state.pool = pool;
      state.phase = `replaying ${plan.length} incident runs, ${Math.min(jobs, plan.length)} at a time`;
      await pool.run(
        plan.map((p) => ({ ...p, label: label(p.id, p.host) })),
        previousDurations(path.join(REPO_ROOT, 'replay-results')),
      );
      flush(true);
      fs.rmSync(workDir, { recursive: true, force: true });
      gone = pool.gone;
    } else {
      for (const { id, host } of plan) {
        state.phase = `loading ${id}`;
        state.current = { id };
        const startMs = performance.now() - runT0;
        let incident: Awaited<ReturnType<typeof loadIncident>>;
        try {
          incident = await loadIncident(id);
        } catch (err) {
          writeOut(`\n▶ ${label(id, host)}\n  ! could not load scenarios/${id}/incident.ts: ${(err as Error).stack}\n`);
          state.journals.push(failedJournal({ id }, server, 'load incident.ts', err, host));
          state.remaining.shift();
          continue;
        }
        writeOut(incidentHeader(label(id, host), incident));
        state.phase = `replaying ${label(id, host)}`;
        const loadMs = performance.now() - runT0 - startMs;
        const journal = await replayIncident(incident, server, databases, {
          host,
          onRun: (run) => (state.current = { id, run: run as IncidentRun<unknown> }),
          onStepStart: (s, index) => {
            state.phase = `replaying ${label(id, host)} step ${index} "${s.name}"`;
          },
          onStepEnd: (rec) => writeOut(`${stepLines(rec).join('\n')}\n`),
        });
        if (journal.steps[0]?.name === 'setup' && journal.outcome === 'error') writeOut(`${stepLines(journal.steps[0]).join('\n')}\n`);
        writeOut(`${summaryLine(journal)}\n`);
        profiled.push({ label: label(id, host), journal, startMs, endMs: performance.now() - runT0, slot: 0, loadMs });
        state.journals.push(journal);
        state.remaining.shift();
        state.current = undefined;
        if (journal.failure?.kind === 'infrastructure') {
          gone = journal.failure.message;
          break;
        }
        await afterIncident(id, server);
      }
    }
  } finally {
    state.phase = "dropping this run's databases and stopping the Postgres server";
    state.serverCpuMs = server.pid ? processTreeCpuMs(server.pid) : null;
    state.cleanupT0 = performance.now();
    const cleanup = (async () => {
      // What the incidents left running (a warm Prisma CLI process): stopped and waited for, so it is reaped here.
      await killChildProcesses(trackedChildProcesses().map((c) => c.pid));
      if (!gone)
        await databases
          .dropAll()
          .then(sweepDatabases)
          .catch((err: unknown) => writeOut(`could not drop this run's databases: ${(err as Error).message}\n`));
      await server.stop();
    })();
    const budget = new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), FINAL_CLEANUP_BUDGET_MS).unref());
    cleanupStalled = (await Promise.race([cleanup.then(() => 'done' as const), budget])) === 'stalled';
  }
  if (cleanupStalled) {
    state.finish('error', 2, `error: the final cleanup (${state.phase}) did not finish within ${FINAL_CLEANUP_BUDGET_MS / 1000} s`);
    return 2;
  }
  if (gone) {
    const rest = state.remaining.length ? `; not attempted: ${state.remaining.join(', ')}` : '';
    state.finish('error', 2, `${gone}. The server is gone, so the run stops here${rest}.`);
    return 2;
  }
  const outcome = runOutcome(state.journals);
  const first = state.journals.find((j) => j.failure)?.failure?.message;
  const code = outcome === 'interrupted' ? 2 : EXIT[outcome as Exclude<RunOutcome, 'interrupted'>];
  if (profile) {
    const cpu = process.cpuUsage();
    const children = childrenCpuMs();
    const text = profileReport({
      machine: machineLine(),
      cores: os.availableParallelism(),
      jobs: pooled ? Math.min(jobs, plan.length) : 1,
      startupMs: serverT0,
      serverStartMs,
      finalCleanupMs: performance.now() - (state.cleanupT0 ?? performance.now()),
      totalMs: performance.now(),
      cpuMs: children === null ? null : (cpu.user + cpu.system) / 1000 + children,
      serverCpuMs: state.serverCpuMs ?? null,
      jobsRun: profiled.sort((a, b) => a.startMs - b.startMs),
    });
    writeOut(text);
    fs.mkdirSync(state.outDir, { recursive: true });
    fs.writeFileSync(path.join(state.outDir, 'profile.txt'), text);
  }
  state.finish(outcome, code, first);
  return code;
}

/**
 * `pnpm replay --clean`: removes what this machine's dead runs left (see pg-harness's leftovers.ts):
 * clusters under the cluster root, and databases on `TEST_DATABASE_URL` when it is set.
 *
 * @returns 0 when everything found was removed (or there was nothing), 2 when something could not be
 *   removed or the server could not be reached
 */
async function clean(): Promise<number> {
  const url = process.env.TEST_DATABASE_URL;
  try {
    const report = await removeLeftovers({ clusterRoot: clusterRoot(), adminUrl: url, log: (l) => writeOut(`${l}\n`) });
    if (!report.removed.length && !report.foreign.length && !report.failed.length)
      writeOut(`[pg-harness] nothing left by earlier runs (looked in ${clusterRoot()}${url ? ' and on TEST_DATABASE_URL' : ''})\n`);
    return report.failed.length ? 2 : 0;
  } catch (err) {
    writeOut(`could not look for what earlier runs left on TEST_DATABASE_URL: ${(err as Error).message}\n`);
    return 2;
  }
}

/**
 * Every way out that is not the normal end still writes the journal:
 * - a signal: the in-flight step is journaled as `interrupted`, then
 *   pg-harness stops what the run started and exits 128 + n;
 * - an uncaught exception or unhandled rejection: outcome `error`, cleanup, exit 2;
 * - the event loop draining while the run still awaits something that can
 *   never settle (Node would exit 0): outcome `error`, naming the phase, exit 2.
 */
function installLastResorts(state: RunState): void {
  onInterrupt(async (signal) => {
    interrupted = true;
    // Pool: the workers journal their step in flight and drop their databases; their journals arrive through onResult.
    if (state.pool) await state.pool.interrupt(signal);
    state.current?.run?.interrupt(signal);
    state.takeCurrent();
    const where = state.current?.run || state.pool ? '' : ` while ${state.phase}`;
    const steps = state.journals.flatMap((j) => j.steps);
    // A step interrupted mid-story says more than a worker stopped while it was starting.
    const step = steps.find((s) => s.outcome === 'interrupted' && s.index > 0) ?? steps.find((s) => s.outcome === 'interrupted');
    state.finish('interrupted', SIGNAL_EXIT[signal] ?? 2, step?.failure?.message ?? `interrupted by ${signal}${where}`);
  });
  const crash = (what: string) => (err: unknown) => {
    state.takeCurrent();
    const message = (err as Error)?.stack ?? String(err);
    writeOut(`\n${message}\n`);
    state.finish('error', 2, `error: ${what} while ${state.phase}: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
    void runAllCleanups().finally(() => process.exit(2));
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled promise rejection'));
  process.on('beforeExit', () => {
    state.takeCurrent();
    state.finish(
      'error',
      2,
      `error: the run stalled while ${state.phase}${state.pool?.describeRunning() ? ` (running: ${state.pool.describeRunning()})` : ''}: the event loop drained while it still awaited something that can never settle (active: ${process.getActiveResourcesInfo().join(', ') || 'nothing'})`,
    );
    process.exit(2);
  });
}

/** Set by a signal: pg-harness then owns the exit (130/143/129) once its cleanup is done. */
let interrupted = false;

main(process.argv.slice(2)).then(
  (code) => {
    if (!interrupted) process.exit(code);
  },
  (err) => {
    writeOut(`${(err as Error).stack ?? err}\n`);
    process.exit(2);
  },
);
