import { killChildProcesses, probeServer, trackedChildProcesses, type Databases, type ServerInfo } from '@incident-replay/pg-harness';
import { DEFAULT_STEP_TIMEOUT_MS, SETUP_TIMEOUT_MS, type HostName, type Incident, type IncidentEnv, type Step } from './model.js';
import type { Journal, Outcome, StepFailure, StepRecord } from './journal.js';
import { LogCapture } from './log-capture.js';
import { StepContext } from './step-context.js';
import { CheckFailed } from './errors.js';
import { fireStepFault } from './faults.js';
import { headline } from './format.js';
import { beginSpan, type SpanProfile } from './profile.js';

/** How long one teardown action may take, in ms, before the run reports it and moves on. */
const TEARDOWN_TIMEOUT_MS = 30_000;

/** The step running right now, kept so an interruption can still journal it. */
interface InFlight {
  index: number;
  step: Step<unknown>;
  startedAt: string;
  t0: number;
  capture: LogCapture;
  t: StepContext;
}

/**
 * One replay of one incident, driven a step at a time so the same code serves
 * the replay command (all steps in a loop) and vitest (one `it` per step).
 * After a step that did not hold or could not be carried out, later steps are
 * skipped: each builds on the state the previous one left.
 *
 * Every step runs under a time limit ({@link Step.timeoutMs}); a step that
 * fails is classified (see {@link StepFailure}): when the Postgres server no
 * longer answers a probe, the failure is `infrastructure`, whatever the step
 * itself saw, and {@link IncidentRun.serverGone} is set.
 */
export class IncidentRun<Ctx = unknown> {
  readonly steps: StepRecord[] = [];
  /** Set once a failure was traced to the Postgres server no longer answering. */
  serverGone: StepFailure | undefined;
  private ctx!: Ctx;
  private readonly teardowns: (() => Promise<void> | void)[] = [];
  private readonly savedEnv = new Map<string, string | undefined>();
  private readonly startedAt = new Date();
  private setupMs = 0;
  private readonly profile: { setup?: SpanProfile; teardown?: SpanProfile } = {};
  private stopped = false;
  private interruptedBy: string | undefined;
  private inFlight: InFlight | undefined;
  private readonly databasesBefore: Set<string>;

  private constructor(
    readonly incident: Incident<Ctx>,
    readonly server: ServerInfo,
    readonly databases: Databases,
    readonly host: HostName,
  ) {
    this.databasesBefore = new Set(databases.list());
  }

  /**
   * Runs the incident's setup (bounded by {@link SETUP_TIMEOUT_MS}) and returns
   * the run, ready for {@link runStep}.
   *
   * @param options.host where the app runs (default `in-process`)
   * @throws SetupFailed (with the classified failure) after undoing what setup registered
   */
  static async start<Ctx>(incident: Incident<Ctx>, server: ServerInfo, databases: Databases, options: { host?: HostName } = {}): Promise<IncidentRun<Ctx>> {
    const run = new IncidentRun(incident, server, databases, options.host ?? 'in-process');
    const supported = incident.hosts ?? ['in-process'];
    if (!supported.includes(run.host)) {
      throw new SetupFailed({ kind: 'error', message: `error: ${incident.id} cannot run on the ${run.host} host (it supports: ${supported.join(', ')})` });
    }
    const t0 = performance.now();
    const span = beginSpan();
    const env: IncidentEnv = {
      server,
      host: run.host,
      databases,
      setAppEnv: (vars) => {
        for (const [k, v] of Object.entries(vars)) {
          if (!run.savedEnv.has(k)) run.savedEnv.set(k, process.env[k]);
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      },
      onTeardown: (fn) => void run.teardowns.push(fn),
    };
    const childrenBefore = childrenNow();
    const limit = setupTimeoutMs();
    try {
      const result = await withTimeout(incident.setup(env), limit);
      if (result.timedOut) {
        const waitingFor = await stopNewChildren(childrenBefore);
        throw new SetupFailed({
          kind: 'timeout',
          code: String(limit),
          message: `timeout: ${incident.id} setup did not finish within ${seconds(limit)}${waitingFor}`,
        });
      }
      run.ctx = result.value;
    } catch (err) {
      const failure = err instanceof SetupFailed ? err.failure : await run.classify(err, `${incident.id} setup`);
      if (failure.kind === 'infrastructure') run.serverGone = failure;
      await run.finish();
      throw err instanceof SetupFailed ? err : new SetupFailed(failure, err);
    }
    run.setupMs = performance.now() - t0;
    if (span) run.profile.setup = span.end();
    return run;
  }

  /** True once a step did not hold, errored or was interrupted. */
  get failed(): boolean {
    return this.steps.some((s) => s.outcome === 'did-not-hold' || s.outcome === 'error' || s.outcome === 'interrupted');
  }

  /**
   * Runs one step with log capture, under its time limit, and records it.
   * Never throws: the outcome is in the returned record (`skipped` if an
   * earlier step failed). A step past its limit is abandoned, the child
   * processes it started are killed, and its record says what it was waiting for.
   */
  async runStep(step: Step<Ctx>): Promise<StepRecord> {
    const index = this.steps.length + 1;
    const startedAt = new Date().toISOString();
    if (this.failed || this.interruptedBy) {
      const first = this.steps.find((s) => s.failure)?.failure;
      const reason = this.serverGone
        ? 'the Postgres server is gone'
        : `step ${this.steps.find((s) => s.failure)?.index ?? '?'} ${first?.kind === 'did-not-hold' ? 'did not hold' : 'failed'}`;
      const rec = { ...emptyRecord(index, step, 'skipped', startedAt), skipReason: reason };
      this.steps.push(rec);
      return rec;
    }
    if (step.needs && step.needs !== this.host) {
      const rec = { ...emptyRecord(index, step, 'skipped', startedAt), skipReason: `needs the ${step.needs} host` };
      this.steps.push(rec);
      return rec;
    }
    fireStepFault(this.incident.id, index, this.server);
    const capture = new LogCapture().start();
    const t = new StepContext(capture, { server: this.server, databases: this.databases, host: this.host, onTeardown: (fn) => void this.teardowns.push(fn) });
    const t0 = performance.now();
    const span = beginSpan();
    this.inFlight = { index, step: step as Step<unknown>, startedAt, t0, capture, t };
    const childrenBefore = childrenNow();
    const limit = stepTimeoutMs(step);
    let outcome: Outcome = 'held';
    let error: StepRecord['error'];
    let failure: StepFailure | undefined;
    const where = `${this.incident.id} step ${index} "${step.name}"`;
    try {
      const result = await withTimeout(step.run(t, this.ctx), limit);
      if (result.timedOut) {
        const waitingFor = (await stopNewChildren(childrenBefore)) || lastActivity(t);
        outcome = 'error';
        failure = { kind: 'timeout', code: String(limit), message: `timeout: ${where} did not finish within ${seconds(limit)}${waitingFor}` };
        error = { message: failure.message };
      }
    } catch (err) {
      outcome = err instanceof CheckFailed ? 'did-not-hold' : 'error';
      const e = err as Error;
      error = { message: e?.message ?? String(err), ...(err instanceof CheckFailed ? {} : { stack: e?.stack }) };
      failure = await this.classify(err, where);
    } finally {
      capture.stop();
      this.inFlight = undefined;
    }
    const recordedByInterrupt = this.steps.find((s) => s.index === index);
    if (recordedByInterrupt) return recordedByInterrupt; // interrupt() journaled this step already
    if (failure?.kind === 'timeout' && !this.serverGone) {
      // A step can hang because the server died under it: the probe, not the timer, decides.
      const probe = await probeTwice(this.server.adminUrl);
      if (!probe.alive) failure = infrastructure(this.server, probe, where);
    }
    if (failure?.kind === 'infrastructure') {
      this.serverGone ??= failure;
      outcome = 'error';
    }
    const rec: StepRecord = {
      index,
      kind: step.kind,
      name: step.name,
      outcome,
      startedAt,
      durationMs: Math.round(performance.now() - t0),
      checks: t.checks,
      claims: t.claims,
      evidence: t.evidence,
      notes: t.notes,
      logs: capture.lines,
      ...(error ? { error } : {}),
      ...(failure ? { failure } : {}),
      ...(span ? { profile: span.end() } : {}),
    };
    this.steps.push(rec);
    return rec;
  }

  /**
   * Marks the run as interrupted by `signal`: the step in flight is recorded
   * with outcome `interrupted` (with what it logged so far) and no further
   * step runs. Synchronous, so a signal handler can call it and then write the
   * journal before the process exits.
   */
  interrupt(signal: string): void {
    if (this.interruptedBy) return;
    this.interruptedBy = signal;
    const f = this.inFlight;
    if (!f) return;
    this.inFlight = undefined;
    const message = `interrupted by ${signal} during ${this.incident.id} step ${f.index} "${f.step.name}"`;
    this.steps.push({
      index: f.index,
      kind: f.step.kind,
      name: f.step.name,
      outcome: 'interrupted',
      startedAt: f.startedAt,
      durationMs: Math.round(performance.now() - f.t0),
      checks: f.t.checks,
      claims: f.t.claims,
      evidence: f.t.evidence,
      notes: f.t.notes,
      logs: [...f.capture.lines],
      failure: { kind: 'interrupted', message },
    });
  }

  /**
   * Runs teardown (newest first, each bounded by 30 s), restores the app
   * environment, drops this incident's databases (unless the server is gone),
   * and returns the journal. Idempotent; never throws.
   */
  async finish(): Promise<Journal> {
    if (!this.stopped) {
      this.stopped = true;
      const span = beginSpan();
      for (const fn of this.teardowns.reverse()) {
        try {
          const r = await withTimeout(Promise.resolve().then(fn), TEARDOWN_TIMEOUT_MS);
          if (r.timedOut)
            process.stderr.write(`[incident ${this.incident.id}] a teardown action did not finish within ${seconds(TEARDOWN_TIMEOUT_MS)}; moving on\n`);
        } catch (err) {
          process.stderr.write(`[incident ${this.incident.id}] teardown failed: ${(err as Error).message}\n`);
        }
      }
      for (const [k, v] of this.savedEnv) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      if (process.env.REPLAY_KEEP_DATABASES !== '1' && !this.serverGone) {
        for (const name of this.databases.list().reverse()) {
          if (this.databasesBefore.has(name)) continue;
          try {
            await this.databases.drop(name);
          } catch (err) {
            process.stderr.write(`[incident ${this.incident.id}] could not drop database ${name}: ${(err as Error).message}\n`);
          }
        }
      }
      if (span) this.profile.teardown = span.end();
    }
    return this.journal();
  }

  /** The journal so far. */
  journal(): Journal {
    const finishedAt = new Date();
    const failure = this.steps.find((s) => s.failure)?.failure;
    return {
      incident: {
        id: this.incident.id,
        title: this.incident.title,
        postmortem: this.incident.postmortem,
        summary: this.incident.summary,
        ...(this.incident.map ? { map: this.incident.map } : {}),
      },
      host: this.host,
      postgres: { provider: this.server.provider, version: this.server.version, description: this.server.description },
      outcome: incidentOutcome(this.steps),
      ...(failure ? { failure } : {}),
      startedAt: this.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - this.startedAt.getTime(),
      setupMs: Math.round(this.setupMs),
      steps: this.steps,
      ...(this.profile.setup || this.profile.teardown ? { profile: { ...this.profile } } : {}),
    };
  }

  /** Classifies what a step (or setup) threw: a failed check, the server gone, or another error. */
  private async classify(err: unknown, where: string): Promise<StepFailure> {
    const probe = await probeTwice(this.server.adminUrl);
    if (!probe.alive) return infrastructure(this.server, probe, where);
    const message = headline((err as Error)?.message ?? String(err));
    if (err instanceof CheckFailed) return { kind: 'did-not-hold', message: `did not hold: ${where}: ${message}` };
    return { kind: 'error', message: `error: ${where} threw ${(err as Error)?.name ?? typeof err}: ${message}` };
  }
}

/** Setup failed; `failure` says how (timeout, infrastructure, error). */
export class SetupFailed extends Error {
  constructor(
    readonly failure: StepFailure,
    cause?: unknown,
  ) {
    super(failure.message, cause === undefined ? undefined : { cause });
    this.name = 'SetupFailed';
  }
}

/**
 * An incident's outcome from its steps: `interrupted` over `error` over
 * `did-not-hold` over `held` (skipped steps only follow a failure).
 */
export function incidentOutcome(steps: readonly StepRecord[]): Exclude<Outcome, 'skipped'> {
  const has = (o: Outcome) => steps.some((s) => s.outcome === o);
  return has('interrupted') ? 'interrupted' : has('error') ? 'error' : has('did-not-hold') ? 'did-not-hold' : 'held';
}

/** Progress callbacks of {@link replayIncident}. */
export interface ReplayHooks<Ctx> {
  /** Called before a step runs (`index` from 1). The fault-injection tests hook in here. */
  onStepStart?: (step: Step<Ctx>, index: number) => void | Promise<void>;
  onStepEnd?: (rec: StepRecord) => void;
  /** Receives the run once setup finished, e.g. to interrupt it from a signal handler. */
  onRun?: (run: IncidentRun<Ctx>) => void;
  /** Where the app runs (default `in-process`). */
  host?: HostName;
}

/**
 * Replays every step of an incident and returns its journal.
 *
 * @param hooks progress callbacks (the replay command prints from them)
 * @returns the journal; a setup failure becomes a journal with outcome `error` and its classified failure
 */
export async function replayIncident<Ctx>(incident: Incident<Ctx>, server: ServerInfo, databases: Databases, hooks: ReplayHooks<Ctx> = {}): Promise<Journal> {
  let run: IncidentRun<Ctx>;
  try {
    run = await IncidentRun.start(incident, server, databases, { host: hooks.host });
  } catch (err) {
    return failedJournal(incident, server, 'setup', err, hooks.host);
  }
  hooks.onRun?.(run);
  try {
    for (const [i, s] of incident.steps.entries()) {
      await hooks.onStepStart?.(s, i + 1);
      const rec = await run.runStep(s); // not inside `?.()`: that would skip the step without a hook
      hooks.onStepEnd?.(rec);
    }
  } finally {
    await run.finish();
  }
  return run.journal();
}

/**
 * The journal of an incident that failed before any step ran (its setup
 * threw, or its file could not be imported): one `error` step named `what`.
 * A {@link SetupFailed} keeps its classified failure; one of kind
 * `interrupted` (a signal before the first step) makes the step and the
 * incident `interrupted`, with no error attached, as {@link IncidentRun.interrupt} records them.
 *
 * @param incident what is known of the incident (at least its id)
 */
export function failedJournal(
  incident: Pick<Incident<unknown>, 'id'> & Partial<Pick<Incident<unknown>, 'title' | 'postmortem' | 'summary'>>,
  server: Pick<ServerInfo, 'provider' | 'version' | 'description'>,
  what: string,
  err: unknown,
  host: HostName = 'in-process',
): Journal {
  const now = new Date().toISOString();
  const failure: StepFailure =
    err instanceof SetupFailed
      ? err.failure
      : { kind: 'error', message: `error: ${incident.id} ${what} failed: ${headline((err as Error)?.message ?? String(err))}` };
  const cause = err instanceof SetupFailed && err.cause !== undefined ? err.cause : err;
  const outcome = failure.kind === 'interrupted' ? 'interrupted' : 'error';
  return {
    incident: { id: incident.id, title: incident.title ?? '(failed to load)', postmortem: incident.postmortem ?? '', summary: incident.summary ?? '' },
    host,
    postgres: { provider: server.provider, version: server.version, description: server.description },
    outcome,
    failure,
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    setupMs: 0,
    steps: [
      {
        ...emptyRecord(0, { kind: 'check', name: what }, outcome, now),
        ...(outcome === 'error' ? { error: { message: (cause as Error)?.message ?? String(cause), stack: (cause as Error)?.stack } } : {}),
        failure,
      },
    ],
  };
}

function emptyRecord(index: number, step: { kind: StepRecord['kind']; name: string }, outcome: Outcome, startedAt: string): StepRecord {
  return { index, kind: step.kind, name: step.name, outcome, startedAt, durationMs: 0, checks: [], claims: [], evidence: [], notes: [], logs: [] };
}

/**
 * Probes the server; a probe that only timed out is repeated with a longer
 * budget (a loaded 2-core machine can be slow to accept), so a live but busy
 * server is not reported as gone. A refused or reset connection is final.
 */
async function probeTwice(adminUrl: string): Promise<Awaited<ReturnType<typeof probeServer>>> {
  const first = await probeServer(adminUrl, 1500);
  return !first.alive && first.code === 'ETIMEDOUT' ? probeServer(adminUrl, 5000) : first;
}

function infrastructure(server: ServerInfo, probe: { code: string; message: string }, where: string): StepFailure {
  return {
    kind: 'infrastructure',
    code: probe.code,
    message: `infrastructure: the Postgres server at ${server.address} stopped answering (${probe.code}) during ${where}`,
  };
}

/** Races `p` against a timer; the timer never keeps the process alive after `p` settles. A late rejection of `p` is swallowed. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<{ timedOut: false; value: T } | { timedOut: true }> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => undefined); // an abandoned step may still reject later
  try {
    return await Promise.race([
      p.then((value) => ({ timedOut: false as const, value })),
      new Promise<{ timedOut: true }>((r) => (timer = setTimeout(() => r({ timedOut: true }), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The tracked child processes now, and the moment (ms since the epoch): what a span started with. */
function childrenNow(): { pids: Set<number>; at: number } {
  return { pids: new Set(trackedChildProcesses().map((c) => c.pid)), at: Date.now() };
}

/**
 * Kills the tracked child processes started since `before`, and the long-lived ones (the warm
 * Prisma CLI process) busy with a command given to them since then; returns ", waiting for:
 * <their command lines> (killed)" or "".
 */
async function stopNewChildren(before: { pids: Set<number>; at: number }): Promise<string> {
  const fresh = trackedChildProcesses().filter((c) => !before.pids.has(c.pid) || (c.task !== undefined && c.task.since >= before.at));
  if (!fresh.length) return '';
  await killChildProcesses(fresh.map((c) => c.pid));
  return `, waiting for: ${fresh.map((c) => c.task?.label ?? c.label).join('; ')} (killed)`;
}

function lastActivity(t: StepContext): string {
  const last = t.evidence.at(-1);
  return last ? `, waiting for the step's own code after "${last.label}"` : ", waiting for the step's own code (it recorded nothing)";
}

function stepTimeoutMs(step: Step<unknown>): number {
  if (step.timeoutMs) return step.timeoutMs;
  const all = Number(process.env.REPLAY_STEP_TIMEOUT_MS);
  return all > 0 ? all : DEFAULT_STEP_TIMEOUT_MS[step.kind];
}

function setupTimeoutMs(): number {
  const all = Number(process.env.REPLAY_SETUP_TIMEOUT_MS);
  return all > 0 ? all : SETUP_TIMEOUT_MS;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
