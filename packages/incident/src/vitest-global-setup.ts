import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { Databases, startPostgres } from '@incident-replay/pg-harness';
import type { Journal } from './journal.js';
import { runOutcome, writeRunReport } from './report.js';
import { findWorkspaceRoot } from './report-text.js';
import './provided-context.js';

/**
 * vitest globalSetup: one Postgres server for the whole test run, shared with
 * every worker through `provide('postgres')`, and a results folder
 * (`provide('replayResultsDir')`: `REPLAY_RESULTS_DIR`, else
 * `replay-results/test-<time>-<project>` at the repository root) where
 * `describeIncident` writes each incident's journal.
 *
 * On teardown: drops any database of this run a crashed worker left behind,
 * stops the server, and merges the incidents' journals into `journal.json`
 * and `report.md` (as `pnpm replay` writes them). A `beforeExit` guard turns a
 * stall into exit code 2: if the event loop drains while the teardown is still
 * awaiting something that can never settle, Node would otherwise exit with
 * vitest's exit code so far (0), and a run that proved nothing would pass.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const startedAt = new Date();
  let phase = 'starting the Postgres server';
  const guard = () => {
    process.stderr.write(
      `[incident-replay] vitest run stalled while ${phase}: the event loop drained with work still pending (${process.getActiveResourcesInfo().join(', ') || 'no active handles'}); exiting 2\n`,
    );
    process.exit(2);
  };
  process.on('beforeExit', guard);
  const server = await startPostgres();
  process.stdout.write(`${server.description}\n`);
  const databases = new Databases(server);
  const resultsDir = process.env.REPLAY_RESULTS_DIR
    ? path.resolve(process.env.REPLAY_RESULTS_DIR)
    : path.join(
        findWorkspaceRoot(project.config.root) ?? project.config.root,
        'replay-results',
        `test-${startedAt.toISOString().replace(/[:.]/g, '-')}-${project.name || path.basename(project.config.root)}`,
      );
  project.provide('postgres', {
    provider: server.provider,
    version: server.version,
    adminUrl: server.adminUrl,
    address: server.address,
    description: server.description,
    runId: databases.runId,
    ...(server.pid ? { pid: server.pid } : {}),
    ...(server.serverProcess ? { serverProcess: server.serverProcess } : {}),
  });
  project.provide('replayResultsDir', resultsDir);
  phase = 'running the tests';
  return async () => {
    phase = 'dropping the databases this run left behind';
    await databases.dropLeftovers().catch(() => undefined);
    phase = `stopping the Postgres server (${server.provider})`;
    await server.stop();
    phase = 'writing the journal';
    const journals = readJournals(resultsDir);
    if (journals.length) {
      const outcome = runOutcome(journals);
      const first = journals.find((j) => j.failure)?.failure?.message;
      writeRunReport(resultsDir, journals, {
        postgres: server.description,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        outcome,
        ...(first ? { failure: first } : {}),
        runner: 'pnpm test',
      });
      process.stdout.write(
        `[incident-replay] ${journals.length} incident journal${journals.length === 1 ? '' : 's'} (${outcome}): ${path.relative(process.cwd(), path.join(resultsDir, 'report.md'))}\n`,
      );
    }
    process.off('beforeExit', guard);
  };
}

/** The incidents' journals `describeIncident` wrote into `dir` (`<id>.<host>.json`), by id and host. */
function readJournals(dir: string): Journal[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}-[^.]+\.(in-process|built)\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Journal);
}
