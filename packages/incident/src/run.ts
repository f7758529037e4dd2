import type { Databases, ServerInfo } from '@incident-replay/pg-harness';
import type { Incident, IncidentEnv, Step } from './model.js';
import type { Journal, Outcome, StepRecord } from './journal.js';
import { LogCapture } from './log-capture.js';
import { StepContext } from './step-context.js';
import { CheckFailed } from './errors.js';

/**
 * One replay of one incident, driven a step at a time so the same code serves
 * the replay command (all steps in a loop) and vitest (one `it` per step).
 * After a step that did not hold, later steps are skipped: each builds on the
 * state the previous one left.
 */
export class IncidentRun<Ctx = unknown> {
  readonly steps: StepRecord[] = [];
  private ctx!: Ctx;
  private readonly teardowns: (() => Promise<void> | void)[] = [];
  private readonly savedEnv = new Map<string, string | undefined>();
  private readonly startedAt = new Date();
  private setupMs = 0;
  private stopped = false;
  private readonly databasesBefore: Set<string>;

  private constructor(
    readonly incident: Incident<Ctx>,
    readonly server: ServerInfo,
    readonly databases: Databases,
  ) {
    this.databasesBefore = new Set(databases.list());
  }

  /**
   * Runs the incident's setup and returns the run, ready for {@link runStep}.
   *
   * @throws whatever setup throws, after undoing what setup registered
   */
  static async start<Ctx>(incident: Incident<Ctx>, server: ServerInfo, databases: Databases): Promise<IncidentRun<Ctx>> {
    const run = new IncidentRun(incident, server, databases);
    const t0 = performance.now();
    const env: IncidentEnv = {
      server,
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
    try {
      run.ctx = await incident.setup(env);
    } catch (err) {
      await run.finish();
      throw err;
    }
    run.setupMs = performance.now() - t0;
    return run;
  }

  /** True once a step did not hold or errored. */
  get failed(): boolean {
    return this.steps.some((s) => s.outcome === 'did-not-hold' || s.outcome === 'error');
  }

  /**
   * Runs one step with log capture and records it. Never throws: the outcome
   * is in the returned record (`skipped` if an earlier step failed).
   */
  async runStep(step: Step<Ctx>): Promise<StepRecord> {
    const index = this.steps.length + 1;
    const startedAt = new Date().toISOString();
    if (this.failed) {
      const rec = emptyRecord(index, step, 'skipped', startedAt);
      this.steps.push(rec);
      return rec;
    }
    const capture = new LogCapture().start();
    const t = new StepContext(capture);
    const t0 = performance.now();
    let outcome: Outcome = 'held';
    let error: StepRecord['error'];
    try {
      await step.run(t, this.ctx);
    } catch (err) {
      outcome = err instanceof CheckFailed ? 'did-not-hold' : 'error';
      const e = err as Error;
      error = { message: e?.message ?? String(err), ...(err instanceof CheckFailed ? {} : { stack: e?.stack }) };
    } finally {
      capture.stop();
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
    };
    this.steps.push(rec);
    return rec;
  }

  /**
   * Runs teardown (newest first), restores the app environment, drops this
   * incident's databases, and returns the journal. Idempotent.
   */
  async finish(): Promise<Journal> {
    if (!this.stopped) {
      this.stopped = true;
      for (const fn of this.teardowns.reverse()) {
        try {
          await fn();
        } catch (err) {
          process.stderr.write(`[incident ${this.incident.id}] teardown failed: ${(err as Error).message}\n`);
        }
      }
      for (const [k, v] of this.savedEnv) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      if (process.env.REPLAY_KEEP_DATABASES !== '1') {
        for (const name of this.databases.list().reverse()) if (!this.databasesBefore.has(name)) await this.databases.drop(name);
      }
    }
    return this.journal();
  }

  /** The journal so far. */
  journal(): Journal {
    const finishedAt = new Date();
    const outcome: Outcome = this.steps.some((s) => s.outcome === 'error')
      ? 'error'
      : this.steps.some((s) => s.outcome === 'did-not-hold')
        ? 'did-not-hold'
        : 'held';
    return {
      incident: { id: this.incident.id, title: this.incident.title, postmortem: this.incident.postmortem, summary: this.incident.summary },
      postgres: { provider: this.server.provider, version: this.server.version, description: this.server.description },
      outcome,
      startedAt: this.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - this.startedAt.getTime(),
      setupMs: Math.round(this.setupMs),
      steps: this.steps,
    };
  }
}

/**
 * Replays every step of an incident and returns its journal.
 *
 * @param hooks progress callbacks (the replay command prints from them)
 * @returns the journal; a setup failure becomes a journal with outcome `error`
 */
export async function replayIncident<Ctx>(
  incident: Incident<Ctx>,
  server: ServerInfo,
  databases: Databases,
  hooks: { onStepStart?: (step: Step<Ctx>, index: number) => void; onStepEnd?: (rec: StepRecord) => void } = {},
): Promise<Journal> {
  let run: IncidentRun<Ctx>;
  try {
    run = await IncidentRun.start(incident, server, databases);
  } catch (err) {
    return failedJournal(incident, server, 'setup', err);
  }
  try {
    for (const [i, s] of incident.steps.entries()) {
      hooks.onStepStart?.(s, i + 1);
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
 *
 * @param incident what is known of the incident (at least its id)
 */
export function failedJournal(
  incident: Pick<Incident<unknown>, 'id'> & Partial<Pick<Incident<unknown>, 'title' | 'postmortem' | 'summary'>>,
  server: Pick<ServerInfo, 'provider' | 'version' | 'description'>,
  what: string,
  err: unknown,
): Journal {
  const now = new Date().toISOString();
  return {
    incident: { id: incident.id, title: incident.title ?? '(failed to load)', postmortem: incident.postmortem ?? '', summary: incident.summary ?? '' },
    postgres: { provider: server.provider, version: server.version, description: server.description },
    outcome: 'error',
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    setupMs: 0,
    steps: [{ ...emptyRecord(0, { kind: 'check', name: what }, 'error', now), error: { message: (err as Error)?.message ?? String(err), stack: (err as Error)?.stack } }],
  };
}

function emptyRecord(index: number, step: { kind: StepRecord['kind']; name: string }, outcome: Outcome, startedAt: string): StepRecord {
  return { index, kind: step.kind, name: step.name, outcome, startedAt, durationMs: 0, checks: [], claims: [], evidence: [], notes: [], logs: [] };
}
