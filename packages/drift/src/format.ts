import { locationOf, targetOf } from './formats/rules.js';
import type { DriftFinding, DriftReport } from './model.js';

/**
 * The report for a person: a header (app, database, what was compared), one
 * block per finding (what, expected vs actual, where the expectation comes
 * from, the repair SQL or what to do), notes, and a verdict line. For exit
 * code 2 it is one line: `drift: could not check <app>: <reason>`.
 */
export function formatReport(report: DriftReport): string {
  if (report.exitCode === 2) return `drift: could not check ${report.app}: ${report.error}\n`;
  const lines: string[] = [];
  lines.push(`drift check: ${report.app} against ${report.database} (read-only, ${Math.round(report.durationMs)} ms)`);
  lines.push(`  compared ${report.checked.tables} tables, ${report.checked.columns} columns, ${report.checked.migrations} migrations`);
  if (report.found) lines.push(`  found ${report.found}`);
  for (const s of report.sources) lines.push(`  from ${s}`);
  lines.push('');
  report.findings.forEach((f, i) => {
    lines.push(...findingLines(f, i + 1));
    lines.push('');
  });
  for (const n of report.notes) lines.push(`note: ${n}`, '');
  if (report.findings.length === 0) {
    lines.push('no drift: the database is what the app expects.');
  } else if (report.exitCode === 0) {
    lines.push(
      `nothing that breaks the app: ${report.findings.length} difference${report.findings.length === 1 ? '' : 's'} from the ORM's declaration listed above (passing because of --fail-on breaks).`,
    );
  } else {
    const breaks = report.findings.filter((f) => f.severity === 'breaks').length;
    lines.push(
      `DRIFT: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${breaks} that break${breaks === 1 ? 's' : ''} the app or its next deploy). Nothing was changed; the repair SQL above is for a person to review and run.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function findingLines(f: DriftFinding, n: number): string[] {
  const target = targetOf(f);
  const loc = locationOf(f);
  const from = [`${loc.file}${loc.line ? `:${loc.line}` : ''}`, f.source.model, f.source.field].filter(Boolean).join(' › ');
  const out = [
    `${n}. [${f.severity}] ${f.kind}: ${target}`,
    `   ${f.message}`,
    `   expected: ${f.expected}`,
    `   actual:   ${f.actual}`,
    `   from:     ${from}`,
  ];
  if (f.repairSql) out.push(`   repair:   ${f.repairSql.split('\n').join('\n             ')}`);
  if (f.repairSql && f.repairImpact) out.push(`   impact:   ${f.repairImpact}`);
  if (f.hint) out.push(`   to do:    ${f.hint}`);
  return out;
}

/** The report as JSON text (the `--json` output): the {@link DriftReport} object, 2-space indented. */
export function reportJson(report: DriftReport): string {
  return `${JSON.stringify({ ...report, durationMs: Math.round(report.durationMs * 10) / 10 }, null, 2)}\n`;
}
