import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { Databases } from '@incident-replay/pg-harness';
import { DEFAULT_STEP_TIMEOUT_MS, SETUP_TIMEOUT_MS, type HostName, type Incident } from './model.js';
import { IncidentRun, failedJournal } from './run.js';
import type { Journal, StepRecord } from './journal.js';
import { checkReadmeClaims, checkReadmeSteps } from './readme-claims.js';
import { journalFileName } from './report.js';
import './provided-context.js';

/** Options of {@link describeIncident}. */
export interface DescribeIncidentOptions {
  /** vitest's limit for `beforeAll` (setup), ms. Default: the runner's own setup limit plus 60 s. */
  setupTimeoutMs?: number;
  /**
   * vitest's limit for one step's test, ms. Default: the step's own limit (`Step.timeoutMs`, else
   * the default for its kind) plus 60 s, so the runner always stops a hung step first and reports
   * what it waited for; vitest's limit only backs it up.
   */
  stepTimeoutMs?: number;
  /**
   * The scenario's README.md: a last test checks that its claims table states, for every claim
   * id (and variant), exactly the verdicts this run observed (see `checkReadmeClaims`), and that
   * its steps table has a row of the right kind for every step of the run (see `checkReadmeSteps`).
   */
  readme?: URL | string;
  /** Where the app runs (default `in-process`); call once per host to replay on each. */
  host?: HostName;
}

/**
 * Declares a vitest suite that replays `incident`: setup in `beforeAll`, one
 * test per step in order (a step that did not hold or could not be carried
 * out fails its test with the classified failure — `did not hold: …`,
 * `infrastructure: …`, `timeout: …`, `error: …` — and the steps after it are
 * skipped), teardown in `afterAll`. The incident's journal is written to the
 * run's results folder (`<id>.json`, provided by the global setup) after the
 * last step, whatever happened. Needs the globalSetup from
 * `@incident-replay/incident/vitest-global-setup`.
 */
export function describeIncident<Ctx>(incident: Incident<Ctx>, options: DescribeIncidentOptions = {}): void {
  const host = options.host ?? 'in-process';
  describe.sequential(`${incident.id} [${host}]: ${incident.title}`, () => {
    let run: IncidentRun<Ctx> | undefined;
    let setupFailure: Journal | undefined;
    let journal: Journal | undefined;
    beforeAll(
      async () => {
        const pg = inject('postgres');
        try {
          run = await IncidentRun.start(incident, pg, new Databases(pg, pg.runId), { host });
        } catch (err) {
          setupFailure = failedJournal(incident, pg, 'setup', err, host);
          throw new Error(setupFailure.failure?.message ?? String(err), { cause: err });
        }
      },
      options.setupTimeoutMs ?? SETUP_TIMEOUT_MS + 60_000,
    );
    afterAll(async () => {
      journal = (await run?.finish()) ?? setupFailure;
      if (journal) writeJournal(journal);
    });
    for (const s of incident.steps) {
      it(
        `${s.kind}: ${s.name}`,
        async (ctx) => {
          if (!run) throw new Error('setup did not complete');
          if (run.failed) ctx.skip();
          const rec = await run.runStep(s);
          if (rec.outcome === 'skipped') ctx.skip(rec.skipReason);
          if (rec.outcome !== 'held') throw new Error(failureText(rec));
        },
        options.stepTimeoutMs ?? (s.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS[s.kind]) + 60_000,
      );
    }
    if (options.readme) {
      const readme = options.readme;
      it("README claims and steps tables match this run's journal", (ctx) => {
        if (!run || run.failed) ctx.skip(); // a failed step already fails the suite; its claims are incomplete
        const file = typeof readme === 'string' ? readme : fileURLToPath(readme);
        const text = fs.readFileSync(file, 'utf8');
        const problems = [
          ...checkReadmeClaims(
            text,
            run!.steps.flatMap((st) => st.claims),
          ),
          ...checkReadmeSteps(text, run!.steps),
        ];
        if (problems.length) throw new Error(`${path.basename(path.dirname(file))}/README.md disagrees with the journal:\n- ${problems.join('\n- ')}`);
      });
    }
  });
}

/** Writes the journal (`<id>.<host>.json`) into the results folder the global setup provided (if any). */
function writeJournal(journal: Journal): void {
  const dir = inject('replayResultsDir');
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, journalFileName(journal)), JSON.stringify(journal, null, 2));
}

/** A failed step's one-line classified failure, its message, and its last log lines, for the test report. */
function failureText(rec: StepRecord): string {
  const logs = rec.logs
    .slice(-12)
    .map((l) => `  [${l.source}] ${l.text}`)
    .join('\n');
  const head = rec.failure?.message ?? rec.outcome;
  const detail = rec.error && rec.error.message !== rec.failure?.message ? `\n${rec.error.message}` : '';
  return `${head}${detail}${rec.error?.stack ? `\n${rec.error.stack}` : ''}${logs ? `\ncaptured log (last lines):\n${logs}` : ''}`;
}
