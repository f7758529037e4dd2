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
export type ExpectedDefault =
  | { kind: 'none' }
  | { kind: 'sql'; sql: string }
  | { kind: 'sequence' }
  | { kind: 'present' }
  | { kind: 'client' };

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
   * flag is only reported when inserts of an optional field would fail.
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
  /** Which expectation set this belongs to: `drizzle`, `prisma` or `better-auth`. */
  origin: 'drizzle' | 'prisma' | 'better-auth';
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
  | 'ledger-failed'
  | 'ledger-rolled-back'
  | 'ledger-checksum-mismatch'
  | 'ledger-unknown-migration';

/**
 * `breaks`: the app's queries or the next deploy fail (SQLSTATE 42703 / 42P01 / 23502, Prisma P3009).
 * `differs`: the database is not what the ORM would have made, but the app keeps working.
 */
export type Severity = 'breaks' | 'differs';

/** One difference between what the app expects and what the database has. */
export interface DriftFinding {
  kind: FindingKind;
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
  /** Sentences about the state that are not findings (e.g. the ledger trap). */
  notes: string[];
  /** ISO time the check started. */
  checkedAt: string;
  /** Wall time of the check in milliseconds (configuration loading included). */
  durationMs: number;
  /** Always `true`: the check ran inside `BEGIN TRANSACTION READ ONLY` and rolled back. */
  readOnly: true;
}
