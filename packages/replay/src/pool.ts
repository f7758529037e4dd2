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
import { Databases, trackChildProcess, type RunningServer } from '@incident-replay/pg-harness';
import { failedJournal, type HostName, type Journal } from '@incident-replay/incident';
import type { WorkerMessage, WorkerRequest } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

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
  /** The command's database run id; workers use `<runId>w<n>`. */
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
  child: ChildProcess;
  output: string[];
  startMs: number;
  loadMs?: number;
  slot: number;
}

/** The pool; one {@link ReplayPool.run} per instance. */
export class ReplayPool {
  /** Set once a journal says the server stopped answering: the first such failure's message. */
  gone: string | undefined;
  private readonly running = new Map<number, Running>();
  private readonly pending: number[] = [];
  private stopping = false;
  private interruptedBy: NodeJS.Signals | undefined;
  private readonly t0 = performance.now();
  private counter = 0;

  constructor(private readonly opts: PoolOptions) {
    fs.mkdirSync(opts.workDir, { recursive: true });
  }

  /** Labels of the jobs not started (after a gone server or an interruption). */
  get notStarted(): string[] {
    return this.pending.map((i) => this.plan[i]!.label);
  }

  private plan: PoolJob[] = [];

  /**
   * Runs every job; resolves when all started workers exited (never rejects: a worker's failure
   * is in its journal).
   *
   * @param expectedMs how long each job took last time (by `id.host`): the longest start first, so
   *   the slots finish together (unknown ones count as longest); results still come in plan order
   */
  async run(plan: PoolJob[], expectedMs: ReadonlyMap<string, number> = new Map()): Promise<void> {
    this.plan = plan;
    const expected = (i: number) => expectedMs.get(`${plan[i]!.id}.${plan[i]!.host}`) ?? Number.POSITIVE_INFINITY;
    this.pending.push(...[...plan.keys()].sort((a, b) => expected(b) - expected(a) || a - b));
    await new Promise<void>((resolve) => {
      const fill = () => {
        while (!this.stopping && this.running.size < this.opts.jobs) {
          const busy = new Set([...this.running.values()].map((r) => plan[r.index]!.id));
          const at = this.pending.findIndex((i) => !busy.has(plan[i]!.id));
          if (at < 0) break;
          const [index] = this.pending.splice(at, 1);
          this.start(index!, () => fill());
        }
        if (this.running.size === 0 && (this.stopping || this.pending.length === 0)) resolve();
      };
      fill();
    });
  }

  /**
   * Passes a signal on to every running worker (over IPC: a worker that got it from the terminal
   * already is not signalled twice), starts nothing more, and waits up to `budgetMs` for them to
   * exit with their journals.
   */
  async interrupt(signal: NodeJS.Signals, budgetMs = 4000): Promise<void> {
    this.stopping = true;
    this.interruptedBy ??= signal;
    const live = [...this.running.values()];
    for (const r of live) if (r.child.connected) r.child.send({ type: 'interrupt', signal });
    const budget = new Promise<void>((res) => setTimeout(res, budgetMs).unref());
    await Promise.race([Promise.all(live.map((r) => r.settled)), budget]);
  }

  /** The running jobs: label and the step each is in, for a stall message. */
  describeRunning(): string {
    return [...this.running.values()].map((r) => this.plan[r.index]!.label).join(', ');
  }

  private start(index: number, next: () => void): void {
    const job = this.plan[index]!;
    const slot = this.freeSlot();
    const runId = `${this.opts.runId}w${++this.counter}`;
    const journalFile = path.join(this.opts.workDir, `${index}-${job.id}.${job.host}.json`);
    const child = fork(WORKER, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    trackChildProcess(child, `replay worker: ${job.label}`);
    let settle!: () => void;
    const r: Running = { index, child, output: [], startMs: performance.now() - this.t0, slot, settled: new Promise<void>((res) => (settle = res)) };
    this.running.set(index, r);
    child.stdout!.on('data', (c: Buffer) => r.output.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => r.output.push(c.toString()));
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'loaded') r.loadMs = m.loadMs;
    });
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
      },
      runId,
      journalFile,
      profile: this.opts.profile,
    };
    child.send(request);
    child.once('exit', (code, sig) => {
      // 'close' follows once its output is read; a grandchild holding the pipe must not hold the pool.
      const closed = new Promise<void>((res) => {
        child.once('close', () => res());
        setTimeout(res, 1000).unref();
      });
      void closed
        .then(() => this.finish(r, journalFile, runId, code, sig))
        .then(() => {
          this.running.delete(index);
          settle();
          next();
        });
    });
  }

  private async finish(r: Running, journalFile: string, runId: string, code: number | null, sig: NodeJS.Signals | null): Promise<void> {
    const job = this.plan[r.index]!;
    let journal: Journal | undefined;
    try {
      journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal;
    } catch {
      const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
      journal = failedJournal({ id: job.id }, this.opts.server, 'replay', new Error(`the worker process ${how} without writing its journal`), job.host);
      if (this.interruptedBy) {
        // Interrupted before its first step (still starting up): nothing of the story ran.
        const message = `interrupted by ${this.interruptedBy} while the worker for ${job.label} was starting`;
        journal = { ...journal, outcome: 'interrupted', failure: { kind: 'interrupted', message } };
        journal.steps = journal.steps.map((st) => ({ ...st, outcome: 'interrupted', failure: { kind: 'interrupted', message }, error: undefined }));
      }
      // What it created and could not drop: only names with its own run id are touched.
      await new Databases(this.opts.server, runId).dropLeftovers().catch(() => undefined);
    }
    if (journal.failure?.kind === 'infrastructure') {
      this.gone ??= journal.failure.message;
      this.stopping = true;
    }
    const result: JobResult = {
      job,
      journal,
      output: r.output.join(''),
      startMs: r.startMs,
      endMs: performance.now() - this.t0,
      loadMs: r.loadMs,
      slot: r.slot,
    };
    this.opts.onResult(result, r.index);
    if (!this.stopping) await this.opts.afterJob?.(job.id);
  }

  private freeSlot(): number {
    const used = new Set([...this.running.values()].map((r) => r.slot));
    let s = 0;
    while (used.has(s)) s++;
    return s;
  }
}
