import type { DriftFinding, DriftReport } from '../model.js';
import { locationOf, ranked, targetOf } from './rules.js';
import type { FormatOptions } from './sarif.js';

/** GitHub shows at most this many annotations of each type (error, warning, notice) per step. */
export const ANNOTATIONS_PER_TYPE = 10;

/**
 * The report as GitHub Actions workflow commands: one `::error` (breaks) or `::warning` (differs)
 * per finding with `file`, `line` (when known) and a title, those that break first, at most
 * {@link ANNOTATIONS_PER_TYPE} of each type (GitHub drops the rest), then a closing line that
 * counts everything and says how many were not annotated. Notes become `::notice`. A check that
 * could not run gives one `::error` with the reason.
 */
export function formatGithub(report: DriftReport, options: FormatOptions = {}): string {
  if (report.exitCode === 2) return `::error title=schema-drift could not check::${data(report.error ?? 'could not check')}\n`;
  const out: string[] = [];
  const shown = { error: 0, warning: 0 };
  const hidden = { error: 0, warning: 0 };
  for (const f of ranked(report.findings)) {
    const type = f.severity === 'breaks' ? 'error' : 'warning';
    if (shown[type] >= ANNOTATIONS_PER_TYPE) {
      hidden[type]++;
      continue;
    }
    shown[type]++;
    out.push(annotation(type, f, options.pathPrefix ?? ''));
  }
  for (const n of report.notes.slice(0, ANNOTATIONS_PER_TYPE)) out.push(`::notice title=schema-drift note::${data(n)}`);
  const errors = shown.error + hidden.error;
  const warnings = shown.warning + hidden.warning;
  const notShown = hidden.error + hidden.warning;
  if (!report.findings.length) out.push(`schema-drift: no drift in ${report.app} (${report.found ?? `${report.checked.tables} tables`})`);
  else
    out.push(
      `schema-drift: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${report.app}: ${errors} error${errors === 1 ? '' : 's'} (break the app or its next deploy), ${warnings} warning${warnings === 1 ? '' : 's'}${notShown ? `; ${notShown} not annotated (GitHub shows ${ANNOTATIONS_PER_TYPE} per type per step): ${hidden.error} errors, ${hidden.warning} warnings, all in the step summary` : ''}`,
    );
  return `${out.join('\n')}\n`;
}

function annotation(type: 'error' | 'warning', f: DriftFinding, prefix: string): string {
  const loc = locationOf(f, prefix);
  const props = loc.file ? [`file=${property(loc.file)}`] : [];
  if (loc.file && loc.line !== undefined) props.push(`line=${loc.line}`);
  if (loc.line !== undefined && loc.endLine !== undefined && loc.endLine >= loc.line) props.push(`endLine=${loc.endLine}`);
  if (loc.line !== undefined && loc.column !== undefined) props.push(`col=${loc.column}`);
  props.push(`title=${property(`schema drift: ${f.kind} ${targetOf(f)}`)}`);
  const body = [f.message, `expected: ${f.expected}`, `actual: ${f.actual}`];
  if (f.repairSql) body.push(`repair (review before running): ${f.repairSql}`);
  if (f.hint) body.push(`to do: ${f.hint}`);
  return `::${type} ${props.join(',')}::${data(body.join('\n'))}`;
}

/** Escapes a workflow command's message (GitHub's toolkit `escapeData`). */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value (GitHub's toolkit `escapeProperty`). */
function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
