/**
 * The drift findings an incident recorded as evidence, as SARIF 2.1.0 beside
 * its journal: `<incident>.<host>.drift.sarif`, one SARIF run per drift check the
 * steps recorded, rendered by the drift check's own SARIF formatter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RULES, sarifLog, type DriftFinding, type DriftReport, type FindingKind } from '@incident-replay/drift';
import type { Journal } from '@incident-replay/incident';

/** One drift check found in a journal: where it was recorded and the report rebuilt from the evidence. */
export interface RecordedDriftCheck {
  step: number;
  label: string;
  report: DriftReport;
}

const KINDS = new Set(Object.keys(RULES));
const isKind = (k: unknown): k is FindingKind => typeof k === 'string' && KINDS.has(k);

/**
 * The drift checks recorded as `value` evidence in a journal. A value counts as a drift check when
 * it carries `findings` (full {@link DriftFinding}s, or the kind/severity/table/column/migration
 * subset), `schema` / `ledger` lines, or is itself a list of finding lines, whose kinds are all
 * drift finding kinds (`missing-column users.session_version`,
 * `missing-column session.token (apps/x/src/auth.ts)`, `ledger-failed 20251014_x`). What the
 * evidence lacks stays absent: no source file means a result without a physical location, no
 * severity means the rule's default level.
 */
export function recordedDriftChecks(journal: Journal): RecordedDriftCheck[] {
  const out: RecordedDriftCheck[] = [];
  for (const step of journal.steps) {
    for (const e of step.evidence) {
      if (e.type !== 'value') continue;
      const findings = findingsOf(e.value);
      if (!findings) continue;
      const v = (e.value && typeof e.value === 'object' && !Array.isArray(e.value) ? e.value : {}) as Partial<DriftReport>;
      const exitCode = v.exitCode === 0 || v.exitCode === 1 || v.exitCode === 2 ? v.exitCode : findings.length ? 1 : 0;
      out.push({
        step: step.index,
        label: e.label,
        report: {
          app: journal.incident.id,
          database: '(the incident database)',
          exitCode,
          failOn: 'any',
          ...(typeof v.error === 'string' ? { error: v.error } : {}),
          findings,
          checked: v.checked ?? { tables: 0, columns: 0, migrations: 0 },
          sources: Array.isArray(v.sources) ? v.sources : [],
          notes: Array.isArray(v.notes) ? v.notes : [],
          checkedAt: step.startedAt ?? journal.startedAt,
          durationMs: typeof v.durationMs === 'number' ? v.durationMs : 0,
          readOnly: true,
        },
      });
    }
  }
  return out;
}

/**
 * Writes `<incident id>.<host>.drift.sarif` into `dir` for every journal that recorded at least one drift
 * check: a SARIF 2.1.0 log with one run per check (`automationDetails.id`
 * `schema-drift/<incident>/<step>-<label>`). Call it beside `writeRunReport`.
 *
 * @returns the paths written
 */
export function writeDriftSarif(dir: string, journals: Journal[]): string[] {
  const written: string[] = [];
  for (const j of journals) {
    const checks = recordedDriftChecks(j);
    if (!checks.length) continue;
    const runs = checks.map((c) => {
      const [run] = sarifLog(c.report).runs;
      return {
        ...run!,
        automationDetails: { id: `schema-drift/${j.incident.id}/${c.step}-${slug(c.label)}`, description: { text: `step ${c.step}: ${c.label}` } },
      };
    });
    const file = path.join(dir, `${j.incident.id}.${j.host}.drift.sarif`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ ...sarifLog(checks[0]!.report), runs }, null, 2)}\n`);
    written.push(file);
  }
  return written;
}

/** The findings a recorded value holds, or undefined when it is not a drift check. */
function findingsOf(value: unknown): DriftFinding[] | undefined {
  if (Array.isArray(value)) return value.every((x) => typeof x === 'string') ? lines(value as string[]) : undefined;
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { findings?: unknown; schema?: unknown; ledger?: unknown };
  if (Array.isArray(v.findings)) {
    if (!v.findings.every((f) => f && typeof f === 'object' && isKind((f as { kind?: unknown }).kind))) return undefined;
    return (v.findings as Partial<DriftFinding>[]).map((f) => finding(f as Partial<DriftFinding> & { kind: FindingKind }));
  }
  if (Array.isArray(v.schema) && Array.isArray(v.ledger)) return lines([...(v.schema as unknown[]), ...(v.ledger as unknown[])]);
  return undefined;
}

/**
 * Finding lines as the scenarios write them:
 * `[<severity> ]<kind> <table>[.<column>][ <migration>][ (<file>[:<line>])][: expected <expected>, found <actual>]`
 * (scenarios/shared/drift-evidence.ts writes severity and expected/found; older records the rest).
 */
function lines(items: unknown[]): DriftFinding[] | undefined {
  const out: DriftFinding[] = [];
  for (const item of items) {
    if (typeof item !== 'string') return undefined;
    const m = /^(?:(breaks|differs) )?(\S+) (\S+?)(?:\.([^\s:]+))?(?: ([^\s(:][^\s:]*))?(?: \(([^)]+)\))?(?:: expected (.*), found (.*))?$/.exec(item);
    if (!m || !isKind(m[2])) return undefined;
    const [, severity, kind, first, column, second, file, expected, actual] = m as unknown as [
      string,
      'breaks' | 'differs' | undefined,
      FindingKind,
      string,
      string?,
      string?,
      string?,
      string?,
      string?,
    ];
    const ledger = RULES[kind].scope === 'ledger';
    // A ledger line names the ledger table and the migration, or the migration alone (`ledger-failed 20251014_x`).
    const [table, migration] = ledger ? (second ? [first, second] : ['', first]) : [first, second];
    out.push(
      finding({
        kind,
        table,
        ...(severity ? { severity } : {}),
        ...(column && !ledger ? { column } : {}),
        ...(migration ? { migration } : {}),
        ...(file ? fileAndLine(file) : {}),
        ...(expected !== undefined ? { expected, actual } : {}),
      }),
    );
  }
  return out;
}

function finding(f: Partial<DriftFinding> & { kind: FindingKind }): DriftFinding {
  const target = f.migration ? `${f.table ? `${f.table} ` : ''}${f.migration}` : `${f.table ?? ''}${f.column ? `.${f.column}` : ''}`;
  return {
    kind: f.kind,
    category: RULES[f.kind].scope === 'ledger' ? 'ledger' : 'schema',
    severity: f.severity === 'breaks' || f.severity === 'differs' ? f.severity : RULES[f.kind].level === 'error' ? 'breaks' : 'differs',
    schema: f.schema ?? 'public',
    table: f.table ?? '',
    ...(f.column ? { column: f.column } : {}),
    ...(f.migration ? { migration: f.migration } : {}),
    expected: f.expected ?? '(not recorded)',
    actual: f.actual ?? '(not recorded)',
    source: f.source && typeof f.source.file === 'string' ? f.source : { file: '' },
    ...(f.location ? { location: f.location } : {}),
    message: f.message ?? `${f.kind}: ${target}`,
    ...(f.repairSql ? { repairSql: f.repairSql } : {}),
    ...(f.hint ? { hint: f.hint } : {}),
  } as DriftFinding;
}

/** `apps/x/schema.prisma:27` → the source file and a location with its line; a bare file name → the source only. */
function fileAndLine(text: string): Pick<DriftFinding, 'source'> & Partial<Pick<DriftFinding, 'location'>> {
  const m = /^(.+):(\d+)$/.exec(text);
  return m ? { source: { file: m[1]! }, location: { file: m[1]!, line: Number(m[2]) } } : { source: { file: text } };
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
