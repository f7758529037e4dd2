/**
 * The journal: what a replay did and saw, step by step, in a shape a person
 * can read afterwards and a machine can diff. Modelled on Chaos Toolkit's
 * experiment journal (status, start, end, duration, each step's outcome).
 */

/** The four phases of an incident story, plus free-standing checks. */
export type StepKind = 'broken-state' | 'symptom' | 'fix' | 'recovery' | 'check';

/** Outcome of a step or a whole replay. `did-not-hold` = an expectation was contradicted by what happened. */
export type Outcome = 'held' | 'did-not-hold' | 'error' | 'skipped';

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
  /** File the claim comes from, e.g. `000_b34f50e6b2a4b170.txt`. */
  source: string;
  /** The claim, paraphrased. */
  claim: string;
  holds: boolean;
  expectedToHold: boolean;
  /** What was observed that decides it. */
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
}

/** The journal of one incident's replay. */
export interface Journal {
  incident: { id: string; title: string; postmortem: string; summary: string };
  postgres: { provider: string; version: string; description: string };
  outcome: Outcome;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Time spent in setup (databases, migrations, app import), ms. */
  setupMs: number;
  steps: StepRecord[];
}

/** Claims across all steps of a journal, in order. */
export function allClaims(journal: Journal): ClaimRecord[] {
  return journal.steps.flatMap((s) => s.claims);
}
