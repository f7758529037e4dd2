import type { Databases, ServerInfo } from '@incident-replay/pg-harness';
import type { IncidentMap, StepKind } from './journal.js';
import type { StepContext } from './step-context.js';

/**
 * Where the app under test runs:
 * - `in-process`: its route handlers are called directly in the runner's process (the Edge
 *   sandbox for Edge code); fast, and probes can look inside;
 * - `built`: the app as users deploy it — `next build` + `next start`, or its Node server
 *   process — reached over HTTP on localhost.
 */
export type HostName = 'in-process' | 'built';

/** Every host, in the order `--host all` runs them. */
export const HOSTS: readonly HostName[] = ['in-process', 'built'];

/**
 * What an incident's setup receives: the run's server and database manager,
 * the host to build the app on, a way to give the app under test its own
 * environment, and a place to register teardown.
 */
export interface IncidentEnv {
  server: ServerInfo;
  /** The host this replay runs the app on (chosen by the runner, not the incident). */
  host: HostName;
  /** Creates/clones/drops only this run's databases. */
  databases: Databases;
  /**
   * Sets variables the app under test reads (`DATABASE_URL`, secrets) for this
   * incident only; the previous values are restored when the incident ends.
   * In-process apps read `process.env`, so this is their process environment.
   */
  setAppEnv(vars: Record<string, string | undefined>): void;
  /** Runs `fn` when the incident ends, newest first, even after a failure. */
  onTeardown(fn: () => Promise<void> | void): void;
}

/** One named step of the story. */
export interface Step<Ctx> {
  kind: StepKind;
  /** What the step does, as a sentence (shown in the timeline). */
  name: string;
  /**
   * How long the step may run, in ms, before the runner stops it, kills the child processes it
   * started and ends the incident (default: {@link DEFAULT_STEP_TIMEOUT_MS} for its kind).
   */
  timeoutMs?: number;
  /**
   * The host the step needs, when it cannot run on every host (e.g. a probe that runs one query
   * alone in the in-process Edge sandbox). On another host it is reported `skipped` with the
   * reason, never silently dropped.
   */
  needs?: HostName;
  run(t: StepContext, ctx: Ctx): Promise<void>;
}

/**
 * Default step time limits in ms, per kind. Generous: the slowest real step (003's Prisma CLI
 * calls on a loaded 2-core machine) takes ~10 s; a step that needs more says so with `timeoutMs`.
 * `REPLAY_STEP_TIMEOUT_MS` overrides every default (not a step's own `timeoutMs`).
 */
export const DEFAULT_STEP_TIMEOUT_MS: Readonly<Record<StepKind, number>> = {
  'broken-state': 120_000,
  symptom: 60_000,
  fix: 120_000,
  recovery: 60_000,
  check: 120_000,
};

/** How long an incident's `setup` may take, in ms, before the run gives up on it (a cold `next build` under load takes ~100 s). */
export const SETUP_TIMEOUT_MS = 300_000;

/**
 * An incident: a postmortem turned into a sequence of steps (broken state,
 * symptom, fix, recovery; any number of each) over a world built by `setup`.
 */
export interface Incident<Ctx = unknown> {
  /** Folder name under scenarios/, e.g. `000-session-version`. */
  id: string;
  title: string;
  /** The postmortem's file name, e.g. `000_b34f50e6b2a4b170.txt`. */
  postmortem: string;
  /** One line: what broke and what this replay shows. */
  summary: string;
  /** The incident's row of the map (root README, report.md, report.html); copied into its journal. */
  map?: IncidentMap;
  /**
   * The stack the app runs, in one line, with the versions that matter (e.g. `Next.js 16 + NextAuth
   * 4.24 + Drizzle 0.45 (node-postgres)`): the root README's incidents table and Layout list show it
   * (`pnpm docs:generate`).
   */
  stack?: string;
  /**
   * The app folders under `apps/` this incident replays (e.g. `['nextauth-drizzle']`), listed with
   * {@link stack} in the root README's Layout (`pnpm docs:generate` refuses an app folder no
   * incident names, and a name with no folder).
   */
  apps?: readonly string[];
  /**
   * The hosts this incident's setup can build its app on (default `['in-process']`). Asked for
   * another, the runner fails the replay with a one-line error rather than run it elsewhere.
   */
  hosts?: readonly HostName[];
  /** Builds the world (databases, app) on `env.host`; its result is passed to every step. */
  setup(env: IncidentEnv): Promise<Ctx>;
  steps: Step<Ctx>[];
}

/**
 * Declares an incident. Only checks its shape: steps need a kind and a name,
 * ids are folder-safe.
 *
 * @throws Error naming the bad field
 */
export function defineIncident<Ctx>(incident: Incident<Ctx>): Incident<Ctx> {
  if (!/^[0-9]{3}-[a-z0-9-]+$/.test(incident.id)) throw new Error(`incident id "${incident.id}" must look like 000-short-name`);
  if (incident.steps.length === 0) throw new Error(`incident ${incident.id} has no steps`);
  const names = new Set<string>();
  for (const s of incident.steps) {
    if (names.has(s.name)) throw new Error(`incident ${incident.id} has two steps named "${s.name}"`);
    names.add(s.name);
  }
  return incident;
}

/**
 * Builds a step; `kind` is broken-state, symptom, fix, recovery or check.
 *
 * @param options.timeoutMs the step's time limit in ms (default {@link DEFAULT_STEP_TIMEOUT_MS}[kind])
 * @param options.needs the only host the step can run on (default: every host)
 */
export function step<Ctx>(
  kind: StepKind,
  name: string,
  run: (t: StepContext, ctx: Ctx) => Promise<void>,
  options: { timeoutMs?: number; needs?: HostName } = {},
): Step<Ctx> {
  return { kind, name, run, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.needs ? { needs: options.needs } : {}) };
}
