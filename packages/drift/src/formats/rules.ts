import type { DriftFinding, FindingKind } from '../model.js';

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

const r = (id: FindingKind, short: string, help: string, level: Rule['level'], scope: Rule['scope'] = 'table'): Rule => ({
  id,
  name: id.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase()),
  short,
  help,
  level,
  scope,
});

/**
 * One rule per finding kind. Typed `Record<FindingKind, Rule>` so that a new kind in model.ts does
 * not compile until it has its rule here (its id, description, help and default level).
 */
export const RULES: Record<FindingKind, Rule> = {
  'missing-table': r('missing-table', 'A table the ORM uses does not exist in the database.', 'Every query on the table fails with SQLSTATE 42P01 (undefined_table). Apply the migration that creates it, or run the CREATE TABLE in the finding after review.', 'error'),
  'missing-column': r('missing-column', 'A column the ORM reads or writes does not exist in the database.', 'Queries that select or insert the column fail with SQLSTATE 42703 (undefined_column); for an ORM that selects every field (Prisma, Drizzle) that is every query on the table. Apply the pending migration, or the ADD COLUMN in the finding after review. On a table with rows, a NOT NULL column without a default must be added nullable, filled, then set NOT NULL.', 'error'),
  'type-mismatch': r('type-mismatch', 'A column has another type than the ORM declares.', 'Breaks when the types are incompatible (values fail to parse or compare); only differs when length or precision differ (varchar(100) against text, timestamp(3) against timestamp). Align the schema file or the database with a migration.', 'error'),
  'nullability': r('nullability', 'A column is NOT NULL where the ORM may leave it empty, or nullable where the ORM declares NOT NULL.', 'A NOT NULL column without a default that the ORM may omit makes inserts fail with SQLSTATE 23502 (not_null_violation). A looser column than declared keeps the app working but lets NULLs in that the types promise are not there.', 'error'),
  'default-mismatch': r('default-mismatch', 'A column default differs from the one the ORM declares.', 'Breaks when a NOT NULL column lacks the default the ORM relies on (inserts fail with SQLSTATE 23502); otherwise rows get another value than the code expects. SET DEFAULT as in the finding after review.', 'error'),
  'extra-required-column': r('extra-required-column', 'The database has a NOT NULL column without a default that the ORM does not know.', 'Every insert through the ORM leaves the column out and fails with SQLSTATE 23502. Give the column a default, make it nullable, or add it to the schema.', 'error'),
  'ledger-missing': r('ledger-missing', 'The database has no migration ledger although the project has migrations.', 'Nothing records what was applied: the migration tool would run every migration from the start. Baseline the database (prisma migrate resolve --applied for each migration already in it) before deploying.', 'warning', 'ledger'),
  'migration-not-applied': r('migration-not-applied', 'A migration in the repository has not been applied to the database.', 'The next deploy runs it; until then the schema lags the code. Run the migration tool (prisma migrate deploy, or the Drizzle migrator).', 'warning', 'ledger'),
  'migration-skipped': r('migration-skipped', 'An unrecorded migration is older than the newest recorded one: the Drizzle migrator will never run it.', "drizzle-orm's migrator applies only migrations newer than the last recorded one, so this migration's changes never reach the database. Apply its SQL by hand after review, then record it.", 'error', 'ledger'),
  'ledger-failed': r('ledger-failed', 'The ledger records a migration as failed.', 'prisma migrate deploy refuses to run (P3009) until the failed migration is resolved. Repair the schema by hand, then prisma migrate resolve --applied (or --rolled-back to run it again).', 'error', 'ledger'),
  'ledger-rolled-back': r('ledger-rolled-back', 'A migration was marked rolled back and has not been applied since.', 'The next prisma migrate deploy runs it again; check why it was rolled back first.', 'warning', 'ledger'),
  'ledger-checksum-mismatch': r('ledger-checksum-mismatch', 'A migration file was edited after it was applied.', 'The database ran different SQL than the file now holds, so a fresh database built from the files differs from this one. Never edit an applied migration: revert the edit and add a new migration.', 'warning', 'ledger'),
  'primary-key-mismatch': r('primary-key-mismatch', 'The primary key is missing or covers other columns than the ORM declares.', 'Without the primary key the ORM relies on, duplicate ids can be stored and upserts that target it fail (SQLSTATE 42P10, no unique or exclusion constraint matching the ON CONFLICT specification). Add the key after checking the existing rows for duplicates.', 'error'),
  'missing-unique': r('missing-unique', 'A unique constraint or unique index the ORM declares is missing.', 'Duplicates the code assumes impossible can be stored (two sessions with one token, two users with one email), and upserts on those columns fail with SQLSTATE 42P10. Create the unique index after checking for duplicates (CREATE UNIQUE INDEX CONCURRENTLY avoids blocking writes).', 'error'),
  'foreign-key-mismatch': r('foreign-key-mismatch', 'A foreign key is missing, points elsewhere, or has another ON DELETE action than the ORM declares.', 'Deletes no longer cascade (or cascade where the code does not expect it) and orphan rows can be stored. Add or replace the constraint; ADD CONSTRAINT … NOT VALID followed by VALIDATE CONSTRAINT avoids a long lock.', 'warning'),
  'missing-enum-value': r('missing-enum-value', 'A value of an enum the ORM declares is missing from the PostgreSQL enum type.', 'Writing that value fails with SQLSTATE 22P02 (invalid input value for enum). ALTER TYPE … ADD VALUE adds it without rewriting the table.', 'error'),
  'extra-enum-value': r('extra-enum-value', 'The PostgreSQL enum type has a value the ORM does not declare.', 'Rows holding that value cannot be read into the ORM\'s enum type (Prisma fails on an unknown enum value). Add the value to the schema, or migrate the rows away from it.', 'warning'),
  'missing-index': r('missing-index', 'An index the ORM declares (@@index, index()) is missing.', 'Queries keep working but may scan the whole table. CREATE INDEX CONCURRENTLY builds it without blocking writes.', 'warning'),
  'ledger-effects-missing': r('ledger-effects-missing', 'The ledger records a migration as applied, but what its SQL creates is not in the database.', 'What `migrate resolve --applied` after a partial hand-fix leaves: the migration tool will never run it again, and the tables, columns or indexes it creates stay missing. Apply the missing statements by hand after review.', 'error', 'ledger'),
  'ledger-effects-present': r('ledger-effects-present', 'The ledger records a migration as failed or rolled back, but what its SQL creates is already in the database.', 'Re-running the migration fails on objects that already exist (SQLSTATE 42P07 / 42701). Mark it applied (prisma migrate resolve --applied) once the database matches it.', 'error', 'ledger'),
  'ledger-unknown-migration': r('ledger-unknown-migration', 'The ledger records a migration the repository does not have.', 'This database was migrated from other code (another branch, a hotfix). Deploy the code that has the migration, or find who applied it.', 'warning', 'ledger'),
};

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
 * @param prefix prepended to the file, e.g. `services/api/` when the project is a subfolder of the repository
 */
export function locationOf(f: DriftFinding, prefix = ''): FindingLocation {
  const loc = f.location;
  const base: FindingLocation = loc && typeof loc.file === 'string' ? { ...loc } : { file: f.source.file };
  if (base.line !== undefined && !(Number.isInteger(base.line) && base.line >= 1)) delete base.line;
  if (base.line === undefined) {
    delete base.column;
    delete base.endLine;
  }
  return { ...base, file: base.file ? `${prefix}${base.file}`.replace(/\\/g, '/') : '' };
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
