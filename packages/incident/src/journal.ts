import type { SpanProfile } from './profile.js';
/**
 * The journal: what a replay did and saw, step by step, in a shape a person
 * can read afterwards and a machine can diff. Modelled on Chaos Toolkit's
 * experiment journal (status, start, end, duration, each step's outcome).
 */

/** The four phases of an incident story, plus free-standing checks. */
export type StepKind = 'broken-state' | 'symptom' | 'fix' | 'recovery' | 'check';

/**
 * Outcome of a step or a whole replay.
 * - `held`: every expectation was observed to hold.
 * - `did-not-hold`: an expectation was contradicted by what happened (the story changed).
 * - `error`: the step could not be carried out: it threw for a reason outside the story, timed
 *   out, or the infrastructure failed (see {@link StepFailure}).
 * - `skipped`: not run (an earlier step failed, or the host lacks what the step needs).
 * - `interrupted`: the run was stopped by a signal (SIGINT/SIGTERM/SIGHUP) while it ran.
 */
export type Outcome = 'held' | 'did-not-hold' | 'error' | 'skipped' | 'interrupted';

/**
 * Why a step did not hold or could not be carried out.
 * - `did-not-hold`: a check or a claim verdict differed from what was expected.
 * - `infrastructure`: the Postgres server stopped answering, or the run's machinery failed.
 * - `timeout`: the step ran past its time limit and was stopped.
 * - `error`: the step threw something that is not a failed check (a bug, an unexpected library error).
 * - `interrupted`: a signal stopped the run during the step.
 */
export type FailureKind = 'did-not-hold' | 'infrastructure' | 'timeout' | 'error' | 'interrupted';

/** A step's failure, classified; `message` is one line naming the incident, the step and the cause. */
export interface StepFailure {
  kind: FailureKind;
  message: string;
  /** For `infrastructure`: the error code seen (`ECONNREFUSED`, `57P01`…). For `timeout`: the limit in ms. */
  code?: string;
}

/** One expectation compared with what was observed. */
export interface CheckRecord {
  /** What is expected, in words (e.g. "sign-in answers 500"). */
  description: string;
  expected: unknown;
  actual: unknown;
  held: boolean;
}

/**
 * A claim made in a postmortem (or another document), and whether the replay
 * found it true. `expectedToHold` is what this project verified beforehand;
 * a verdict that differs from it fails the step (the world changed).
 */
export interface ClaimRecord {
  /** Stable id, `<incident number>.<slug>`, e.g. `002.status-checks-schema`; READMEs cite it. */
  id: string;
  /** Set when the same claim is judged once per variant (e.g. `Better Auth 1.4`). */
  variant?: string;
  /** File the claim comes from, e.g. `000_b34f50e6b2a4b170.txt`. */
  source: string;
  /** The claim, paraphrased. */
  claim: string;
  /** The observation the verdict was computed from (JSON, clipped when large). */
  observed: unknown;
  /** The verdict: `holds(observed)`. */
  holds: boolean;
  expectedToHold: boolean;
  /** What was observed that decides it: `evidence(observed)`. */
  evidence: string;
}

/** Evidence recorded by a step. `detail` is kind-specific JSON. */
export type Evidence =
  | { type: 'http'; label: string; method: string; url: string; status: number; location?: string; setCookie?: string[]; bodyExcerpt: string }
  /** `rowCount`: rows a SELECT returned, or rows an INSERT/UPDATE/DELETE affected; `rows`: the first 20 returned. */
  | { type: 'sql'; label: string; sql: string; rowCount: number; rows: unknown[] }
  | { type: 'error'; label: string; errorClass: string; message: string; sqlstate?: string; code?: string }
  | { type: 'command'; label: string; command: string; exitCode: number | null; outputExcerpt: string; durationMs: number }
  | { type: 'value'; label: string; value: unknown };

/** One captured log line. `source` is `console.<level>`, `stdout`, `stderr`, or a child process name. */
export interface LogLine {
  source: string;
  text: string;
  /** ms since the step started. */
  atMs: number;
}

/** Everything one step recorded. */
export interface StepRecord {
  index: number;
  kind: StepKind;
  name: string;
  outcome: Outcome;
  startedAt: string;
  durationMs: number;
  checks: CheckRecord[];
  claims: ClaimRecord[];
  evidence: Evidence[];
  notes: string[];
  logs: LogLine[];
  /** Set when the step threw something other than a failed check. */
  error?: { message: string; stack?: string };
  /** Set when the outcome is `did-not-hold`, `error` or `interrupted`: what kind of failure, in one line. */
  failure?: StepFailure;
  /** Set when the outcome is `skipped`: why. */
  skipReason?: string;
  /** Where the step's time went; only in a profiled run (`pnpm replay --profile`). */
  profile?: SpanProfile;
}

/**
 * One cell of an incident's map: a short sentence and what proves it — a step of the journal
 * (`StepRecord.index`, 1-based, on the incident's first version when steps repeat per variant)
 * or a claim (`ClaimRecord.id`; every variant of it).
 */
export interface MapCell {
  text: string;
  step?: number;
  claim?: string;
}

/**
 * An incident on one line, for a learner: what users saw (status, log line), the real cause,
 * what a dashboard counting 500s would miss, the fix that works, and the postmortem's own fix
 * (its verdict is the journal's verdict of `documentedFix.claim`, never typed here).
 * The root README's map and the reports (report.md, report.html) are rendered from it.
 */
export interface IncidentMap {
  seen: MapCell;
  cause: MapCell;
  missed: MapCell;
  fix: MapCell;
  documentedFix: MapCell & { claim: string };
  /**
   * The postmortem's diagnosis, when its verdict differs from the fix's or a reader would
   * otherwise take the fix's verdict for it: shown in the postmortem's-fix column before the
   * fix, each with its own verdict (the journal's verdict of `diagnosis.claim`).
   */
  diagnosis?: MapCell & { claim: string };
}

/** The journal of one incident's replay. */
export interface Journal {
  /** `map`: the incident's {@link IncidentMap}, copied from its definition when it has one. */
  incident: { id: string; title: string; postmortem: string; summary: string; map?: IncidentMap };
  /** The host the app ran on: `in-process` or `built` (see `HostName`). */
  host: 'in-process' | 'built';
  postgres: { provider: string; version: string; description: string };
  /** `held`, `did-not-hold`, `error` or `interrupted` (never `skipped`). */
  outcome: Outcome;
  /** The first failure of the incident, when its outcome is not `held`. */
  failure?: StepFailure;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Time spent in setup (databases, migrations, app import), ms. */
  setupMs: number;
  steps: StepRecord[];
  /** Where setup's and teardown's time went (teardown: its actions and dropping the incident's databases); only in a profiled run. */
  profile?: { setup?: SpanProfile; teardown?: SpanProfile };
}

/** Claims across all steps of a journal, in order. */
export function allClaims(journal: Journal): ClaimRecord[] {
  return journal.steps.flatMap((s) => s.claims);
}
