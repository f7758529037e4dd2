/**
 * Replays incidents concurrently, each in a worker process of its own (worker.ts), at most
 * `jobs` at a time, against the one Postgres server the replay command started. Two hosts of
 * the same incident never run at the same time (they may share a build folder). Results come
 * back as journals in plan order; the caller prints each incident's block when it and every
 * block before it are done, so the timeline reads as in a sequential run.
 *
 * Faults: a journal whose failure is `infrastructure` (the server stopped answering) stops the
 * pool from starting more work; what was not started is in {@link ReplayPool.notStarted}. A
 * worker that exits without a journal (killed, out of memory) gets an `error` journal naming its
 * exit, and the databases of its run id are dropped by name prefix.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Databases, selfIdentity, trackChildProcess, workerRunId, type RunningServer } from '@incident-replay/pg-harness';
import { SetupFailed, failedJournal, type HostName, type Journal } from '@incident-replay/incident';
import type { WorkerMessage, WorkerRequest } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** Sends a message to a worker that may have died meanwhile: a failed send is its exit's to report. */
function sendTo(child: ChildProcess, message: WorkerRequest | { type: 'exit' } | { type: 'interrupt'; signal: NodeJS.Signals }): void {
  if (child.connected) child.send(message, () => undefined);
}

/** One incident on one host, as the replay command plans it. */
export interface PoolJob {
  id: string;
  host: HostName;
  /** How the timeline names it, e.g. `002-prisma-failed-migration [built]`. */
  label: string;
}

/** A finished job: its journal, what the worker printed outside its steps, and when it ran. */
export interface JobResult {
  job: PoolJob;
  journal: Journal;
  /** The worker's own stdout/stderr (teardown warnings, a crash's stack), usually empty. */
  output: string;
  /** When the worker was started and when it exited, ms since the pool started. */
  startMs: number;
  endMs: number;
  /** Time the worker took to start and import the incident (Node, tsx, the incident's modules), ms. */
  loadMs?: number;
  /** Which of the `jobs` slots ran it (0-based). */
  slot: number;
}

/**
 * Splits the plan into at most `lanes` lanes, one worker process each. All hosts of an incident
 * go to the same lane (they may share a build folder). Incidents are placed longest first, each
 * on the lane with the least expected time so far (unknown durations count alike, as the
 * longest), so the lanes end together; within a lane, jobs keep plan order, the order `--jobs 1`
 * runs them in one process (some incidents must load first: 000's route-handler harness has to
 * be imported before anything else imports `next`).
 *
 * @param expectedMs last run's duration per `id.host`, ms
 * @returns lanes of plan indexes, each ascending; no empty lane
 */
export function planLanes(plan: readonly PoolJob[], expectedMs: ReadonlyMap<string, number>, lanes: number): number[][] {
  const UNKNOWN = 1e12;
  const groups = new Map<string, number[]>();
  for (const [i, j] of plan.entries()) groups.set(j.id, [...(groups.get(j.id) ?? []), i]);
  const weight = (ix: number[]) => ix.reduce((a, i) => a + (expectedMs.get(`${plan[i]!.id}.${plan[i]!.host}`) ?? UNKNOWN), 0);
  const byWeight = [...groups.values()].sort((a, b) => weight(b) - weight(a) || a[0]! - b[0]!);
  const out = Array.from({ length: Math.max(1, Math.min(lanes, groups.size)) }, () => ({ total: 0, jobs: [] as number[] }));
  for (const g of byWeight) {
    const lane = out.reduce((min, l) => (l.total < min.total ? l : min));
    lane.total += weight(g);
    lane.jobs.push(...g);
  }
  return out.map((l) => l.jobs.sort((a, b) => a - b)).filter((l) => l.length > 0);
}

/**
 * How long each incident run took in the newest earlier run under `resultsDir` that has a journal
 * (`replay-results/<time>/journal.json`), by `id.host`, in ms; empty when there is none or it
 * cannot be read. Like a test runner ordering files by their last duration.
 */
export function previousDurations(resultsDir: string): Map<string, number> {
  let dirs: string[];
  try {
    dirs = fs
      .readdirSync(resultsDir)
      .filter((d) => /^\d{4}-/.test(d))
      .sort()
      .reverse()
      .slice(0, 10);
  } catch {
    return new Map();
  }
  for (const d of dirs) {
    try {
      const j = JSON.parse(fs.readFileSync(path.join(resultsDir, d, 'journal.json'), 'utf8')) as { incidents?: Journal[] };
      if (j.incidents?.length) return new Map(j.incidents.map((i) => [`${i.incident.id}.${i.host}`, i.durationMs]));
    } catch {
      // not a finished run: try the one before
    }
  }
  return new Map();
}

/** Options of {@link ReplayPool}. */
export interface PoolOptions {
  server: RunningServer;
  /** The command's database run id; workers use `<runId>w<n>` ({@link workerRunId}), so the command's sweep covers them. */
  runId: string;
  /** Most workers at a time (≥ 1). */
  jobs: number;
  /** A folder for the workers' journal files (created; removed by the caller). */
  workDir: string;
  /** Record profiles (`--profile`). */
  profile: boolean;
  /** Called once per job, in completion order, with its index in the plan. */
  onResult(result: JobResult, index: number): void;
  /** Called after each job, before the next starts (the stop-server fault hooks in here). */
  afterJob?(id: string): Promise<void>;
}

interface Running {
  index: number;
  /** Settles once the job's result was handed to `onResult`. */
  settled: Promise<void>;
  settle: () => void;
  worker: SlotWorker;
  /** Where the worker's output for this job begins. */
  outputFrom: number;
  journalFile: string;
  runId: string;
  startMs: number;
  loadMs?: number;
  slot: number;
}

/** The worker process of a pool slot; it serves the slot's jobs one after another. */
interface SlotWorker {
  child: ChildProcess;
  output: string[];
  job?: Running;
  /** Settles when the process exited and its output was read. */
  exited: Promise<void>;
}

/** The pool; one {@link ReplayPool.run} per instance. */
export class ReplayPool {
  /** Set once a journal says the server stopped answering: the first such failure's message. */
  gone: string | undefined;
  private readonly running = new Map<number, Running>();
  private readonly workers: (SlotWorker | undefined)[] = [];
  private readonly pending: number[] = [];
  private stopping = false;
  private interruptedBy: NodeJS.Signals | undefined;
  private readonly t0 = performance.now();
  private counter = 0;
  private plan: PoolJob[] = [];

  constructor(private readonly opts: PoolOptions) {
    fs.mkdirSync(opts.workDir, { recursive: true });
  }

  /** Labels of the jobs not started (after a gone server or an interruption). */
  get notStarted(): string[] {
    return this.pending.map((i) => this.plan[i]!.label);
  }

  /**
   * Runs every job; resolves when all of them reported and every worker exited (never rejects:
   * a worker's failure is in its journal). The jobs are split into lanes by {@link planLanes};
   * each lane is one worker process that replays its jobs one after another in plan order.
   *
   * @param expectedMs how long each job took last time (by `id.host`), to balance the lanes
   */
  async run(plan: PoolJob[], expectedMs: ReadonlyMap<string, number> = new Map()): Promise<void> {
    this.plan = plan;
    const lanes = planLanes(plan, expectedMs, this.opts.jobs);
    this.pending.push(...lanes.flat());
    await Promise.all(lanes.map((lane, slot) => this.runLane(slot, lane)));
  }

  private async runLane(slot: number, lane: number[]): Promise<void> {
    for (const index of lane) {
      if (this.stopping) break;
      this.pending.splice(this.pending.indexOf(index), 1);
      await this.start(index, slot).settled;
    }
    // No more work: the worker stops what its jobs left running (the warm Prisma CLI) and exits.
    const w = this.workers[slot];
    if (!w) return;
    sendTo(w.child, { type: 'exit' });
    const budget = new Promise<void>((res) => setTimeout(res, 10_000).unref());
    await Promise.race([w.exited, budget]);
  }

  /**
   * Passes a signal on to every running worker (over IPC: a worker that got it from the terminal
   * already is not signalled twice), starts nothing more, and waits up to `budgetMs` for them to
   * journal their jobs.
   */
  async interrupt(signal: NodeJS.Signals, budgetMs = 4000): Promise<void> {
    this.stopping = true;
    this.interruptedBy ??= signal;
    const live = [...this.running.values()];
    for (const r of live) sendTo(r.worker.child, { type: 'interrupt', signal });
    const budget = new Promise<void>((res) => setTimeout(res, budgetMs).unref());
    await Promise.race([Promise.all(live.map((r) => r.settled)), budget]);
  }

  /** The running jobs' labels, for a stall message. */
  describeRunning(): string {
    return [...this.running.values()].map((r) => this.plan[r.index]!.label).join(', ');
  }

  private start(index: number, slot: number): Running {
    const job = this.plan[index]!;
    const worker = this.workers[slot] ?? this.spawnWorker(slot);
    const runId = workerRunId(this.opts.runId, ++this.counter);
    const journalFile = path.join(this.opts.workDir, `${index}-${job.id}.${job.host}.json`);
    let settle!: () => void;
    const settled = new Promise<void>((res) => (settle = res));
    const r: Running = { index, settled, settle, worker, outputFrom: worker.output.length, journalFile, runId, startMs: performance.now() - this.t0, slot };
    worker.job = r;
    this.running.set(index, r);
    const { server } = this.opts;
    const request: WorkerRequest = {
      type: 'replay',
      id: job.id,
      host: job.host,
      server: {
        provider: server.provider,
        version: server.version,
        adminUrl: server.adminUrl,
        address: server.address,
        description: server.description,
        pid: server.pid,
        serverProcess: server.serverProcess,
      },
      runId,
      root: selfIdentity(),
      journalFile,
      profile: this.opts.profile,
    };
    sendTo(worker.child, request);
    return r;
  }

  private spawnWorker(slot: number): SlotWorker {
    const child = fork(WORKER, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    trackChildProcess(child, `replay worker ${slot + 1}`);
    // A worker that died (a terminal's Ctrl-C reaches it while it still loads) makes a send fail with
    // EPIPE, emitted as 'error': its exit below says what happened; the event must not crash the command.
    child.on('error', () => undefined);
    let exitedResolve!: () => void;
    const w: SlotWorker = { child, output: [], exited: new Promise<void>((res) => (exitedResolve = res)) };
    this.workers[slot] = w;
    child.stdout!.on('data', (c: Buffer) => w.output.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => w.output.push(c.toString()));
    child.on('message', (m: WorkerMessage) => {
      const r = w.job;
      if (!r) return;
      if (m.type === 'loaded') r.loadMs = m.loadMs;
      if (m.type === 'finished') {
        w.job = undefined;
        void this.finish(r, null).then(() => this.done(r));
      }
    });
    child.once('exit', (code, sig) => {
      if (this.workers[slot] === w) this.workers[slot] = undefined;
      // 'close' follows once its output is read; a grandchild holding the pipe must not hold the pool.
      const closed = new Promise<void>((res) => {
        child.once('close', () => res());
        setTimeout(res, 1000).unref();
      });
      void closed.then(async () => {
        const r = w.job;
        w.job = undefined;
        if (r) {
          await this.finish(r, sig ? `was killed by ${sig}` : `exited with code ${code}`);
          this.done(r);
        }
        exitedResolve();
      });
    });
    return w;
  }

  private done(r: Running): void {
    this.running.delete(r.index);
    r.settle();
  }

  /**
   * Reads a finished job's journal and hands the result on. `died`: how the worker ended when
   * it did so during the job (then a journal that is missing becomes an error journal, and the
   * job's databases are dropped by its run id's prefix).
   */
  private async finish(r: Running, died: string | null): Promise<void> {
    const job = this.plan[r.index]!;
    let journal: Journal | undefined;
    try {
      journal = JSON.parse(fs.readFileSync(r.journalFile, 'utf8')) as Journal;
    } catch {
      // Interrupted before its first step (still starting up), nothing of the story ran; otherwise the worker died.
      // A worker ended by the terminal's signal before it could handle it (it was still loading) was
      // interrupted too, even when the command's own handler has not run yet.
      const by = this.interruptedBy ?? /^was killed by (SIGINT|SIGTERM|SIGHUP)$/.exec(died ?? '')?.[1];
      const why = by
        ? new SetupFailed({ kind: 'interrupted', message: `interrupted by ${by} while the worker for ${job.label} was starting` })
        : new Error(`the worker process ${died ?? 'answered'} without writing its journal`);
      journal = failedJournal({ id: job.id }, this.opts.server, 'replay', why, job.host);
      // What it created and could not drop: only names with the job's own run id are touched.
      await new Databases(this.opts.server, r.runId).dropLeftovers().catch(() => undefined);
    }
    if (journal.failure?.kind === 'infrastructure') {
      this.gone ??= journal.failure.message;
      this.stopping = true;
    }
    const result: JobResult = {
      job,
      journal,
      output: r.worker.output.slice(r.outputFrom).join(''),
      startMs: r.startMs,
      endMs: performance.now() - this.t0,
      loadMs: r.loadMs,
      slot: r.slot,
    };
    this.opts.onResult(result, r.index);
    if (!this.stopping) await this.opts.afterJob?.(job.id);
  }
}
