import type {
  ActualCatalog,
  ActualConstraints,
  ActualForeignKey,
  ActualIndex,
  ActualTable,
  DriftFinding,
  ExpectedForeignKey,
  ExpectedKey,
  ExpectedTable,
} from './model.js';
import { qualified, quoteIdent } from './pg-types.js';
import { REPAIR_IMPACT } from './repair.js';

/**
 * Compares what columns alone do not show: primary keys, unique constraints and unique
 * indexes, non-unique indexes, foreign keys and enum labels, against pg_index, pg_constraint
 * and pg_enum. Tables missing altogether are left to {@link compareSchema} (`missing-table`).
 * Severity follows what really fails in PostgreSQL (README, "Kinds of finding"):
 * - `primary-key-mismatch` / `missing-unique` **breaks**: `INSERT … ON CONFLICT (cols)` — Prisma
 *   Client's `upsert` on a unique field, Drizzle's `onConflictDoUpdate` / `onConflictDoNothing` —
 *   needs a non-partial, valid unique index on exactly those columns (any order) and otherwise
 *   fails with SQLSTATE 42P10; duplicates also become possible. A unique only Better Auth asks
 *   for (it looks rows up, never upserts) and a primary key replaced by such a unique index
 *   only **differ**. A missing unique is repaired with CREATE UNIQUE INDEX CONCURRENTLY, then,
 *   when the ORM declares a UNIQUE constraint (Drizzle), ADD CONSTRAINT … UNIQUE USING INDEX
 *   (PostgreSQL docs, ALTER TABLE: "ADD table_constraint_using_index").
 * - `missing-index`: **differs** (queries work, maybe slower).
 * - `foreign-key-mismatch`: a missing foreign key **differs** (nothing fails; orphans become
 *   possible); ON DELETE CASCADE / SET NULL declared but NO ACTION / RESTRICT in the database
 *   **breaks**: deleting a referenced row fails with SQLSTATE 23503. Another ON UPDATE than the
 *   ORM declares (when it says) **differs**. The repair re-adds it with both actions
 *   ({@link addForeignKeySql}); these findings come after all others of this function, so their
 *   repairs run after those of the keys they reference.
 * - `missing-enum-value` **breaks** (writing it fails with SQLSTATE 22P02); its repair adds the
 *   label where the ORM has it (ALTER TYPE … ADD VALUE … BEFORE / AFTER); `extra-enum-value` differs.
 *
 * `column` of these findings is the column list joined with `,` (the enum value for enum findings,
 * whose `table` is the enum type).
 */
export function compareConstraints(expected: ExpectedTable[], actual: Map<string, ActualTable>, catalog: ActualCatalog): DriftFinding[] {
  const findings: DriftFinding[] = [];
  // Foreign keys come last, after every table's primary key and uniques: a foreign key needs the
  // unique index of the key it references (SQLSTATE 42830 otherwise), so their repairs apply in order.
  const fkFindings: DriftFinding[] = [];
  const enumsSeen = new Set<string>();
  for (const table of expected) {
    const key = `${table.schema}.${table.name}`;
    const live = actual.get(key);
    if (!live) continue;
    const cons: ActualConstraints = catalog.constraints.get(key) ?? { indexes: [], foreignKeys: [] };
    const where = qualified(table.schema, table.name);
    const base = { category: 'schema' as const, schema: table.schema, table: table.name };
    const cols = (k: { columns: string[] }) => k.columns.map(quoteIdent).join(', ');
    const missingCols = (k: { columns: string[] }) => k.columns.filter((c) => !live.columns.has(c));
    const afterColumns = (k: { columns: string[] }) => (missingCols(k).length ? ` (after adding ${missingCols(k).map(quoteIdent).join(', ')})` : '');

    if (table.primaryKey) {
      const pk = table.primaryKey;
      const livePk = cons.indexes.find((i) => i.primary);
      if (!livePk || !sameSet(livePk.columns, pk.columns)) {
        const alt = usableUnique(cons.indexes, pk.columns);
        const name = primaryKeyName(table);
        findings.push({
          ...base,
          kind: 'primary-key-mismatch',
          severity: alt ? 'differs' : 'breaks',
          column: pk.columns.join(','),
          expected: `PRIMARY KEY (${pk.columns.join(', ')})`,
          actual: livePk
            ? `PRIMARY KEY (${livePk.columns.join(', ')})`
            : alt
              ? `no primary key; unique index ${alt.name} on the same columns`
              : 'no primary key',
          source: pk.source,
          message: alt
            ? `${where} has no primary key on (${pk.columns.join(', ')}), but the unique index ${alt.name} keeps those columns unique and usable by ON CONFLICT`
            : `${where} lacks the primary key (${pk.columns.join(', ')}): duplicate keys can be inserted, and ON CONFLICT (${pk.columns.join(', ')}) (an upsert by id) fails with SQLSTATE 42P10`,
          ...(livePk
            ? {
                hint: `the table has another primary key (${livePk.columns.join(', ')}): changing it needs a reviewed migration (DROP CONSTRAINT ${quoteIdent(livePk.name)}, then ADD PRIMARY KEY)`,
              }
            : {
                repairSql: alt
                  ? `ALTER TABLE ${where} ADD CONSTRAINT ${quoteIdent(name)} PRIMARY KEY USING INDEX ${quoteIdent(alt.name)};`
                  : `ALTER TABLE ${where} ADD CONSTRAINT ${quoteIdent(name)} PRIMARY KEY (${cols(pk)});`,
                repairImpact: REPAIR_IMPACT.addPrimaryKey,
                hint: `find duplicates first: SELECT ${cols(pk)}, count(*) FROM ${where} GROUP BY ${cols(pk)} HAVING count(*) > 1${afterColumns(pk)}`,
              }),
        });
      }
    }

    for (const u of table.uniques ?? []) {
      if (usableUnique(cons.indexes, u.columns) || (table.primaryKey && sameSet(table.primaryKey.columns, u.columns))) continue;
      const name = uniqueName(table, u);
      const partial = cons.indexes.find((i) => i.unique && sameSet(i.columns, u.columns));
      findings.push({
        ...base,
        kind: 'missing-unique',
        severity: u.lookupOnly ? 'differs' : 'breaks',
        column: u.columns.join(','),
        expected: `UNIQUE (${u.columns.join(', ')})`,
        actual: partial
          ? `only ${partial.partial ? 'a partial' : 'an INVALID'} unique index ${partial.name}`
          : 'no unique index or constraint on those columns',
        source: u.source,
        message: u.lookupOnly
          ? `${where} has no unique index on (${u.columns.join(', ')}): duplicates can be inserted and lookups by it scan the table (Better Auth queries it with WHERE, so it keeps working)`
          : `${where} has no unique index on (${u.columns.join(', ')}): duplicates can be inserted, and upserts on it (INSERT … ON CONFLICT (${u.columns.join(', ')})) fail with SQLSTATE 42P10`,
        repairSql:
          `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdent(name)} ON ${where} (${cols(u)});` +
          (u.constraint ? `\nALTER TABLE ${where} ADD CONSTRAINT ${quoteIdent(name)} UNIQUE USING INDEX ${quoteIdent(name)};` : ''),
        repairImpact: REPAIR_IMPACT.createUniqueConcurrently,
        hint: `find duplicates first: SELECT ${cols(u)}, count(*) FROM ${where} GROUP BY ${cols(u)} HAVING count(*) > 1${afterColumns(u)}`,
      });
    }

    for (const i of table.indexes ?? []) {
      // A lookup index (Better Auth's `index`) is served by any full index that leads with its columns.
      if (cons.indexes.some((x) => x.valid && (sameList(x.columns, i.columns) || (i.lookupOnly && !x.partial && leadsWith(x.columns, i.columns))))) continue;
      const name = indexName(table, i);
      const invalid = cons.indexes.find((x) => !x.valid && sameList(x.columns, i.columns));
      findings.push({
        ...base,
        kind: 'missing-index',
        severity: 'differs',
        column: i.columns.join(','),
        expected: `an index on (${i.columns.join(', ')})`,
        actual: invalid ? `only the INVALID index ${invalid.name} (a failed CREATE INDEX CONCURRENTLY)` : 'no index on those columns',
        source: i.source,
        message: `${where} has no index on (${i.columns.join(', ')}): queries keep working, but may scan the whole table`,
        repairSql: `${invalid ? `DROP INDEX CONCURRENTLY ${qualified(table.schema, invalid.name)};\n` : ''}CREATE INDEX CONCURRENTLY ${quoteIdent(name)} ON ${where} (${cols(i)});`,
        repairImpact: REPAIR_IMPACT.createIndexConcurrently,
        ...(missingCols(i).length ? { hint: `run it${afterColumns(i)}` } : {}),
      });
    }

    for (const fk of table.foreignKeys ?? []) {
      const ref = qualified(fk.refSchema, fk.refTable);
      const live = cons.foreignKeys.find(
        (x) => sameList(x.columns, fk.columns) && x.refTable === fk.refTable && x.refSchema === fk.refSchema && sameList(x.refColumns, fk.refColumns),
      );
      const name = foreignKeyName(table, fk);
      const declared = `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${fk.refTable} (${fk.refColumns.join(', ')})${actions(fk)}`;
      if (!live) {
        fkFindings.push({
          ...base,
          kind: 'foreign-key-mismatch',
          severity: 'differs',
          column: fk.columns.join(','),
          expected: declared,
          actual: 'no such foreign key',
          source: fk.source,
          message: `${where} (${fk.columns.join(', ')}) has no foreign key to ${ref}: nothing fails, but rows can point at missing ${fk.refTable} rows${fk.onDelete === 'CASCADE' ? ' and deletes no longer cascade' : ''}`,
          repairSql: addForeignKeySql(table.schema, table.name, fk, name),
          repairImpact: REPAIR_IMPACT.addForeignKey,
          hint: `VALIDATE fails with SQLSTATE 23503 while orphans exist: SELECT … FROM ${where} WHERE (${cols(fk)}) NOT IN (SELECT ${fk.refColumns.map(quoteIdent).join(', ')} FROM ${ref})`,
        });
        continue;
      }
      const blocks = (a: string) => a === 'NO ACTION' || a === 'RESTRICT';
      const differ = (want: string | undefined, have: string | undefined) => !!want && !!have && want !== have && !(blocks(want) && blocks(have));
      const deleteDiffers = differ(fk.onDelete, live.onDelete);
      const updateDiffers = differ(fk.onUpdate, live.onUpdate);
      if (!deleteDiffers && !updateDiffers) continue;
      const breaks = deleteDiffers && !blocks(fk.onDelete) && blocks(live.onDelete);
      const liveActions = `ON DELETE ${live.onDelete}${live.onUpdate ? ` ON UPDATE ${live.onUpdate}` : ''}`;
      fkFindings.push({
        ...base,
        kind: 'foreign-key-mismatch',
        severity: breaks ? 'breaks' : 'differs',
        column: fk.columns.join(','),
        expected: declared,
        actual: `${live.name} ${liveActions}`,
        source: fk.source,
        message: breaks
          ? `${where} (${fk.columns.join(', ')}) → ${ref} is ON DELETE ${live.onDelete}, the app relies on ${fk.onDelete}: deleting a referenced ${fk.refTable} row fails with SQLSTATE 23503`
          : deleteDiffers
            ? `${where} (${fk.columns.join(', ')}) → ${ref} is ON DELETE ${live.onDelete}, the ORM declares ${fk.onDelete}`
            : `${where} (${fk.columns.join(', ')}) → ${ref} is ON UPDATE ${live.onUpdate}, the ORM declares ${fk.onUpdate}${blocks(live.onUpdate!) ? `: changing a referenced ${fk.refTable} key fails with SQLSTATE 23503` : ''}`,
        repairSql: `ALTER TABLE ${where} DROP CONSTRAINT ${quoteIdent(live.name)};\n${addForeignKeySql(table.schema, table.name, fk, live.name, live)}`,
        repairImpact: REPAIR_IMPACT.replaceForeignKey,
      });
    }

    for (const e of table.enums ?? []) {
      const ekey = `${e.schema}.${e.name}`;
      if (enumsSeen.has(ekey)) continue;
      enumsSeen.add(ekey);
      const labels = catalog.enums.get(ekey);
      // No such type: the columns using it already show as type-mismatch / missing-column.
      if (!labels) continue;
      const type = qualified(e.schema, e.name);
      const ebase = { category: 'schema' as const, schema: e.schema, table: e.name, source: e.source };
      for (const v of e.values) {
        if (labels.includes(v)) continue;
        findings.push({
          ...ebase,
          kind: 'missing-enum-value',
          severity: 'breaks',
          column: v,
          expected: `enum ${e.name} has '${v}'`,
          actual: `enum ${e.name} is (${labels.map((l) => `'${l}'`).join(', ')})`,
          message: `enum type ${type} lacks the value '${v}': writing it fails with SQLSTATE 22P02 (invalid input value for enum)`,
          repairSql: `ALTER TYPE ${type} ADD VALUE ${literal(v)}${enumPosition(e.values, v, labels)};`,
          repairImpact: REPAIR_IMPACT.addEnumValue,
        });
      }
      for (const l of labels) {
        if (e.values.includes(l)) continue;
        findings.push({
          ...ebase,
          kind: 'extra-enum-value',
          severity: 'differs',
          column: l,
          expected: `enum ${e.name} is (${e.values.map((v) => `'${v}'`).join(', ')})`,
          actual: `enum ${e.name} also has '${l}'`,
          message: `enum type ${type} has the value '${l}', which the ORM does not know: a row holding it cannot be read into the ORM's enum`,
          hint: `PostgreSQL cannot drop an enum value: add '${l}' to the ORM's enum, or make sure no row holds it`,
        });
      }
    }
  }
  return [...findings, ...fkFindings];
}

/** The name of the table's primary key: the ORM's, else PostgreSQL's default `<table>_pkey`. */
export function primaryKeyName(table: ExpectedTable): string {
  return table.primaryKey?.name ?? `${table.name}_pkey`;
}

/** The name of a unique: the ORM's, else PostgreSQL's default for a UNIQUE constraint, `<table>_<cols>_key`. */
export function uniqueName(table: ExpectedTable, u: ExpectedKey): string {
  return u.name ?? `${table.name}_${u.columns.join('_')}_key`;
}

/** The name of an index: the ORM's, else `<table>_<cols>_idx` (PostgreSQL's default for CREATE INDEX without a name). */
export function indexName(table: ExpectedTable, i: ExpectedKey): string {
  return i.name ?? `${table.name}_${i.columns.join('_')}_idx`;
}

/** The name of a foreign key: the ORM's, else PostgreSQL's default `<table>_<cols>_fkey`. */
export function foreignKeyName(table: ExpectedTable, fk: ExpectedForeignKey): string {
  return fk.name ?? `${table.name}_${fk.columns.join('_')}_fkey`;
}

/** A valid, non-partial unique index on exactly these columns (any order): what ON CONFLICT (cols) can infer. */
function usableUnique(indexes: ActualIndex[], columns: string[]): ActualIndex | undefined {
  return indexes.find((i) => i.unique && i.valid && !i.partial && sameSet(i.columns, columns));
}

function sameSet(a: (string | null)[], b: string[]): boolean {
  return a.length === b.length && b.every((c) => a.includes(c));
}

function sameList(a: (string | null)[], b: string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** `true` when the index columns `a` begin with `b`, in order (a B-tree index serves lookups on its leading columns). */
function leadsWith(a: (string | null)[], b: string[]): boolean {
  return a.length >= b.length && b.every((c, i) => a[i] === c);
}

/**
 * Where `ADD VALUE` puts a label so the type's order is the ORM's (PostgreSQL docs, ALTER TYPE:
 * `ADD VALUE … [ BEFORE | AFTER neighbor_enum_value ]`; without it the label goes last): before the
 * next declared label the type has, else after the previous one.
 */
function enumPosition(declared: string[], v: string, labels: string[]): string {
  const at = declared.indexOf(v);
  const next = declared.slice(at + 1).find((x) => labels.includes(x));
  if (next !== undefined) return ` BEFORE ${literal(next)}`;
  const prev = declared
    .slice(0, at)
    .reverse()
    .find((x) => labels.includes(x));
  return prev !== undefined ? ` AFTER ${literal(prev)}` : '';
}

/** ` ON DELETE … ON UPDATE …` as the ORM declares them (each only when it says). */
function actions(fk: ExpectedForeignKey): string {
  return `${fk.onDelete ? ` ON DELETE ${fk.onDelete}` : ''}${fk.onUpdate ? ` ON UPDATE ${fk.onUpdate}` : ''}`;
}

/**
 * A foreign key as the ORM declares it, in CREATE TABLE's table-constraint spelling (PostgreSQL
 * docs, CREATE TABLE: "FOREIGN KEY ( column_name [, ... ] ) REFERENCES reftable [ ( refcolumn
 * [, ... ] ) ] [ MATCH FULL | MATCH PARTIAL | MATCH SIMPLE ] [ ON DELETE referential_action ]
 * [ ON UPDATE referential_action ]", then "DEFERRABLE" / "INITIALLY DEFERRED"): both referential
 * actions the ORM states and, when it replaces a live one, that one's MATCH type and deferrability.
 *
 * @param keep the live foreign key it replaces, whose MATCH and deferrability are kept
 */
export function foreignKeyClause(fk: ExpectedForeignKey, keep?: ActualForeignKey): string {
  const traits = `${keep?.match && keep.match !== 'SIMPLE' ? ` MATCH ${keep.match}` : ''}${actions(fk)}${keep?.deferrable ? ` DEFERRABLE INITIALLY ${keep.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}` : ''}`;
  return `FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${qualified(fk.refSchema, fk.refTable)} (${fk.refColumns.map(quoteIdent).join(', ')})${traits}`;
}

/**
 * The repair that adds a foreign key to a table with rows, in the two steps that keep the lock
 * brief (PostgreSQL docs, ALTER TABLE: "ADD table_constraint [ NOT VALID ]" and "VALIDATE
 * CONSTRAINT"): `ALTER TABLE t ADD CONSTRAINT n FOREIGN KEY … NOT VALID;` then
 * `ALTER TABLE t VALIDATE CONSTRAINT n;`, on two lines. The key is {@link foreignKeyClause}'s.
 *
 * @param keep the live foreign key it replaces, whose MATCH and deferrability are kept
 */
export function addForeignKeySql(schema: string, table: string, fk: ExpectedForeignKey, name: string, keep?: ActualForeignKey): string {
  const where = qualified(schema, table);
  return `ALTER TABLE ${where} ADD CONSTRAINT ${quoteIdent(name)} ${foreignKeyClause(fk, keep)} NOT VALID;\nALTER TABLE ${where} VALIDATE CONSTRAINT ${quoteIdent(name)};`;
}

function literal(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}
