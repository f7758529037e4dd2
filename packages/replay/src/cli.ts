/**
 * `pnpm replay [incident…]` — replays incidents against a real PostgreSQL and
 * prints a timeline per incident; writes replay-results/<run>/{journal.json,
 * <incident>.json, report.md}. Exit code 0 when every documented expectation
 * held, 1 when one did not (or a step errored), 2 for bad usage or when no
 * Postgres could be started.
 *
 * Subcommands: `pnpm replay --list`, `pnpm replay drift …` (see README).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Databases, HarnessError, startPostgres } from '@incident-replay/pg-harness';
import { failedJournal, replayIncident, writeOut, type Journal } from '@incident-replay/incident';
import { REPO_ROOT, listIncidentIds, loadIncident, selectIncidents } from './discover.js';
import { stepLines, summaryLine, ms } from './timeline.js';
import { writeRunReport } from './report.js';

const USAGE = `usage: pnpm replay [incident…] [--out DIR] [--list]
  incident   an id, id prefix or word (e.g. 000, session); default: every incident
  --out DIR  where to write the journal and report (default replay-results/<timestamp>)
  --list     list the incidents and exit
  pnpm replay drift --help   the read-only schema drift check`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'drift') {
    const drift = await import('./drift-command.js').catch(() => undefined);
    if (!drift) {
      writeOut('the drift check is not installed in this checkout\n');
      return 2;
    }
    return drift.runDriftCommand(argv.slice(1));
  }
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    writeOut(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    writeOut(`${USAGE}\n`);
    return 0;
  }
  if (args.values.list) {
    for (const id of listIncidentIds()) {
      const inc = await loadIncident(id);
      writeOut(`${id}  ${inc.title}  (${inc.postmortem})\n`);
    }
    return 0;
  }
  let ids: string[];
  try {
    ids = selectIncidents(args.positionals);
  } catch (err) {
    writeOut(`${(err as Error).message}\n`);
    return 2;
  }

  const startedAt = new Date();
  let server;
  try {
    server = await startPostgres();
  } catch (err) {
    writeOut(`${err instanceof HarnessError ? err.message : (err as Error).stack}\n`);
    return 2;
  }
  writeOut(`incident-replay: ${ids.length} incident${ids.length === 1 ? '' : 's'}\n${server.description}\n`);
  const databases = new Databases(server);
  const journals: Journal[] = [];
  try {
    for (const id of ids) {
      let incident;
      try {
        incident = await loadIncident(id);
      } catch (err) {
        writeOut(`\n▶ ${id}\n  ! could not load scenarios/${id}/incident.ts: ${(err as Error).stack}\n`);
        journals.push(failedJournal({ id }, server, 'load incident.ts', err));
        continue;
      }
      writeOut(`\n▶ ${id} — ${incident.title}\n  postmortem: ${incident.postmortem}\n  ${incident.summary}\n`);
      const journal = await replayIncident(incident, server, databases, {
        onStepEnd: (rec) => writeOut(`${stepLines(rec).join('\n')}\n`),
      });
      if (journal.steps[0]?.name === 'setup' && journal.outcome === 'error') writeOut(`${stepLines(journal.steps[0]).join('\n')}\n`);
      writeOut(`${summaryLine(journal)}\n`);
      journals.push(journal);
    }
  } finally {
    await databases.dropAll();
    await server.stop();
  }
  const outDir = args.values.out ? path.resolve(args.values.out) : path.join(REPO_ROOT, 'replay-results', startedAt.toISOString().replace(/[:.]/g, '-'));
  writeRunReport(outDir, journals, { postgres: server.description, startedAt: startedAt.toISOString() });
  const bad = journals.filter((j) => j.outcome !== 'held');
  writeOut(`\n${journals.length - bad.length}/${journals.length} incidents held in ${ms(Date.now() - startedAt.getTime())}. Journal and report: ${path.relative(process.cwd(), outDir) || '.'}/report.md\n`);
  return bad.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    writeOut(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
