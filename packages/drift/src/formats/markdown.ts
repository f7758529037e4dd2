import type { DriftReport } from '../model.js';
import { locationOf, ranked, targetOf } from './rules.js';
import type { FormatOptions } from './sarif.js';

/**
 * The report as GitHub-flavoured Markdown (a pull-request comment, `$GITHUB_STEP_SUMMARY`): a
 * verdict heading, what was compared, one table row per finding (those that break first) with its
 * file and line, the repair SQL in a collapsed block for a person to review, and the notes.
 */
export function formatMarkdown(report: DriftReport, options: FormatOptions = {}): string {
  const lines: string[] = [];
  if (report.exitCode === 2) {
    lines.push(`### schema-drift: could not check ${esc(report.app)}`, '', esc(report.error ?? ''), '');
    return `${lines.join('\n')}\n`;
  }
  const breaks = report.findings.filter((f) => f.severity === 'breaks').length;
  const verdict = !report.findings.length
    ? 'no drift'
    : `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}, ${breaks} that break${breaks === 1 ? 's' : ''} the app or its next deploy`;
  lines.push(`### schema-drift: ${esc(report.app)} — ${verdict}`, '');
  lines.push(
    `Database \`${report.database}\` (read-only, ${Math.round(report.durationMs)} ms). ${report.found ? `Compared ${esc(report.found)}.` : `Compared ${report.checked.tables} tables, ${report.checked.migrations} migrations.`}`,
    '',
  );
  if (report.findings.length) {
    lines.push('| severity | kind | what | expected | actual | where |', '|---|---|---|---|---|---|');
    for (const f of ranked(report.findings)) {
      const loc = locationOf(f, options.pathPrefix ?? '');
      lines.push(
        `| ${f.severity === 'breaks' ? '**breaks**' : 'differs'} | \`${f.kind}\` | ${esc(targetOf(f))} | ${esc(f.expected)} | ${esc(f.actual)} | \`${esc(loc.file)}${loc.line ? `:${loc.line}` : ''}\` |`,
      );
    }
    const repairs = report.findings.filter((f) => f.repairSql);
    if (repairs.length) {
      lines.push('', '<details><summary>Repair SQL (never run by the check: review it first)</summary>', '', '```sql');
      for (const f of repairs) lines.push(`-- ${f.kind} ${targetOf(f)}`, f.repairSql!);
      lines.push('```', '', '</details>');
    }
    const hints = report.findings.filter((f) => f.hint);
    if (hints.length) {
      lines.push('');
      for (const f of hints) lines.push(`- \`${f.kind}\` ${esc(targetOf(f))}: ${esc(f.hint!)}`);
    }
  }
  for (const n of report.notes) lines.push('', `> ${esc(n)}`);
  return `${lines.join('\n')}\n`;
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
