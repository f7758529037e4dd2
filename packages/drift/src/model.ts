/**
 * The shapes the drift check works with: what an app's ORM expects (tables,
 * columns, migrations), what a finding says, and the report.
 */

/** Where an expectation comes from: a file of the app and the model/field in it. */
export interface ExpectationSource {
  /** Path relative to the repository root, e.g. `apps/prisma-login/prisma/schema.prisma`. */
  file: string;
  /** Model / table object name in that file, e.g. `User` (Prisma) or `users` (Drizzle export). */
  model?: string;
  /** Field name in that model, e.g. `unlimitedPoseActive`. */
  field?: string;
}

/**
 * A column default as the ORM expects it.
 * - `none`: the ORM expects no database default.
 * - `sql`: the database must have this default; `sql` is normalized (see pg-types `normalizeDefault`).
 * - `sequence`: an auto-increment (serial / identity / Prisma `autoincrement()`).
 * - `present`: some database default must exist, its text could not be derived.
 * - `client`: the ORM fills the value itself (Prisma `cuid()`, Drizzle `$defaultFn`, Better Auth
 *   `defaultValue`): any database default, or none, is fine.
 */
export type ExpectedDefault = { kind: 'none' } | { kind: 'sql'; sql: string } | { kind: 'sequence' } | { kind: 'present' } | { kind: 'client' };

/** One column the app's ORM reads or writes. */
export interface ExpectedColumn {
  /** Database column name (after `@map` / Drizzle column name). */
  name: string;
  /**
   * Expected type in `format_type()` spelling, e.g. `integer`, `timestamp(3) without time zone`,
   * `character varying(255)`, `text[]`; or a family name prefixed with `family:` (`family:string`,
   * `family:number`, `family:boolean`, `family:date`, `family:json`) when only the kind of type is
   * known (Better Auth field types).
   */
  type: string;
  /**
   * For a `family:` type: the concrete type to use in repair SQL (from the Prisma field when the
   * Prisma schema has it, else the usual mapping of that family).
   */
  repairType?: string;
  /** `true` when the ORM allows NULL. */
  nullable: boolean;
  default: ExpectedDefault;
  /**
   * Set when only the direction that can break the app matters: Better Auth writes every field it
   * knows on insert, so a database stricter (NOT NULL) or looser (nullable) than its `required`
   * flag is only reported when inserts of an optional field would fail; a Prisma list field
   * (`String[]`) cannot be optional, so a NOT NULL list column with a default is as valid as
   * the nullable one Prisma Migrate creates.
   */
  lenient?: boolean;
  source: ExpectationSource;
}

/** One table the app's ORM expects. */
export interface ExpectedTable {
  /** Postgres schema, default `public`. */
  schema: string;
  /** Database table name (after `@@map`). */
  name: string;
  columns: ExpectedColumn[];
  source: ExpectationSource;
  /**
   * Columns this set does not know but that are not `extra-required-column` drift, because
   * something else fills them on insert (Prisma Client's `@default(uuid())` / `@updatedAt` on
   * a table Better Auth writes through the Prisma adapter).
   */
  filledElsewhere?: string[];
  /** Which expectation source made it: its `origin` in sources/registry.ts (built in: `drizzle`, `prisma`, `better-auth`). */
  origin: string;
  /** The primary key the ORM declares (database column names, in key order). */
  primaryKey?: ExpectedKey;
  /** Unique constraints / unique indexes the ORM declares (`@unique`, `@@unique`, `.unique()`, Better Auth `unique`). */
  uniques?: ExpectedKey[];
  /** Non-unique indexes the ORM declares (`@@index`, Drizzle `index()`, Better Auth `index`). */
  indexes?: ExpectedKey[];
  /** Foreign keys the ORM declares (Prisma relations, Drizzle `.references()`, Better Auth `references`). */
  foreignKeys?: ExpectedForeignKey[];
  /** PostgreSQL enum types that columns of this table use. */
  enums?: ExpectedEnum[];
}

/** A key or index over columns of one table. */
export interface ExpectedKey {
  /** Database column names, in declaration order. */
  columns: string[];
  /** The name the ORM would give it, for repair SQL (`users_email_key`, `users_email_unique`). */
  name?: string;
  source: ExpectationSource;
  /**
   * For uniques: `true` when the expectation set never relies on the index for ON CONFLICT
   * (Better Auth looks rows up with plain WHERE queries), so a missing one only `differs`.
   * For indexes: `true` when the index only serves lookups by these columns (Better Auth's
   * `index`), so any valid, non-partial index that leads with them satisfies it.
   */
  lookupOnly?: boolean;
  /**
   * For uniques: `true` when the ORM creates a UNIQUE constraint (Drizzle's `.unique()` /
   * `unique()`, which drizzle-kit compares as a constraint), not a bare unique index (Prisma's
   * `@unique`, Drizzle's `uniqueIndex()`); repair SQL then attaches the index it builds as that
   * constraint (ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX).
   */
  constraint?: boolean;
}

/** A foreign key as the ORM declares it. */
export interface ExpectedForeignKey {
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
  /** ON DELETE action as PostgreSQL spells it: `CASCADE`, `SET NULL`, `SET DEFAULT`, `RESTRICT`, `NO ACTION`. */
  onDelete: string;
  /**
   * ON UPDATE action, same spelling (Prisma's `onUpdate`, default `CASCADE`; Drizzle's `onUpdate`,
   * default `NO ACTION`); absent when the expectation set does not say (Better Auth), and then
   * neither compared nor written into repair SQL (PostgreSQL's default NO ACTION applies).
   */
  onUpdate?: string;
  name?: string;
  source: ExpectationSource;
}

/** A PostgreSQL enum type the ORM expects, with its labels in order. */
export interface ExpectedEnum {
  schema: string;
  /** Database type name (after Prisma's `@@map`). */
  name: string;
  /** Labels as stored (after Prisma's `@map`). */
  values: string[];
  source: ExpectationSource;
}

/** An index as the live database has it (pg_index). */
export interface ActualIndex {
  name: string;
  /** Column names in key order; `null` for an expression entry. */
  columns: (string | null)[];
  unique: boolean;
  primary: boolean;
  /** `true` for a partial index (WHERE …): ON CONFLICT without that predicate cannot use it. */
  partial: boolean;
  /** `false` while a CREATE INDEX CONCURRENTLY failed half-way (pg_index.indisvalid). */
  valid: boolean;
}

/** A foreign key as the live database has it (pg_constraint, contype `f`). */
export interface ActualForeignKey {
  name: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
  /** ON DELETE action, PostgreSQL spelling (`CASCADE`, `NO ACTION`, …). */
  onDelete: string;
  /** ON UPDATE action (pg_constraint.confupdtype), same spelling; absent when not read. */
  onUpdate?: string;
  /** DEFERRABLE (pg_constraint.condeferrable). */
  deferrable?: boolean;
  /** INITIALLY DEFERRED (pg_constraint.condeferred). */
  initiallyDeferred?: boolean;
  /** MATCH type (pg_constraint.confmatchtype): `SIMPLE` (PostgreSQL's default), `FULL` or `PARTIAL`. */
  match?: 'SIMPLE' | 'FULL' | 'PARTIAL';
}

/** Keys, indexes and foreign keys of one live table. */
export interface ActualConstraints {
  indexes: ActualIndex[];
  foreignKeys: ActualForeignKey[];
}

/**
 * The parts of the live catalog beyond columns: per table (`schema.table`) its indexes and
 * foreign keys; enum types (`schema.type` → labels in order); index names per schema
 * (`schema.index` → table), for migration effects.
 */
export interface ActualCatalog {
  constraints: Map<string, ActualConstraints>;
  enums: Map<string, string[]>;
  indexNames: Map<string, string>;
}

/** A column as the live database has it (from pg_catalog). */
export interface ActualColumn {
  name: string;
  /** `format_type(atttypid, atttypmod)`, quotes removed, e.g. `timestamp(3) without time zone`. */
  type: string;
  notNull: boolean;
  /** `pg_get_expr(adbin)` text, or `null` for no default. */
  default: string | null;
  /** `true` for identity columns (`GENERATED … AS IDENTITY`). */
  identity: boolean;
  /** `true` for generated (computed) columns. */
  generated: boolean;
}

/** A table as the live database has it. */
export interface ActualTable {
  schema: string;
  name: string;
  columns: Map<string, ActualColumn>;
}

/** Every kind of drift the check reports. */
export type FindingKind =
  | 'missing-table'
  | 'missing-column'
  | 'type-mismatch'
  | 'nullability'
  | 'default-mismatch'
  | 'extra-required-column'
  | 'ledger-missing'
  | 'migration-not-applied'
  | 'migration-skipped'
  | 'journal-not-increasing'
  | 'ledger-failed'
  | 'ledger-rolled-back'
  | 'ledger-checksum-mismatch'
  | 'ledger-unknown-migration'
  | 'primary-key-mismatch'
  | 'missing-unique'
  | 'foreign-key-mismatch'
  | 'missing-enum-value'
  | 'extra-enum-value'
  | 'missing-index'
  | 'ledger-effects-missing'
  | 'ledger-effects-present';

/**
 * One sentence and one hint per finding kind, for rule help (SARIF `rules[].shortDescription` /
 * `help`) and legends. The severity rule of each kind is in README.md, "Kinds of finding".
 */
export const FINDING_KINDS: Record<FindingKind, { message: string; hint: string }> = {
  'missing-table': {
    message: 'A table the ORM queries does not exist: every query on it fails with SQLSTATE 42P01.',
    hint: 'Create it with the ORM’s migration tool, or run the reviewed CREATE TABLE.',
  },
  'missing-column': {
    message: 'A column the ORM reads or writes does not exist: queries fail with SQLSTATE 42703.',
    hint: 'Add the column; on a table with rows, a NOT NULL column without default needs add nullable → backfill → SET NOT NULL.',
  },
  'type-mismatch': {
    message: 'The column has another type than the ORM declares.',
    hint: 'Change the type with a reviewed migration: a type change rewrites the table under an ACCESS EXCLUSIVE lock.',
  },
  nullability: {
    message: 'The column’s NULL / NOT NULL differs from the ORM’s declaration.',
    hint: 'DROP NOT NULL is instant; SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock.',
  },
  'default-mismatch': { message: 'The column default differs from what the ORM relies on.', hint: 'SET DEFAULT changes only the catalog (no rewrite).' },
  'extra-required-column': {
    message: 'A NOT NULL column without default that the ORM never writes: every insert fails with SQLSTATE 23502.',
    hint: 'DROP NOT NULL, add a default, or declare the column in the ORM schema.',
  },
  'ledger-missing': {
    message: 'The database has no migration ledger although the app has migrations.',
    hint: 'Baseline the ledger: record the migrations already in the database.',
  },
  'migration-not-applied': {
    message: 'A migration of the repository has not been applied to the database.',
    hint: 'Run the migrator (prisma migrate deploy / drizzle migrate()).',
  },
  'migration-skipped': {
    message:
      'Drizzle: a migration not recorded as run whose `when` is not later than the newest `created_at` in the ledger (older or equal); the migrator will never run it.',
    hint: 'Apply it by hand after review, then record it.',
  },
  'journal-not-increasing': {
    message:
      'Drizzle: a `meta/_journal.json` entry whose `when` is not later than an earlier entry’s; a database that recorded the earlier one in an earlier run never runs it.',
    hint: 'Where it never ran, apply it by hand and record it; keep every new `when` later than all before it (correct a `when` set in the future, and its recorded `created_at`).',
  },
  'ledger-failed': {
    message: 'Prisma: a migration is recorded as failed; prisma migrate deploy refuses to run (P3009).',
    hint: 'Repair the schema, then prisma migrate resolve --applied (or --rolled-back to re-run).',
  },
  'ledger-rolled-back': {
    message: 'Prisma: a migration was marked rolled back and not applied since.',
    hint: 'Run prisma migrate deploy after checking why it was rolled back.',
  },
  'ledger-checksum-mismatch': { message: 'A migration file was edited after it was applied.', hint: 'Never edit an applied migration; add a new one.' },
  'ledger-unknown-migration': {
    message: 'The ledger records a migration the repository does not have.',
    hint: 'Deploy the code that has it, or find who applied it.',
  },
  'primary-key-mismatch': {
    message: 'The table lacks the primary key the ORM declares: ON CONFLICT on it fails with SQLSTATE 42P10 and duplicate keys can be inserted.',
    hint: 'Remove duplicates, then ADD PRIMARY KEY (builds a unique index under an ACCESS EXCLUSIVE lock).',
  },
  'missing-unique': {
    message:
      'A unique constraint or unique index the ORM declares is missing: upserts on it (ON CONFLICT) fail with SQLSTATE 42P10 and duplicates can be inserted.',
    hint: 'Remove duplicates, then CREATE UNIQUE INDEX CONCURRENTLY (does not block writes).',
  },
  'foreign-key-mismatch': {
    message: 'A foreign key the ORM declares is missing, or its ON DELETE action differs.',
    hint: 'ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE lock).',
  },
  'missing-enum-value': {
    message: 'A value of an ORM enum is missing from the PostgreSQL enum type: writing it fails with SQLSTATE 22P02.',
    hint: 'ALTER TYPE … ADD VALUE (catalog only, no rewrite).',
  },
  'extra-enum-value': {
    message: 'The PostgreSQL enum type has a value the ORM does not know: reading a row that holds it fails in the client.',
    hint: 'Add the value to the ORM enum, or make sure no row uses it.',
  },
  'missing-index': {
    message: 'A (non-unique) index the ORM declares is missing: queries keep working but may scan the table.',
    hint: 'CREATE INDEX CONCURRENTLY (does not block writes).',
  },
  'ledger-effects-missing': {
    message:
      'A migration is recorded as applied but what its SQL creates is missing (or what it drops is still there) — typical after migrate resolve --applied following a partial hand-fix.',
    hint: 'Apply the missing part of the migration by hand after review.',
  },
  'ledger-effects-present': {
    message:
      'Replayed in order over the live schema, a pending migration (failed, rolled back or not applied) hits a statement PostgreSQL would reject (e.g. 42P07 / 42701, its effects already in place): the next deploy stops there.',
    hint: 'Finish what is missing by hand, then record it as applied (prisma migrate resolve --applied).',
  },
};

/**
 * `breaks`: the app's queries or the next deploy fail (SQLSTATE 42703 / 42P01 / 23502, Prisma P3009).
 * `differs`: the database is not what the ORM would have made, but the app keeps working.
 */
export type Severity = 'breaks' | 'differs';

/**
 * What a finding is about:
 * - `schema`: a table, column, key, index or enum of the live database differs from what the ORM
 *   schema declares (compare-schema, compare-constraints);
 * - `ledger`: the migration ledger (`_prisma_migrations`, `__drizzle_migrations`) differs from the
 *   repository's migrations, or from what those migrations did to the database (ledgers, effects).
 */
export type FindingCategory = 'schema' | 'ledger';

/** One difference between what the app expects and what the database has. */
export interface DriftFinding {
  kind: FindingKind;
  /** `schema` or `ledger` (see {@link FindingCategory}); set by the module that makes the finding. */
  category: FindingCategory;
  severity: Severity;
  /** Postgres schema of the table. */
  schema: string;
  /** Table name; for ledger findings the ledger table (`_prisma_migrations`, `__drizzle_migrations`). */
  table: string;
  column?: string;
  /** For ledger findings: the migration's name (folder name or Drizzle tag). */
  migration?: string;
  /** What the app expects, in words or SQL spelling. */
  expected: string;
  /** What the database has. */
  actual: string;
  /** Where the expectation comes from. */
  source: ExpectationSource;
  /** One sentence: what is wrong and what it does to the app. */
  message: string;
  /** SQL that would repair it where that is safe. Never run by the check. */
  repairSql?: string;
  /** What to do instead when there is no safe SQL (e.g. `prisma migrate resolve …`). */
  hint?: string;
  /**
   * What running `repairSql` does to the table, from PostgreSQL's documented behaviour: the lock
   * it takes and whether it rewrites or scans the table, e.g. `ACCESS EXCLUSIVE lock, brief: no
   * rewrite (constant default, PostgreSQL ≥ 11)`.
   */
  repairImpact?: string;
  /**
   * Source position of the expectation, for SARIF / annotations: the line of the Prisma field, the
   * Drizzle column, or the migration statement. `file` is relative to the same root as
   * `source.file`; lines and columns are 1-based. `line` is left out when it is not certain.
   */
  location?: { file: string; line?: number; column?: number; endLine?: number };
}

/**
 * The result of one check. `exitCode`: 0 no drift, 1 drift found, 2 could not check
 * (then `error` says why in one line and `findings` is empty).
 */
export interface DriftReport {
  app: string;
  /** The database URL with its password hidden. */
  database: string;
  exitCode: 0 | 1 | 2;
  /** Which findings count for `exitCode`: `any`, or only `breaks` (see `CheckDriftOptions.failOn`). */
  failOn: 'any' | 'breaks';
  /** Set when `exitCode` is 2: one line, the reason. */
  error?: string;
  findings: DriftFinding[];
  /** What was compared: counts of expected tables, columns and migrations. */
  checked: { tables: number; columns: number; migrations: number };
  /** Which expectation sets were used, e.g. `drizzle apps/x/lib/db/schema.ts`. */
  sources: string[];
  /**
   * One line: what the check found and compared, e.g. `prisma schema prisma/schema.prisma (14 models,
   * via package.json#prisma.schema); drizzle: none; 23 migrations in prisma/migrations (ledger public._prisma_migrations)`.
   * Absent when the check could not start.
   */
  found?: string;
  /** The tables compared (`schema.table`) and the ledger read (`schema.table`), for per-table reports (JUnit). */
  compared?: { tables: string[]; ledger?: string };
  /** Sentences about the state that are not findings (e.g. the ledger trap). */
  notes: string[];
  /** ISO time the check started. */
  checkedAt: string;
  /** Wall time of the check in milliseconds (configuration loading included). */
  durationMs: number;
  /** Always `true`: the check ran inside `BEGIN TRANSACTION READ ONLY` and rolled back. */
  readOnly: true;
}
