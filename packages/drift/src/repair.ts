/**
 * What each repair statement does to a live table — the lock it takes and
 * whether it rewrites or scans the table — from PostgreSQL's documentation
 * (ALTER TABLE: "Notes"; CREATE INDEX: "Building Indexes Concurrently";
 * Explicit Locking, table 13.2), and the safe form of a repair that would
 * fail on a table with rows.
 */
import type { DriftFinding } from './model.js';
import type { ReadOnlySession } from './read-only-session.js';
import { qualified, quoteIdent } from './pg-types.js';

/**
 * One sentence per kind of repair statement. ACCESS EXCLUSIVE blocks every read and write of the
 * table while it is held; SHARE blocks writes; SHARE UPDATE EXCLUSIVE blocks neither.
 */
export const REPAIR_IMPACT = {
  addColumn: 'ADD COLUMN: ACCESS EXCLUSIVE lock, brief — no table rewrite (no default, or a non-volatile default: PostgreSQL ≥ 11 stores it in the catalog)',
  addColumnRewrite: 'ADD COLUMN: ACCESS EXCLUSIVE lock held while the whole table and its indexes are rewritten (volatile default, identity or serial column)',
  addColumnNotNullEmpty:
    'ADD COLUMN … NOT NULL: ACCESS EXCLUSIVE lock, brief, no rewrite; it succeeds only because the table has no rows now (with rows it fails with SQLSTATE 23502)',
  safeAddNotNull:
    'ADD COLUMN (nullable): ACCESS EXCLUSIVE lock, brief, no rewrite; UPDATE: row locks, writes every row (batch it on a large table); SET NOT NULL: ACCESS EXCLUSIVE lock while it scans the whole table to verify, no rewrite',
  dropNotNull: 'DROP NOT NULL: ACCESS EXCLUSIVE lock, brief — catalog only, no scan, no rewrite',
  setNotNull: 'SET NOT NULL: ACCESS EXCLUSIVE lock while it scans the whole table to verify, no rewrite; fails with SQLSTATE 23502 if a row holds NULL',
  setDefault: 'SET DEFAULT: ACCESS EXCLUSIVE lock, brief — catalog only; existing rows keep their values',
  renameTable:
    'RENAME TO: ACCESS EXCLUSIVE lock, brief — catalog only, no scan, no rewrite (as are the renames of its indexes, constraints and sequences); queries that still use the old name fail from then on',
  createTable: 'CREATE TABLE: no lock on any existing table (a FOREIGN KEY in it takes SHARE ROW EXCLUSIVE on the referenced table)',
  createIndexConcurrently:
    'CREATE INDEX CONCURRENTLY: SHARE UPDATE EXCLUSIVE lock — reads and writes continue; scans the table twice; cannot run inside a transaction block; a failed build leaves an INVALID index to drop',
  createUniqueConcurrently:
    'CREATE UNIQUE INDEX CONCURRENTLY: SHARE UPDATE EXCLUSIVE lock — reads and writes continue; scans the table twice; cannot run inside a transaction block; fails with SQLSTATE 23505 if duplicates exist (find them first), leaving an INVALID index to drop',
  addPrimaryKey:
    'ADD PRIMARY KEY: ACCESS EXCLUSIVE lock while it scans the table and builds the unique index (USING INDEX on an index built CONCURRENTLY first keeps the lock brief)',
  addForeignKey:
    'ADD CONSTRAINT … NOT VALID: SHARE ROW EXCLUSIVE lock on both tables, brief; VALIDATE CONSTRAINT: SHARE UPDATE EXCLUSIVE — scans the table while reads and writes continue',
  replaceForeignKey:
    'DROP + ADD CONSTRAINT … NOT VALID: ACCESS EXCLUSIVE lock on the table for the DROP, brief; VALIDATE CONSTRAINT then scans under SHARE UPDATE EXCLUSIVE',
  addEnumValue: 'ALTER TYPE … ADD VALUE: catalog only, no table is locked or rewritten; the new value cannot be used in the same transaction before it commits',
} as const;

/**
 * Whether a default expression is volatile in the sense of ALTER TABLE ADD COLUMN (a new row
 * value per existing row, hence a rewrite): sequences and the usual volatile functions.
 * `now()` / `CURRENT_TIMESTAMP` are STABLE: evaluated once, no rewrite.
 */
export function volatileDefault(sql: string): boolean {
  return /\b(nextval|gen_random_uuid|uuid_generate_v[14]|random|clock_timestamp|timeofday|txid_current|statement_timestamp)\s*\(/i.test(sql);
}

/**
 * Replaces the single `ADD COLUMN … NOT NULL` repair of a missing column without a default by
 * the sequence that works on a table with rows, when a read-only `SELECT EXISTS (SELECT 1 FROM
 * t)` finds any (or cannot tell, e.g. without SELECT on the table): add it nullable, fill
 * existing rows with a value a person must choose, then SET NOT NULL. On an empty table the
 * single statement stays, and its impact says why it works.
 *
 * @param findings mutated in place: `repairSql`, `repairImpact` and `hint` of those `missing-column` findings
 */
export async function refineRepairs(findings: DriftFinding[], session: ReadOnlySession): Promise<void> {
  const rowsOf = new Map<string, boolean | undefined>();
  for (const f of findings) {
    if (
      f.kind !== 'missing-column' ||
      !f.repairSql ||
      !f.column ||
      !/ NOT NULL;$/.test(f.repairSql) ||
      / DEFAULT /.test(f.repairSql) ||
      / (big|small)?serial /.test(f.repairSql)
    )
      continue;
    const key = `${f.schema}.${f.table}`;
    if (!rowsOf.has(key)) rowsOf.set(key, await session.hasRows(f.schema, f.table));
    const rows = rowsOf.get(key);
    if (rows === false) {
      f.repairImpact = REPAIR_IMPACT.addColumnNotNullEmpty;
      f.hint = `${qualified(f.schema, f.table)} is empty now, so the single statement works; should rows arrive first, add the column nullable, fill it, then SET NOT NULL`;
      continue;
    }
    const where = qualified(f.schema, f.table);
    const col = quoteIdent(f.column);
    const nullable = f.repairSql.replace(/ NOT NULL;$/, ';');
    f.repairSql = [
      nullable,
      `-- DECIDE: the value existing rows get (a person's decision; the placeholder below is not SQL on purpose)`,
      `UPDATE ${where} SET ${col} = <value for existing rows> WHERE ${col} IS NULL;`,
      `ALTER TABLE ${where} ALTER COLUMN ${col} SET NOT NULL;`,
    ].join('\n');
    f.repairImpact = REPAIR_IMPACT.safeAddNotNull;
    f.hint = rows
      ? `${where} has rows: a single ADD COLUMN … NOT NULL without a default fails with SQLSTATE 23502, so add it nullable, fill it, then SET NOT NULL`
      : `could not tell whether ${where} has rows (no SELECT privilege on it): on a table with rows a single ADD COLUMN … NOT NULL without a default fails with SQLSTATE 23502`;
  }
}

/**
 * The statements of a finding's `repairSql`, in order, each ending with `;` — what a person (or a
 * test on a scratch database) runs one by one: CREATE INDEX CONCURRENTLY and ALTER TYPE … ADD
 * VALUE must not share a transaction block with other statements (PostgreSQL docs, CREATE INDEX:
 * "Building Indexes Concurrently"; ALTER TYPE: "Notes"), so a multi-statement string cannot be
 * sent as one query. `-- ` comment lines (e.g. `-- DECIDE: …`) are left out; a statement may span
 * lines (CREATE TABLE), and ends at the first line that ends with `;`.
 *
 * @returns `[]` when the finding has no repair SQL
 */
export function repairStatements(finding: Pick<DriftFinding, 'repairSql'>): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const line of (finding.repairSql ?? '').split('\n')) {
    if (!current.length && (line.trim() === '' || line.trimStart().startsWith('--'))) continue;
    current.push(line);
    if (line.trimEnd().endsWith(';')) {
      out.push(current.join('\n'));
      current = [];
    }
  }
  if (current.length) out.push(current.join('\n'));
  return out;
}
