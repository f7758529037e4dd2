import { foreignKeyClause, foreignKeyName, indexName, primaryKeyName, uniqueName } from './compare-constraints.js';
import type { ActualCatalog, ActualColumn, ActualTable, DriftFinding, ExpectedColumn, ExpectedForeignKey, ExpectedTable } from './model.js';
import { canonicalType, normalizeDefault, qualified, quoteIdent, sameDefault, sameFamily, typeFamily } from './pg-types.js';
import { REPAIR_IMPACT, volatileDefault } from './repair.js';

/**
 * Compares expected tables with the live catalog and returns the drift, per
 * table in declaration order:
 * - `missing-table` / `missing-column` (queries fail with SQLSTATE 42P01 / 42703); for a missing
 *   table see {@link missingTable} (a rename when a table of the same shape exists, else CREATE TABLE
 *   with its keys),
 * - `type-mismatch` (`breaks` across families, `differs` for length / precision only),
 * - `nullability` (`breaks` when the database demands a value the ORM may leave out),
 * - `default-mismatch` (`breaks` when a NOT NULL column lacks the default the ORM relies on),
 * - `extra-required-column`: a NOT NULL column without default the ORM does not know, so every
 *   insert through the ORM fails with SQLSTATE 23502.
 * Columns the database has and the ORM ignores are otherwise not drift.
 *
 * @param expected the expectation sets (duplicates of the same table from different sets are merged
 *   by the caller; here each is compared as given)
 * @param actual keyed `schema.table`, from {@link ReadOnlySession.tables}
 * @param catalog keys and indexes of the live tables ({@link ReadOnlySession.catalog}): with it, the
 *   repair of a renamed table also renames its indexes, constraints and sequences to the ORM's names
 */
export function compareSchema(expected: ExpectedTable[], actual: Map<string, ActualTable>, catalog?: ActualCatalog): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const plan = missingTablePlan(expected, actual, catalog);
  for (const table of expected) {
    const live = actual.get(`${table.schema}.${table.name}`);
    const where = qualified(table.schema, table.name);
    if (!live) {
      findings.push(missingTable(table, where, plan));
      continue;
    }
    for (const col of table.columns) {
      const a = live.columns.get(col.name);
      if (!a) {
        findings.push(missingColumn(table, col, where));
        continue;
      }
      findings.push(...compareColumn(table, col, a, where));
    }
    const known = new Set([...table.columns.map((c) => c.name), ...(table.filledElsewhere ?? [])]);
    for (const a of live.columns.values()) {
      if (known.has(a.name) || !a.notNull || a.default !== null || a.identity || a.generated) continue;
      findings.push({
        category: 'schema',
        kind: 'extra-required-column',
        severity: 'breaks',
        schema: table.schema,
        table: table.name,
        column: a.name,
        expected: 'no such column (the ORM never writes it)',
        actual: `${a.type} NOT NULL, no default`,
        source: table.source,
        message: `${where}.${quoteIdent(a.name)} is NOT NULL without a default and unknown to the app: every insert through the ORM fails with SQLSTATE 23502`,
        repairSql: `ALTER TABLE ${where} ALTER COLUMN ${quoteIdent(a.name)} DROP NOT NULL;`,
        repairImpact: REPAIR_IMPACT.dropNotNull,
      });
    }
  }
  return findings;
}

/** What {@link compareSchema} works out once for all missing tables. */
interface MissingTablePlan {
  /** `schema.table` of each missing table that gets a CREATE TABLE, in the order the report creates them. */
  createOrder: Map<string, number>;
  /** Per missing table, the live tables of the same shape that no expectation names (rename candidates). */
  candidates: Map<string, ActualTable[]>;
  /** Per missing table, the missing tables that claim the same candidate (then no rename is proposed). */
  rivals: Map<string, string[]>;
  /** Foreign keys of created tables, keyed by the table whose repair adds them (the later created of the two). */
  foreignKeys: Map<string, { table: ExpectedTable; fk: ExpectedForeignKey }[]>;
  catalog?: ActualCatalog;
}

/** Column names and canonical types, sorted: two tables of the same shape have the same text. */
function shapeOf(columns: { name: string; type: string }[]): string {
  return columns
    .map((c) => `${c.name} ${canonicalType(c.type)}`)
    .sort()
    .join(', ');
}

function missingTablePlan(expected: ExpectedTable[], actual: Map<string, ActualTable>, catalog?: ActualCatalog): MissingTablePlan {
  const known = new Set(expected.map((t) => `${t.schema}.${t.name}`));
  const missing = new Map<string, ExpectedTable>();
  for (const t of expected) {
    const key = `${t.schema}.${t.name}`;
    if (!actual.has(key) && !missing.has(key)) missing.set(key, t);
  }
  const candidates = new Map<string, ActualTable[]>();
  const claims = new Map<string, string[]>();
  for (const [key, t] of missing) {
    if (t.columns.some((c) => c.type.startsWith('family:'))) continue;
    const shape = shapeOf(t.columns);
    const found = [...actual.values()].filter(
      (a) => a.schema === t.schema && !known.has(`${a.schema}.${a.name}`) && shapeOf([...a.columns.values()]) === shape,
    );
    if (!found.length) continue;
    candidates.set(key, found);
    for (const a of found) claims.set(`${a.schema}.${a.name}`, [...(claims.get(`${a.schema}.${a.name}`) ?? []), key]);
  }
  const rivals = new Map<string, string[]>();
  for (const [key, found] of candidates) {
    const others = found.flatMap((a) => claims.get(`${a.schema}.${a.name}`)!.filter((k) => k !== key));
    if (others.length) rivals.set(key, [...new Set(others)]);
  }
  const createOrder = new Map<string, number>();
  for (const key of missing.keys()) if (!candidates.has(key)) createOrder.set(key, createOrder.size);
  const foreignKeys = new Map<string, { table: ExpectedTable; fk: ExpectedForeignKey }[]>();
  for (const [key, t] of missing) {
    if (!createOrder.has(key)) continue;
    for (const fk of t.foreignKeys ?? []) {
      const ref = `${fk.refSchema}.${fk.refTable}`;
      const owner = (createOrder.get(ref) ?? -1) > createOrder.get(key)! ? ref : key;
      foreignKeys.set(owner, [...(foreignKeys.get(owner) ?? []), { table: t, fk }]);
    }
  }
  return { createOrder, candidates, rivals, foreignKeys, ...(catalog ? { catalog } : {}) };
}

/**
 * The `missing-table` finding of a table the database lacks, and its repair:
 * - when exactly one live table that no expectation names has the same columns and types (a
 *   rename), `ALTER TABLE old RENAME TO new` (PostgreSQL docs, ALTER TABLE: "RENAME TO"), then
 *   the renames that give its indexes and constraints (ALTER INDEX … RENAME TO, which renames a
 *   primary key or unique constraint with its index; ALTER TABLE … RENAME CONSTRAINT for foreign
 *   keys) and the sequences of its serial columns (ALTER SEQUENCE … RENAME TO) the names the ORM
 *   expects; never a CREATE TABLE, which would collide with those names (SQLSTATE 42P07);
 * - with several such tables (or several missing tables of that shape), no SQL: the hint names
 *   them, since only a person can tell which one was renamed;
 * - otherwise CREATE TABLE with its columns, primary key and UNIQUE constraints, then its unique
 *   and plain indexes (CREATE [UNIQUE] INDEX — the table is new and empty, so no CONCURRENTLY) and
 *   its foreign keys (ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY, both referential actions). A
 *   foreign key between two missing tables goes into the repair of the one created later, so the
 *   repairs apply in report order; foreign keys of existing tables to it follow in their own
 *   `foreign-key-mismatch` findings, which come after every schema finding.
 * With a `family:` column and no concrete type (Better Auth alone), the hint says to use the ORM's
 * migration tool.
 */
function missingTable(table: ExpectedTable, where: string, plan: MissingTablePlan): DriftFinding {
  const key = `${table.schema}.${table.name}`;
  const base = {
    category: 'schema' as const,
    kind: 'missing-table' as const,
    severity: 'breaks' as const,
    schema: table.schema,
    table: table.name,
    expected: `table with ${table.columns.length} columns`,
    actual: 'no such table',
    source: table.source,
    message: `table ${where} does not exist: every query on it fails with SQLSTATE 42P01`,
  };
  const found = plan.candidates.get(key);
  if (found) {
    const rivals = plan.rivals.get(key) ?? [];
    if (found.length === 1 && !rivals.length) {
      const old = found[0]!;
      return {
        ...base,
        actual: `no such table; ${qualified(old.schema, old.name)} has the same columns and types`,
        message: `table ${where} does not exist, but ${qualified(old.schema, old.name)}, which the app does not use, has exactly its columns and types: it looks renamed, and every query on ${where} fails with SQLSTATE 42P01`,
        repairSql: renameSql(table, old, plan.catalog).join('\n'),
        repairImpact: REPAIR_IMPACT.renameTable,
        hint: `check that ${qualified(old.schema, old.name)} is the table the app knows as ${where} before renaming it; a CREATE TABLE beside it would collide with its index names (SQLSTATE 42P07)`,
      };
    }
    const names = found.map((a) => qualified(a.schema, a.name)).join(', ');
    return {
      ...base,
      actual: `no such table; ${names} ${found.length === 1 ? 'has' : 'have'} the same columns and types`,
      hint: `cannot decide which table was renamed: ${names} ${found.length === 1 ? 'has' : 'each have'} the columns and types of ${where}${rivals.length ? ` (and of ${rivals.map((r) => r.replace(/^[^.]+\./, '')).join(', ')})` : ''}; rename the right one (ALTER TABLE … RENAME TO ${quoteIdent(table.name)}, then its indexes and constraints), or create the table with the ORM's migration tool`,
    };
  }
  if (table.columns.some((c) => c.type.startsWith('family:') && !c.repairType)) return { ...base, hint: 'create it with the ORM’s migration tool' };
  return { ...base, repairSql: createTableSql(table, where, plan).join('\n'), repairImpact: REPAIR_IMPACT.createTable };
}

/** CREATE TABLE with columns, primary key and UNIQUE constraints, then indexes and foreign keys (see {@link missingTable}). */
function createTableSql(table: ExpectedTable, where: string, plan: MissingTablePlan): string[] {
  const lines = table.columns.map((c) => `  ${columnDefinition(c.repairType ? { ...c, type: c.repairType } : c)}`);
  const list = (cols: string[]) => cols.map(quoteIdent).join(', ');
  const pk = table.primaryKey;
  if (pk) lines.push(`  CONSTRAINT ${quoteIdent(primaryKeyName(table))} PRIMARY KEY (${list(pk.columns)})`);
  const uniques = (table.uniques ?? []).filter((u) => !(pk && sameSet(pk.columns, u.columns)));
  for (const u of uniques) if (u.constraint) lines.push(`  CONSTRAINT ${quoteIdent(uniqueName(table, u))} UNIQUE (${list(u.columns)})`);
  const out = [`CREATE TABLE ${where} (\n${lines.join(',\n')}\n);`];
  for (const u of uniques) if (!u.constraint) out.push(`CREATE UNIQUE INDEX ${quoteIdent(uniqueName(table, u))} ON ${where} (${list(u.columns)});`);
  for (const i of table.indexes ?? []) out.push(`CREATE INDEX ${quoteIdent(indexName(table, i))} ON ${where} (${list(i.columns)});`);
  for (const { table: t, fk } of plan.foreignKeys.get(`${table.schema}.${table.name}`) ?? [])
    out.push(`ALTER TABLE ${qualified(t.schema, t.name)} ADD CONSTRAINT ${quoteIdent(foreignKeyName(t, fk))} ${foreignKeyClause(fk)};`);
  return out;
}

/** The renames that turn `old` into `table`, with the ORM's names for its indexes, constraints and sequences. */
function renameSql(table: ExpectedTable, old: ActualTable, catalog?: ActualCatalog): string[] {
  const where = qualified(table.schema, table.name);
  const out = [`ALTER TABLE ${qualified(old.schema, old.name)} RENAME TO ${quoteIdent(table.name)};`];
  // A name that carries the old table's name as prefix, with the new one instead.
  const carried = (n: string) => (n.startsWith(`${old.name}_`) ? `${table.name}${n.slice(old.name.length)}` : undefined);
  const cons = catalog?.constraints.get(`${old.schema}.${old.name}`);
  const taken = new Set([...(catalog?.indexNames.keys() ?? [])]);
  const rename = (what: 'index' | 'fk', from: string, to: string | undefined) => {
    if (!to || to === from || taken.has(`${table.schema}.${to}`)) return;
    taken.add(`${table.schema}.${to}`);
    out.push(
      what === 'index'
        ? `ALTER INDEX ${qualified(table.schema, from)} RENAME TO ${quoteIdent(to)};`
        : `ALTER TABLE ${where} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)};`,
    );
  };
  for (const i of cons?.indexes ?? []) {
    const cols = i.columns.filter((c): c is string => c !== null);
    const want = i.primary
      ? table.primaryKey && sameSet(cols, table.primaryKey.columns)
        ? primaryKeyName(table)
        : undefined
      : i.unique
        ? (table.uniques ?? []).filter((u) => sameSet(cols, u.columns)).map((u) => uniqueName(table, u))[0]
        : (table.indexes ?? []).filter((x) => sameSet(cols, x.columns)).map((x) => indexName(table, x))[0];
    rename('index', i.name, cols.length === i.columns.length ? (want ?? carried(i.name)) : carried(i.name));
  }
  for (const f of cons?.foreignKeys ?? []) {
    const fk = (table.foreignKeys ?? []).find((x) => sameSet(f.columns, x.columns) && x.refTable === f.refTable);
    rename('fk', f.name, fk ? foreignKeyName(table, fk) : carried(f.name));
  }
  for (const c of old.columns.values()) {
    const seq = /^nextval\('(?:"?([^".']+)"?\.)?"?([^"']+)"?'::regclass\)$/.exec(c.default ?? '');
    if (seq && seq[2] === `${old.name}_${c.name}_seq`)
      out.push(`ALTER SEQUENCE ${qualified(seq[1] ?? old.schema, seq[2])} RENAME TO ${quoteIdent(`${table.name}_${c.name}_seq`)};`);
  }
  return out;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && b.every((c) => a.includes(c));
}

function missingColumn(table: ExpectedTable, col: ExpectedColumn, where: string): DriftFinding {
  const family = col.type.startsWith('family:');
  const concrete = family ? (col.repairType ? { ...col, type: col.repairType } : undefined) : col;
  const unsafeNotNull = !col.nullable && col.default.kind !== 'sql' && col.default.kind !== 'sequence';
  return {
    category: 'schema',
    kind: 'missing-column',
    severity: 'breaks',
    schema: table.schema,
    table: table.name,
    column: col.name,
    expected: describeExpected(col),
    actual: 'no such column',
    source: col.source,
    message: `column ${where}.${quoteIdent(col.name)} does not exist: queries that read it fail with SQLSTATE 42703`,
    ...(concrete
      ? {
          repairSql: `ALTER TABLE ${where} ADD COLUMN ${columnDefinition(concrete)};`,
          repairImpact:
            concrete.default.kind === 'sequence' || (concrete.default.kind === 'sql' && volatileDefault(concrete.default.sql))
              ? REPAIR_IMPACT.addColumnRewrite
              : REPAIR_IMPACT.addColumn,
          ...(unsafeNotNull ? { hint: 'NOT NULL without a default fails on a table that has rows: add it nullable, fill it, then SET NOT NULL' } : {}),
        }
      : { hint: `add the column with the type your ORM maps a ${col.type.slice(7)} field to` }),
  };
}

function compareColumn(table: ExpectedTable, col: ExpectedColumn, a: ActualColumn, where: string): DriftFinding[] {
  const out: DriftFinding[] = [];
  const base = { category: 'schema' as const, schema: table.schema, table: table.name, column: col.name, source: col.source };
  const colRef = `${where}.${quoteIdent(col.name)}`;
  const actualType = canonicalType(a.type);

  // Type.
  if (col.type.startsWith('family:')) {
    const want = col.type.slice(7);
    const fam = typeFamily(actualType);
    const ok =
      fam === want ||
      (want === 'string' && fam === 'other') ||
      (want === 'json' && (fam === 'string' || fam === 'array')) ||
      (want === 'array' && (fam === 'json' || fam === 'string'));
    if (!ok)
      out.push({
        ...base,
        kind: 'type-mismatch',
        severity: 'breaks',
        expected: `a ${want} type`,
        actual: a.type,
        message: `${colRef} is ${a.type}, the app stores a ${want} in it`,
      });
  } else {
    const want = canonicalType(col.type);
    if (want !== actualType) {
      const minor = sameFamily(want, actualType);
      out.push({
        ...base,
        kind: 'type-mismatch',
        severity: minor ? 'differs' : 'breaks',
        expected: want,
        actual: a.type,
        message: minor
          ? `${colRef} is ${a.type}, the ORM declares ${want} (same kind, different length or precision)`
          : `${colRef} is ${a.type}, the ORM declares ${want}: reads and writes may fail or convert values`,
        hint: 'change the type with a reviewed migration: ALTER COLUMN … TYPE holds an ACCESS EXCLUSIVE lock while it rewrites the table and its indexes (unless the change is binary-coercible, e.g. varchar(n) → text), and fails on values that do not convert',
      });
    }
  }

  // Nullability.
  const dbDefault = a.default !== null || a.identity || a.generated;
  if (col.nullable && a.notNull && !dbDefault) {
    out.push({
      ...base,
      kind: 'nullability',
      severity: 'breaks',
      expected: 'NULL allowed',
      actual: 'NOT NULL, no default',
      message: `${colRef} is NOT NULL but the app may leave it empty: such inserts fail with SQLSTATE 23502`,
      repairSql: `ALTER TABLE ${where} ALTER COLUMN ${quoteIdent(col.name)} DROP NOT NULL;`,
      repairImpact: REPAIR_IMPACT.dropNotNull,
    });
  } else if (col.nullable && a.notNull && !col.lenient) {
    out.push({
      ...base,
      kind: 'nullability',
      severity: 'differs',
      expected: 'NULL allowed',
      actual: 'NOT NULL',
      message: `${colRef} is NOT NULL, the ORM declares it optional`,
      repairSql: `ALTER TABLE ${where} ALTER COLUMN ${quoteIdent(col.name)} DROP NOT NULL;`,
      repairImpact: REPAIR_IMPACT.dropNotNull,
    });
  } else if (!col.nullable && !a.notNull && !col.lenient) {
    out.push({
      ...base,
      kind: 'nullability',
      severity: 'differs',
      expected: 'NOT NULL',
      actual: 'NULL allowed',
      message: `${colRef} allows NULL, the ORM declares it required (a NULL row would break reads typed as non-null)`,
      repairSql: `ALTER TABLE ${where} ALTER COLUMN ${quoteIdent(col.name)} SET NOT NULL;`,
      repairImpact: REPAIR_IMPACT.setNotNull,
      hint: `check for NULLs first (SET NOT NULL fails with SQLSTATE 23502 while a row holds one): SELECT count(*) FROM ${where} WHERE ${quoteIdent(col.name)} IS NULL`,
    });
  }

  // Default.
  const d = col.default;
  const actualNorm = a.identity ? 'nextval' : a.default === null ? null : normalizeDefault(a.default);
  const mismatch =
    (d.kind === 'sql' && (actualNorm === null || !sameDefault(d.sql, actualNorm, actualType))) ||
    (d.kind === 'sequence' && actualNorm !== 'nextval') ||
    (d.kind === 'present' && actualNorm === null) ||
    (d.kind === 'none' && actualNorm !== null && !a.generated);
  if (mismatch) {
    const expectedText =
      d.kind === 'sql' ? `DEFAULT ${d.sql}` : d.kind === 'sequence' ? 'a sequence / identity default' : d.kind === 'present' ? 'a default' : 'no default';
    const breaks = d.kind !== 'none' && actualNorm === null && a.notNull;
    const repair =
      d.kind === 'sql' && /^[\w.() -]+$/.test(d.sql)
        ? `ALTER TABLE ${where} ALTER COLUMN ${quoteIdent(col.name)} SET DEFAULT ${sqlDefault(d.sql, actualType)};`
        : undefined;
    out.push({
      ...base,
      kind: 'default-mismatch',
      severity: breaks ? 'breaks' : 'differs',
      expected: expectedText,
      actual: a.identity ? 'identity' : a.default === null ? 'no default' : `DEFAULT ${a.default}`,
      message: breaks
        ? `${colRef} has no default and is NOT NULL: inserts that rely on the ORM's default fail with SQLSTATE 23502`
        : `${colRef} default differs from the ORM's (${expectedText})`,
      ...(repair ? { repairSql: repair, repairImpact: REPAIR_IMPACT.setDefault } : {}),
    });
  }
  return out;
}

/** `"name" type [DEFAULT …] [NOT NULL]` for ADD COLUMN / CREATE TABLE. */
function columnDefinition(c: ExpectedColumn): string {
  const type = canonicalType(c.type);
  const typeSql = /^[a-z ]+(\([0-9,]+\))?( with(out)? time zone)?(\[\])*$/.test(type)
    ? type
    : quoteIdent(type.replace(/\[\]$/, '')) + (type.endsWith('[]') ? '[]' : '');
  let def = '';
  if (c.default.kind === 'sql') def = ` DEFAULT ${sqlDefault(c.default.sql, type)}`;
  if (c.default.kind === 'sequence')
    return `${quoteIdent(c.name)} ${type === 'bigint' ? 'bigserial' : type === 'smallint' ? 'smallserial' : 'serial'}${c.nullable ? '' : ' NOT NULL'}`;
  return `${quoteIdent(c.name)} ${typeSql}${def}${c.nullable ? '' : ' NOT NULL'}`;
}

/** Turns a normalized default back into SQL: numbers, booleans and calls as is, anything else quoted. */
function sqlDefault(norm: string, type: string): string {
  if (/^(true|false)$/.test(norm) && type === 'boolean') return norm;
  if (/^-?\d+(\.\d+)?$/.test(norm) && typeFamily(type) === 'number') return norm;
  if (/^[a-z_]+\(.*\)$/i.test(norm)) return norm;
  return `'${norm.replace(/'/g, "''")}'`;
}

function describeExpected(c: ExpectedColumn): string {
  const t = c.type.startsWith('family:') ? `a ${c.type.slice(7)} column` : canonicalType(c.type);
  const d = c.default.kind === 'sql' ? ` DEFAULT ${c.default.sql}` : c.default.kind === 'sequence' ? ' (auto-increment)' : '';
  return `${t}${d}${c.nullable ? '' : ' NOT NULL'}`;
}
