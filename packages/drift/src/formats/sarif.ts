import crypto from 'node:crypto';
import type * as Sarif from 'sarif';
import type { DriftFinding, DriftReport } from '../model.js';
import { locationOf, RULES, targetOf, type Rule } from './rules.js';
import { TOOL } from './tool.js';

/** Options of the CI formats. */
export interface FormatOptions {
  /**
   * Prepended to every file path, so paths are relative to the repository root when the project
   * is a subfolder of it (GitHub resolves SARIF and annotation paths from the repository root).
   */
  pathPrefix?: string;
}

/**
 * The report as a SARIF 2.1.0 log (OASIS SARIF v2.1.0; GitHub code scanning's subset): one run
 * of the `schema-drift` driver with one rule per finding kind (help text, default level), one
 * result per finding with its level (breaks → `error`, differs → `warning`), the location of the
 * expectation (file, and line when the finding has one — never a guessed line), a logical
 * location (`schema.table.column`), and `partialFingerprints["schemaDrift/v1"]`: SHA-256 of kind,
 * table, column and migration, so an alert keeps its identity across runs and line moves. A check
 * that could not run (exit code 2) gives a run with no results and the reason as a tool execution
 * notification.
 */
export function sarifLog(report: DriftReport, options: FormatOptions = {}): Sarif.Log {
  const rules = Object.values(RULES) as Rule[];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL.name,
        semanticVersion: TOOL.version,
        rules: rules.map(
          (r): Sarif.ReportingDescriptor => ({
            id: r.id,
            name: r.name,
            shortDescription: { text: r.short },
            fullDescription: { text: r.help },
            help: { text: r.help, markdown: `**${r.short}**\n\n${r.help.slice(r.short.length).trim()}` },
            defaultConfiguration: { level: r.level },
            properties: { tags: ['schema-drift', r.scope === 'ledger' ? 'migration-ledger' : 'schema'] },
          }),
        ),
      },
    },
    automationDetails: { id: `schema-drift/${report.app}/` },
    invocations: [
      {
        executionSuccessful: report.exitCode !== 2,
        exitCode: report.exitCode,
        startTimeUtc: report.checkedAt,
        toolExecutionNotifications: report.error ? [{ level: 'error', message: { text: report.error } }] : [],
      },
    ],
    results: report.findings.map((f) => result(f, index.get(f.kind) ?? -1, options.pathPrefix ?? '')),
    properties: { database: report.database, found: report.found, notes: report.notes, readOnly: report.readOnly },
  };
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
}

/** {@link sarifLog} as JSON text, 2-space indented. */
export function formatSarif(report: DriftReport, options: FormatOptions = {}): string {
  return `${JSON.stringify(sarifLog(report, options), null, 2)}\n`;
}

function result(f: DriftFinding, ruleIndex: number, prefix: string): Sarif.Result {
  const loc = locationOf(f, prefix);
  const region: Sarif.Region | undefined =
    loc.line === undefined
      ? undefined
      : {
          startLine: loc.line,
          ...(loc.column ? { startColumn: loc.column } : {}),
          ...(loc.endLine && loc.endLine >= loc.line ? { endLine: loc.endLine } : {}),
        };
  const lines = [`${f.message}.`, `Expected: ${f.expected}. Actual: ${f.actual}.`];
  if (f.repairSql) lines.push(`Repair (review before running): ${f.repairSql}`);
  if (f.hint) lines.push(`To do: ${f.hint}`);
  return {
    ruleId: f.kind,
    ruleIndex,
    level: f.severity === 'breaks' ? 'error' : 'warning',
    message: { text: lines.join('\n') },
    locations: [
      {
        // A finding rebuilt from a record without its source file has only the logical location.
        ...(loc.file ? { physicalLocation: { artifactLocation: { uri: encodeURI(loc.file), uriBaseId: '%SRCROOT%' }, ...(region ? { region } : {}) } } : {}),
        logicalLocations: [
          {
            fullyQualifiedName: f.migration ? `${f.schema}.${f.table}/${f.migration}` : [f.schema, f.table, f.column].filter(Boolean).join('.'),
            kind: f.column ? 'member' : 'type',
          },
        ],
      },
    ],
    partialFingerprints: { 'schemaDrift/v1': fingerprint(f) },
    properties: {
      severity: f.severity,
      target: targetOf(f),
      expected: f.expected,
      actual: f.actual,
      source: [f.source.file, f.source.model, f.source.field].filter(Boolean).join(' › '),
      ...(f.repairSql ? { repairSql: f.repairSql } : {}),
      ...(f.hint ? { hint: f.hint } : {}),
    },
  };
}

/** Stable identity of a finding across runs: kind and what it is about, never its line or wording. */
export function fingerprint(f: DriftFinding): string {
  return crypto
    .createHash('sha256')
    .update([f.kind, f.schema, f.table, f.column ?? '', f.migration ?? ''].join('\u0000'))
    .digest('hex');
}
