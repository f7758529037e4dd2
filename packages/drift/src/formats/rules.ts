import path from 'node:path';
import { FINDING_KINDS, type DriftFinding, type FindingKind } from '../model.js';

/** How a kind of finding is presented to code scanning (SARIF rule) and CI reports. */
export interface Rule {
  /** Stable rule id (= the finding kind), e.g. `missing-column`. Never renamed: alerts are keyed on it. */
  id: FindingKind;
  /** PascalCase name (SARIF `reportingDescriptor.name`). */
  name: string;
  /** One sentence: what the rule detects. */
  short: string;
  /** What it means for the app and what to do, in plain text (SARIF `help.text`). */
  help: string;
  /** Level of a typical finding of this kind; each result carries its own (breaks → error, differs → warning). */
  level: 'error' | 'warning';
  /** `table`: about a table or column of the schema; `ledger`: about the migration ledger. */
  scope: 'table' | 'ledger';
}

/**
 * Level and scope per finding kind. Typed `Record<FindingKind, …>` so that a new kind in model.ts
 * does not compile until it has its rule here; its wording comes from `FINDING_KINDS` (model.ts).
 */
const LEVEL_AND_SCOPE: Record<FindingKind, [Rule['level'], Rule['scope']]> = {
  'missing-table': ['error', 'table'],
  'missing-column': ['error', 'table'],
  'type-mismatch': ['error', 'table'],
  nullability: ['error', 'table'],
  'default-mismatch': ['error', 'table'],
  'extra-required-column': ['error', 'table'],
  'primary-key-mismatch': ['error', 'table'],
  'missing-unique': ['error', 'table'],
  'foreign-key-mismatch': ['warning', 'table'],
  'missing-enum-value': ['error', 'table'],
  'extra-enum-value': ['warning', 'table'],
  'missing-index': ['warning', 'table'],
  'ledger-missing': ['warning', 'ledger'],
  'migration-not-applied': ['warning', 'ledger'],
  'migration-skipped': ['error', 'ledger'],
  'journal-not-increasing': ['warning', 'ledger'],
  'ledger-failed': ['error', 'ledger'],
  'ledger-rolled-back': ['warning', 'ledger'],
  'ledger-checksum-mismatch': ['warning', 'ledger'],
  'ledger-unknown-migration': ['warning', 'ledger'],
  'ledger-effects-missing': ['error', 'ledger'],
  'ledger-effects-present': ['error', 'ledger'],
};

/** One rule per finding kind: id, PascalCase name, the kind's sentence and hint (FINDING_KINDS), level and scope. */
export const RULES = Object.fromEntries(
  (Object.entries(LEVEL_AND_SCOPE) as [FindingKind, [Rule['level'], Rule['scope']]][]).map(([id, [level, scope]]) => [
    id,
    {
      id,
      name: id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
      short: FINDING_KINDS[id].message,
      help: `${FINDING_KINDS[id].message} ${FINDING_KINDS[id].hint}`,
      level,
      scope,
    },
  ]),
) as Record<FindingKind, Rule>;

/** The rule of a finding. */
export function ruleOf(f: DriftFinding): Rule {
  return RULES[f.kind];
}

/** Where a finding points in the project: the file (relative, POSIX) and, when known, the line. */
export interface FindingLocation {
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
}

/**
 * The finding's location: `location` (file and line, from the source positions) when present,
 * else its source file alone — never a guessed line.
 *
 * @param prefix prepended to the file, e.g. `services/api/` when the project is a subfolder of the repository;
 *   the joined path is normalized, so a declaration outside the project folder (`../../packages/db/src/users.ts`
 *   from `apps/web/`) is named by its path in the repository (`packages/db/src/users.ts`)
 */
export function locationOf(f: DriftFinding, prefix = ''): FindingLocation {
  const loc = f.location;
  const base: FindingLocation = loc && typeof loc.file === 'string' ? { ...loc } : { file: f.source.file };
  if (base.line !== undefined && !(Number.isInteger(base.line) && base.line >= 1)) delete base.line;
  if (base.line === undefined) {
    delete base.column;
    delete base.endLine;
  }
  return { ...base, file: base.file ? path.posix.normalize(`${prefix}${base.file}`.replace(/\\/g, '/')) : '' };
}

/** What a finding is about, in one short label: `users.email`, `_prisma_migrations 20251014_x`. */
export function targetOf(f: DriftFinding): string {
  if (f.migration) return `${f.table} ${f.migration}`;
  return `${f.schema === 'public' ? '' : `${f.schema}.`}${f.table}${f.column ? `.${f.column}` : ''}`;
}

/** Findings ranked for a person: those that break first, the report's order kept within each severity. */
export function ranked(findings: DriftFinding[]): DriftFinding[] {
  return [...findings.filter((f) => f.severity === 'breaks'), ...findings.filter((f) => f.severity !== 'breaks')];
}

/** Whether a finding counts for the exit code under the report's `failOn`. */
export function counts(f: DriftFinding, failOn: 'any' | 'breaks'): boolean {
  return failOn === 'any' || f.severity === 'breaks';
}
