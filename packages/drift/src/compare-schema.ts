import type { ActualColumn, ActualTable, DriftFinding, ExpectedColumn, ExpectedTable } from './model.js';
import { canonicalType, normalizeDefault, qualified, quoteIdent, sameDefault, sameFamily, typeFamily } from './pg-types.js';
import { REPAIR_IMPACT, volatileDefault } from './repair.js';

/**
 * Compares expected tables with the live catalog and returns the drift, per
 * table in declaration order:
 * - `missing-table` / `missing-column` (queries fail with SQLSTATE 42P01 / 42703),
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
 */
export function compareSchema(expected: ExpectedTable[], actual: Map<string, ActualTable>): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const table of expected) {
    const live = actual.get(`${table.schema}.${table.name}`);
    const where = qualified(table.schema, table.name);
    if (!live) {
      findings.push({
        category: 'schema',
        kind: 'missing-table',
        severity: 'breaks',
        schema: table.schema,
        table: table.name,
        expected: `table with ${table.columns.length} columns`,
        actual: 'no such table',
        source: table.source,
        message: `table ${where} does not exist: every query on it fails with SQLSTATE 42P01`,
        ...(table.columns.some((c) => c.type.startsWith('family:') && !c.repairType)
          ? { hint: 'create it with the ORM’s migration tool' }
          : {
              repairSql: `CREATE TABLE ${where} (\n${table.columns.map((c) => `  ${columnDefinition(c.repairType ? { ...c, type: c.repairType } : c)}`).join(',\n')}\n);`,
              repairImpact: REPAIR_IMPACT.createTable,
            }),
      });
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
      hint: `check for NULLs, then ALTER TABLE ${where} ALTER COLUMN ${quoteIdent(col.name)} SET NOT NULL (ACCESS EXCLUSIVE lock while it scans the table, no rewrite)`,
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
