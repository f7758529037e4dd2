import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { Databases } from '@incident-replay/pg-harness';
import type { Incident } from './model.js';
import { IncidentRun } from './run.js';
import type { StepRecord } from './journal.js';
import './provided-context.js';

/**
 * Declares a vitest suite that replays `incident`: setup in `beforeAll`, one
 * test per step in order (a step that did not hold fails its test with the
 * failed check's message; the steps after it are skipped), teardown in
 * `afterAll`. Needs the globalSetup from `@incident-replay/incident/vitest-global-setup`.
 *
 * @param options.onJournal receives the journal after the last step (e.g. to assert on claims)
 */
export function describeIncident<Ctx>(incident: Incident<Ctx>, options: { setupTimeoutMs?: number; stepTimeoutMs?: number } = {}): void {
  describe.sequential(`${incident.id}: ${incident.title}`, () => {
    let run: IncidentRun<Ctx> | undefined;
    beforeAll(async () => {
      const pg = inject('postgres');
      run = await IncidentRun.start(incident, pg, new Databases(pg, pg.runId));
    }, options.setupTimeoutMs ?? 300_000);
    afterAll(async () => {
      await run?.finish();
    });
    for (const s of incident.steps) {
      it(`${s.kind}: ${s.name}`, async (ctx) => {
        if (!run) throw new Error('setup did not complete');
        if (run.failed) ctx.skip();
        const rec = await run.runStep(s);
        if (rec.outcome !== 'held') throw new Error(failureText(rec));
      }, options.stepTimeoutMs ?? 180_000);
    }
  });
}

/** A failed step's message with its last log lines, for the test report. */
function failureText(rec: StepRecord): string {
  const logs = rec.logs.slice(-12).map((l) => `  [${l.source}] ${l.text}`).join('\n');
  return `${rec.error?.message ?? rec.outcome}${rec.error?.stack ? `\n${rec.error.stack}` : ''}${logs ? `\ncaptured log (last lines):\n${logs}` : ''}`;
}
