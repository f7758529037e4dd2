/**
 * The drift check as step evidence, shared by the scenarios. It lives here, not in a package:
 * it needs both `@incident-replay/drift` and the incident model, and neither package may depend
 * on the other (drift is packed to be installed alone, and its tests use the incident package).
 */
import { checkDrift, type CheckDriftOptions, type DriftFinding, type DriftReport } from '@incident-replay/drift';
import type { StepContext } from '@incident-replay/incident';

/** A drift report with its findings split by {@link DriftFinding.category}. */
export interface DriftEvidence {
  report: DriftReport;
  /** Findings about tables, columns, keys, indexes and enums, in report order. */
  schema: DriftFinding[];
  /** Findings about the migration ledger (and what its migrations did), in report order. */
  ledger: DriftFinding[];
}

/**
 * One line per finding: `<severity> <kind> <table>[.<column>][ <migration>]`, e.g.
 * `differs nullability users.unlimitedPoseActive` or `breaks ledger-failed _prisma_migrations 20251014_add_avatar_creator_complete`.
 */
export function findingLine(f: DriftFinding): string {
  return `${f.severity} ${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}${f.migration ? ` ${f.migration}` : ''}`;
}

/**
 * Runs the read-only drift check (packages/drift) and records it in the step: the report as
 * evidence under `label` (exit code, error, schema and ledger findings with expected/actual,
 * each with the file and line the expectation comes from, the expectation sources) and a check
 * that the drift check could run (exit code 0 or 1).
 *
 * @param options what to check, e.g. `{ app: 'prisma-login', databaseUrl }`
 * @returns the report and its findings split by category
 * @throws CheckFailed when the check could not run (exit code 2; its one-line error is the observed value)
 */
export async function recordDriftCheck(t: StepContext, label: string, options: CheckDriftOptions): Promise<DriftEvidence> {
  const report = await checkDrift(options);
  const schema = report.findings.filter((f) => f.category === 'schema');
  const ledger = report.findings.filter((f) => f.category === 'ledger');
  // Where the expectation is written (file:line when known), so the replay's SARIF can point at it.
  const where = (f: DriftFinding) =>
    f.location ? ` (${f.location.file}${f.location.line ? `:${f.location.line}` : ''})` : f.source.file ? ` (${f.source.file})` : '';
  const detail = (f: DriftFinding) => `${findingLine(f)}${where(f)}: expected ${f.expected}, found ${f.actual}`;
  t.value(label, {
    exitCode: report.exitCode,
    ...(report.error ? { error: report.error } : {}),
    schema: schema.map(detail),
    ledger: ledger.map(detail),
    sources: report.sources,
  });
  t.checkThat(`the drift check ran (${label})`, report.exitCode !== 2, report.error ?? `exit ${report.exitCode}`);
  return { report, schema, ledger };
}
