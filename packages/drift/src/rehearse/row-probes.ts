/**
 * Which pending migration statements fail on production's ROWS, not on its schema: a copy of the
 * schema without rows (copy-schema.ts) accepts `ADD COLUMN … NOT NULL`, `SET NOT NULL` and
 * `CREATE UNIQUE INDEX` that production rejects. Each such statement is matched, in migration
 * order, against what production holds, read by small probes inside the {@link ReadOnlySession}
 * (`SELECT 1 … LIMIT 1`, never a row's values). From PostgreSQL's documentation:
 * - ALTER TABLE … ADD COLUMN: existing rows get the column's default, or NULL without one
 *   (`DEFAULT NULL` is none); a NOT NULL (or PRIMARY KEY) column without a default therefore fails
 *   with 23502 (not_null_violation) on a table with rows; identity and serial columns fill
 *   themselves; a non-volatile default is evaluated once, so all existing rows get the same value.
 * - ALTER COLUMN … SET NOT NULL scans the table and fails with 23502 on a NULL.
 * - CREATE UNIQUE INDEX, ADD UNIQUE and ADD PRIMARY KEY fail with 23505 (unique_violation) on two
 *   rows with equal keys; NULLs are distinct unless NULLS NOT DISTINCT; a primary key also makes
 *   its columns NOT NULL (23502 on a NULL).
 * A verdict is `fails` only when a probe observed what makes PostgreSQL fail (a NULL, a duplicate,
 * or a table with rows for a column that will hold NULL in each), and nothing that runs before the
 * statement may have changed those rows; else `may fail` when it cannot be known.
 */
import { calledFunctions, parser, READ_FUNCTIONS } from '../effects.js';
import { quoteIdent, schemaQualified } from '../pg-types.js';
import type { ReadOnlySession } from '../read-only-session.js';

/** One pending migration statement: its SQL text, the file it is in and its 1-based line there. */
export interface PendingStatement {
  sql: string;
  file: string;
  line: number;
}

/**
 * A statement that fails, or may fail, on production's rows.
 * - `statement`: its first line, at most 120 characters.
 * - `table`: `schema.table` as the statement names it.
 * - `column`: the column, or the key's columns joined by `, `; absent for an expression index.
 * - `verdict`: `fails` when a probe observed the cause; `may fail` when the probe was impossible
 *   (permission denied, a column an earlier pending statement adds, a table one of them writes).
 * - `sqlstate`: 23502 (not_null_violation) or 23505 (unique_violation), what PostgreSQL raises.
 * - `reason`: what was observed, with the probe's SQL when one ran (it never shows row values).
 */
export interface RowFailure {
  file: string;
  line: number;
  statement: string;
  table: string;
  column?: string;
  verdict: 'fails' | 'may fail';
  sqlstate: '23502' | '23505';
  reason: string;
}

/**
 * Probes production for the rows that make pending statements fail, in migration order.
 *
 * Follows the pending statements' own effects: tables they create (empty until something writes to
 * them) or rename, columns they add (holding NULL, or one literal default, in every row) or
 * rename, tables they TRUNCATE, and tables whose rows they may change (INSERT, UPDATE, DELETE,
 * MERGE, COPY, ALTER COLUMN TYPE; DO, CALL and SELECT of functions may change any): after such a
 * write, what production's rows show no longer decides, and the verdict is `may fail`.
 *
 * @param source the read-only session on production; every probe runs in it, under a savepoint
 * @param statements the pending migrations' statements, in the order the migrator runs them; a
 *   text PostgreSQL's parser rejects is skipped
 * @param defaultSchema the schema of unqualified table names (Prisma: the URL's `?schema=`)
 * @param tablesWithRows production's tables (`schema.table`) known to have rows (copy-schema's
 *   `tablesWithRows`); a table not in it is asked again (`SELECT EXISTS`), so that one the role
 *   may not read gives `may fail`, never nothing
 * @returns the failures, in statement order; empty when none is expected
 * @throws only what the session throws when its connection is gone
 */
export async function probeRowFailures(
  source: ReadOnlySession,
  statements: PendingStatement[],
  defaultSchema: string,
  tablesWithRows: Set<string>,
): Promise<RowFailure[]> {
  const pgq = await parser();
  const out: RowFailure[] = [];
  const state = new ProbeState(source, defaultSchema, tablesWithRows);
  let n = 0;
  for (const st of statements) {
    let stmts: { stmt: Node }[];
    try {
      stmts = pgq.parseSync(st.sql).stmts ?? [];
    } catch {
      continue;
    }
    for (const { stmt } of stmts) {
      const found = await state.statement(stmt, { file: st.file, line: st.line, n: n++ });
      for (const f of found) out.push({ file: st.file, line: st.line, statement: firstLine(st.sql), ...f });
    }
  }
  return out;
}

type Node = Record<string, unknown>;
/** Where a statement is: file, line, and its place in the run (0-based). */
type Where = { file: string; line: number; n: number };
type Finding = Omit<RowFailure, 'file' | 'line' | 'statement'>;
type RangeVar = { schemaname?: string; relname: string; relpersistence?: string };

/**
 * What the existing rows hold in a column a pending statement added: NULL in each, one literal in
 * each, a new non-NULL value in each (identity, serial), or not known.
 */
type AddedValue = { kind: 'null' } | { kind: 'literal' } | { kind: 'distinct' } | { kind: 'unknown'; why: string };

interface TableState {
  /** The production table it is, or null when a pending statement created (or emptied) it. */
  prod: { schema: string; name: string } | null;
  /** Where it was created or truncated, when `prod` is null. */
  emptiedAt?: Where;
  /** A pending statement that may have changed its rows (the latest). */
  writtenAt?: Where & { what: string };
  /** Current column name → production column name, for renamed columns. */
  renamed: Map<string, string>;
  /** Columns a pending statement added: what existing rows hold, and where. */
  added: Map<string, { at: Where; value: AddedValue; writtenSince: boolean }>;
}

/** Whether a table has rows at some statement: `some`, `none`, or unknown and why. */
type Rows = { kind: 'some' | 'none' } | { kind: 'unknown'; why: string };

class ProbeState {
  private readonly tables = new Map<string, TableState>();
  private readonly rowsCache = new Map<string, Rows>();
  /** A statement that may have written any table (DO, CALL, a function). */
  private opaqueAt: (Where & { what: string }) | undefined;

  constructor(
    private readonly session: ReadOnlySession,
    private readonly defaultSchema: string,
    private readonly tablesWithRows: Set<string>,
  ) {}

  /** The findings of one parsed statement, and its effects on the state. */
  async statement(stmt: Node, at: Where): Promise<Finding[]> {
    if (stmt.AlterTableStmt) {
      const a = stmt.AlterTableStmt as { relation: RangeVar; cmds?: Node[]; objtype?: string };
      if (a.objtype !== 'OBJECT_TABLE' || a.relation.relpersistence === 't') return [];
      const t = this.ref(a.relation);
      const out: Finding[] = [];
      for (const c of a.cmds ?? []) out.push(...(await this.alterTableCmd(t, c.AlterTableCmd as AlterCmd, at)));
      return out;
    }
    if (stmt.IndexStmt) {
      const i = stmt.IndexStmt as { relation: RangeVar; unique?: boolean; nulls_not_distinct?: boolean; indexParams?: Node[]; whereClause?: unknown };
      if (!i.unique) return [];
      const elems = (i.indexParams ?? []).map((e) => (e.IndexElem ?? {}) as { name?: string });
      const names = elems.map((e) => e.name);
      const simple = !i.whereClause && names.every((n): n is string => n !== undefined);
      return this.unique(this.ref(i.relation), simple ? names : undefined, i.nulls_not_distinct === true, false);
    }
    if (stmt.CreateStmt) {
      const c = stmt.CreateStmt as { relation: RangeVar };
      if (c.relation.relpersistence !== 't') this.tables.set(key(this.ref(c.relation)), { prod: null, emptiedAt: at, renamed: new Map(), added: new Map() });
      return [];
    }
    if (stmt.CreateTableAsStmt) {
      const c = stmt.CreateTableAsStmt as { into: { rel: RangeVar }; objtype?: string };
      if (c.objtype === 'OBJECT_TABLE' && c.into.rel.relpersistence !== 't')
        this.tables.set(key(this.ref(c.into.rel)), {
          prod: null,
          emptiedAt: at,
          writtenAt: { ...at, what: 'CREATE TABLE … AS' },
          renamed: new Map(),
          added: new Map(),
        });
      return [];
    }
    if (stmt.DropStmt) {
      const d = stmt.DropStmt as { objects?: Node[]; removeType?: string };
      if (d.removeType !== 'OBJECT_TABLE') return [];
      for (const o of d.objects ?? []) {
        const parts = ((o.List as { items?: Node[] } | undefined)?.items ?? []).map((n) => (n.String as { sval: string }).sval);
        const name = parts.at(-1);
        // Gone: what production's table of that name holds is no longer what a later statement meets.
        if (name)
          this.tables.set(key({ schema: parts.length > 1 ? parts.at(-2)! : this.defaultSchema, name }), {
            prod: null,
            emptiedAt: at,
            renamed: new Map(),
            added: new Map(),
          });
      }
      return [];
    }
    if (stmt.RenameStmt) {
      const r = stmt.RenameStmt as { renameType: string; relation?: RangeVar; subname?: string; newname: string };
      if (!r.relation) return [];
      const t = this.ref(r.relation);
      if (r.renameType === 'OBJECT_TABLE') {
        const s = this.table(t);
        this.tables.delete(key(t));
        this.tables.set(key({ schema: t.schema, name: r.newname }), s);
      } else if (r.renameType === 'OBJECT_COLUMN' && r.subname) {
        const s = this.table(t);
        const added = s.added.get(r.subname);
        if (added) {
          s.added.delete(r.subname);
          s.added.set(r.newname, added);
        } else {
          s.renamed.set(r.newname, s.renamed.get(r.subname) ?? r.subname);
          s.renamed.delete(r.subname);
        }
      }
      return [];
    }
    if (stmt.TruncateStmt) {
      for (const rv of (stmt.TruncateStmt as { relations?: Node[] }).relations ?? []) {
        const t = this.ref(rv.RangeVar as RangeVar);
        const s = this.table(t);
        this.tables.set(key(t), { prod: null, emptiedAt: at, renamed: s.renamed, added: new Map() });
      }
      return [];
    }
    for (const [kind, what] of [
      ['InsertStmt', 'INSERT'],
      ['UpdateStmt', 'UPDATE'],
      ['DeleteStmt', 'DELETE'],
      ['MergeStmt', 'MERGE'],
      ['CopyStmt', 'COPY'],
    ] as const) {
      const w = stmt[kind] as { relation?: RangeVar; is_from?: boolean } | undefined;
      if (!w?.relation || (kind === 'CopyStmt' && !w.is_from)) continue;
      this.written(this.ref(w.relation), at, what);
      return [];
    }
    if (stmt.DoStmt) this.opaqueAt = { ...at, what: 'a DO block' };
    else if (stmt.CallStmt) this.opaqueAt = { ...at, what: 'a CALL' };
    else if (stmt.ExecuteStmt) this.opaqueAt = { ...at, what: 'an EXECUTE' };
    else if (stmt.SelectStmt) {
      const call = calledFunctions(stmt.SelectStmt).find((f) => !READ_FUNCTIONS.has(f.toLowerCase()));
      if (call) this.opaqueAt = { ...at, what: `SELECT ${call}()` };
    }
    return [];
  }

  private async alterTableCmd(t: TableRef, cmd: AlterCmd, at: Where): Promise<Finding[]> {
    if (cmd.subtype === 'AT_AddColumn') {
      const col = (cmd.def?.ColumnDef ?? {}) as ColumnDef;
      if (!col.colname) return [];
      return this.addColumn(t, col, at);
    }
    if (cmd.subtype === 'AT_SetNotNull' && cmd.name) return this.setNotNull(t, cmd.name);
    if (cmd.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) {
      const c = cmd.def.Constraint as { contype?: string; keys?: Node[]; indexname?: string; nulls_not_distinct?: boolean };
      if ((c.contype !== 'CONSTR_UNIQUE' && c.contype !== 'CONSTR_PRIMARY') || c.indexname) return [];
      const cols = (c.keys ?? []).map((k) => (k.String as { sval: string }).sval);
      return this.unique(t, cols, c.nulls_not_distinct === true, c.contype === 'CONSTR_PRIMARY');
    }
    if (cmd.subtype === 'AT_DropColumn' && cmd.name) {
      const s = this.table(t);
      s.added.delete(cmd.name);
      s.renamed.delete(cmd.name);
    }
    if (cmd.subtype === 'AT_AlterColumnType') this.written(t, at, cmd.name ? `ALTER COLUMN ${cmd.name} TYPE` : 'ALTER COLUMN TYPE');
    return [];
  }

  /** ADD COLUMN: NOT NULL without a way to fill existing rows; UNIQUE / PRIMARY KEY over one value in every row. */
  private async addColumn(t: TableRef, col: ColumnDef, at: Where): Promise<Finding[]> {
    const cons = (col.constraints ?? []).map((c) => (c.Constraint ?? {}) as { contype?: string; raw_expr?: Node; nulls_not_distinct?: boolean });
    const has = (type: string) => cons.some((c) => c.contype === type);
    const typeName = ((col.typeName?.names ?? []).at(-1)?.String as { sval?: string } | undefined)?.sval ?? '';
    const def = cons.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
    const value: AddedValue =
      has('CONSTR_IDENTITY') || /^(small|big)?serial[248]?$/.test(typeName)
        ? { kind: 'distinct' }
        : has('CONSTR_GENERATED')
          ? { kind: 'unknown', why: 'a generated column, computed per row' }
          : def === undefined || isNullConst(def)
            ? { kind: 'null' }
            : isLiteral(def)
              ? { kind: 'literal' }
              : { kind: 'unknown', why: 'its DEFAULT is an expression, not a literal' };
    const s = this.table(t);
    s.added.set(col.colname!, { at, value, writtenSince: false });
    const out: Finding[] = [];
    const notNull = has('CONSTR_NOTNULL') || has('CONSTR_PRIMARY');
    if (notNull && (value.kind === 'null' || has('CONSTR_GENERATED'))) {
      const rows = await this.rows(t);
      const base = { table: key(t), column: col.colname!, sqlstate: '23502' as const };
      const rule = has('CONSTR_GENERATED') ? 'a generated NOT NULL column, its expression may give NULL' : 'the column is NOT NULL without a DEFAULT';
      if (rows.kind === 'some' && value.kind === 'null') out.push({ ...base, verdict: 'fails', reason: `${this.prodName(t)} has rows and ${rule}` });
      else if (rows.kind === 'some') out.push({ ...base, verdict: 'may fail', reason: `${this.prodName(t)} has rows and ${rule}` });
      else if (rows.kind === 'unknown') out.push({ ...base, verdict: 'may fail', reason: `${rule}, and ${rows.why}` });
    }
    if (out.length) return out;
    const key1 = cons.find((c) => c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY');
    if (key1) out.push(...(await this.unique(t, [col.colname!], key1.nulls_not_distinct === true, key1.contype === 'CONSTR_PRIMARY')));
    return out;
  }

  /** SET NOT NULL: a NULL in the column (production's, or what an added column holds). */
  private async setNotNull(t: TableRef, column: string): Promise<Finding[]> {
    const base = { table: key(t), column, sqlstate: '23502' as const };
    const s = this.table(t);
    const added = s.added.get(column);
    const rows = await this.rows(t);
    if (rows.kind === 'none') return [];
    if (added) {
      if (added.writtenSince || added.value.kind === 'unknown' || rows.kind === 'unknown')
        return [{ ...base, verdict: 'may fail', reason: this.addedReason(t, column, added, rows) }];
      if (added.value.kind === 'literal' || added.value.kind === 'distinct') return [];
      return [
        {
          ...base,
          verdict: 'fails',
          reason: `${this.prodName(t)} has rows and ${column} was added at ${where(added.at)} without a DEFAULT: it holds NULL in every row`,
        },
      ];
    }
    if (rows.kind === 'unknown') return [{ ...base, verdict: 'may fail', reason: rows.why }];
    const prodCol = s.renamed.get(column) ?? column;
    const probe = `SELECT 1 FROM ${this.prodSql(t)} WHERE ${quoteIdent(prodCol)} IS NULL LIMIT 1`;
    const r = await this.session.tryQuery(probe);
    if ('error' in r) return [{ ...base, verdict: 'may fail', reason: refused(probe, r.error) }];
    if (!r.rows.length) return [];
    return [{ ...base, verdict: 'fails', reason: `a NULL in ${this.prodName(t)}.${prodCol} (probe: ${probe})` }];
  }

  /**
   * A unique key over `cols` (undefined: an expression or partial index): two rows with equal keys
   * (23505); for a primary key also a NULL in a key column (23502).
   */
  private async unique(t: TableRef, cols: string[] | undefined, nullsNotDistinct: boolean, primary: boolean): Promise<Finding[]> {
    const rows = await this.rows(t);
    if (rows.kind === 'none') return [];
    const table = key(t);
    const column = cols?.join(', ');
    const dup = { table, ...(column ? { column } : {}), sqlstate: '23505' as const };
    if (rows.kind === 'unknown') return [{ ...dup, verdict: 'may fail', reason: rows.why }];
    if (!cols)
      return [{ ...dup, verdict: 'may fail', reason: `${this.prodName(t)} has rows, and duplicates of a partial or expression unique index are not probed` }];
    const s = this.table(t);
    const out: Finding[] = [];
    // Added columns hold NULL or one literal in every row: they cannot tell rows apart.
    const prodCols: string[] = [];
    const nullCols: string[] = [];
    for (const c of cols) {
      const added = s.added.get(c);
      if (!added) prodCols.push(s.renamed.get(c) ?? c);
      else if (added.value.kind === 'distinct' && !added.writtenSince) return [];
      else if (added.writtenSince || added.value.kind === 'unknown') return [{ ...dup, verdict: 'may fail', reason: this.addedReason(t, c, added, rows) }];
      else if (added.value.kind === 'null') nullCols.push(c);
    }
    // A primary key makes its columns NOT NULL: PostgreSQL checks that after the index build.
    let nullProbe: string | undefined;
    if (primary && nullCols.length === 0)
      nullProbe = `SELECT 1 FROM ${this.prodSql(t)} WHERE ${prodCols.map((c) => `${quoteIdent(c)} IS NULL`).join(' OR ')} LIMIT 1`;
    if (nullCols.length && !nullsNotDistinct && !primary) return [];
    if (!(primary && nullCols.length)) {
      const where = nullsNotDistinct || !prodCols.length ? '' : ` WHERE ${prodCols.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ')}`;
      const group = prodCols.length ? ` GROUP BY ${prodCols.map(quoteIdent).join(', ')}` : '';
      const probe = `SELECT 1 FROM ${this.prodSql(t)}${where}${group} HAVING count(*) > 1 LIMIT 1`;
      const r = await this.session.tryQuery(probe);
      if ('error' in r) return [{ ...dup, verdict: 'may fail', reason: refused(probe, r.error) }];
      if (r.rows.length)
        out.push({
          ...dup,
          verdict: 'fails',
          reason: prodCols.length
            ? `rows of ${this.prodName(t)} share one (${prodCols.join(', ')}) value (probe: ${probe})`
            : `${this.prodName(t)} has more than one row, and every row holds the same ${cols.join(', ')} (probe: ${probe})`,
        });
    }
    if (out.length) return out;
    const notNull = { table, ...(column ? { column } : {}), sqlstate: '23502' as const };
    if (primary && nullCols.length) {
      out.push({
        ...notNull,
        verdict: 'fails',
        reason: `${this.prodName(t)} has rows and ${nullCols.join(', ')} holds NULL in every row (added without a DEFAULT)`,
      });
    } else if (nullProbe) {
      const r = await this.session.tryQuery(nullProbe);
      if ('error' in r) return [{ ...notNull, verdict: 'may fail', reason: refused(nullProbe, r.error) }];
      if (r.rows.length) out.push({ ...notNull, verdict: 'fails', reason: `a NULL in a key column of ${this.prodName(t)} (probe: ${nullProbe})` });
    }
    return out;
  }

  /** Why an added column's values are not known. */
  private addedReason(t: TableRef, column: string, added: { at: Where; value: AddedValue; writtenSince: boolean }, rows: Rows): string {
    if (rows.kind === 'unknown') return rows.why;
    if (added.writtenSince) return `${key(t)}.${column} is added at ${where(added.at)} and its rows are written after that, so its values are not known`;
    const why = added.value.kind === 'unknown' ? added.value.why : '';
    return `${key(t)}.${column} is added at ${where(added.at)} (${why}); its values are not in production`;
  }

  /** Why what production's rows show may not be what the statement meets, or undefined. */
  private staleness(t: TableRef): string | undefined {
    const s = this.table(t);
    if (s.writtenAt) return `${where(s.writtenAt)} (${s.writtenAt.what}) runs before and may change those rows`;
    if (this.opaqueAt) return `${where(this.opaqueAt)} (${this.opaqueAt.what}) runs before and may change any rows`;
    return undefined;
  }

  /** Whether the table has rows when the statement runs. */
  private async rows(t: TableRef): Promise<Rows> {
    const s = this.table(t);
    if (s.prod === null) {
      const w = s.writtenAt ?? (this.opaqueAt && s.emptiedAt && this.opaqueAt.n > s.emptiedAt.n ? this.opaqueAt : undefined);
      return w
        ? { kind: 'unknown', why: `${key(t)} is emptied or created at ${where(s.emptiedAt!)} and written at ${where(w)} (${w.what})` }
        : { kind: 'none' };
    }
    const prodKey = key(s.prod);
    let rows = this.rowsCache.get(prodKey);
    if (!rows) {
      if (this.tablesWithRows.has(prodKey)) rows = { kind: 'some' };
      else {
        const probe = `SELECT EXISTS (SELECT 1 FROM ${schemaQualified(s.prod.schema, s.prod.name)}) AS any`;
        const r = await this.session.tryQuery<{ any: boolean }>(probe);
        rows = 'error' in r ? { kind: 'unknown', why: refused(probe, r.error) } : { kind: r.rows[0]?.any ? 'some' : 'none' };
      }
      this.rowsCache.set(prodKey, rows);
    }
    // A write before the statement (an UPDATE that backfills, a DELETE, an INSERT) makes what production shows no proof.
    const stale = this.staleness(t);
    if (stale && rows.kind !== 'unknown')
      return { kind: 'unknown', why: `${prodKey} has ${rows.kind === 'some' ? 'rows' : 'no rows'} in production, but ${stale}` };
    return rows;
  }

  /** The state of a table as a statement names it (production's table of that name when untouched). */
  private table(t: TableRef): TableState {
    let s = this.tables.get(key(t));
    if (!s) {
      s = { prod: { schema: t.schema, name: t.name }, renamed: new Map(), added: new Map() };
      this.tables.set(key(t), s);
    }
    return s;
  }

  private written(t: TableRef, at: Where, what: string): void {
    const s = this.table(t);
    s.writtenAt = { ...at, what };
    for (const a of s.added.values()) a.writtenSince = true;
  }

  private ref(r: RangeVar): TableRef {
    return { schema: r.schemaname ?? this.defaultSchema, name: r.relname };
  }

  /** `schema.table` of production's table (after renames), for reasons. */
  private prodName(t: TableRef): string {
    const p = this.table(t).prod;
    return p ? key(p) : key(t);
  }

  private prodSql(t: TableRef): string {
    const p = this.table(t).prod ?? t;
    return schemaQualified(p.schema, p.name);
  }
}

type TableRef = { schema: string; name: string };
type AlterCmd = { subtype: string; name?: string; def?: Node };
type ColumnDef = { colname?: string; typeName?: { names?: Node[] }; constraints?: Node[] };

const key = (t: TableRef) => `${t.schema}.${t.name}`;
const where = (w: Where) => `${w.file}:${w.line}`;

/** `NULL`, possibly cast (`NULL::text`). */
function isNullConst(n: Node): boolean {
  if (n.A_Const) return (n.A_Const as { isnull?: boolean }).isnull === true;
  if (n.TypeCast) return isNullConst((n.TypeCast as { arg: Node }).arg);
  return false;
}

/** A literal (`'x'`, `0`, `-1`, `'{}'::jsonb`, `true`): the same value in every row. */
function isLiteral(n: Node): boolean {
  if (n.A_Const) return (n.A_Const as { isnull?: boolean }).isnull !== true;
  if (n.TypeCast) return isLiteral((n.TypeCast as { arg: Node }).arg);
  return false;
}

/** The reason a probe could not run. */
function refused(probe: string, e: { code?: string; message: string }): string {
  return `the probe could not run: ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ''} (probe: ${probe})`;
}

/** The statement's first non-blank line, at most 120 characters. */
function firstLine(sql: string): string {
  const line = sql.split('\n').find((l) => l.trim() && !l.trim().startsWith('--')) ?? sql;
  const t = line.trim();
  return t.length <= 120 ? t : `${t.slice(0, 119)}…`;
}
