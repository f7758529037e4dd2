/**
 * An in-order symbolic replay of migrations over a schema: which tables, columns and indexes
 * exist, statement after statement, and the first statement PostgreSQL would reject because
 * of them. The statements come from effects.ts (libpg-query's parse of each file, see
 * {@link ReplayOp}); the start is the live catalog ({@link replaySchemaOf}).
 *
 * Preconditions and SQLSTATEs follow PostgreSQL's documentation of each command (CREATE TABLE,
 * CREATE INDEX, ALTER TABLE, ALTER INDEX, DROP TABLE, DROP INDEX) and its error codes
 * (Appendix A): a CREATE without IF NOT EXISTS needs the name free (42P07 relation, 42701
 * column); a DROP without IF EXISTS needs the object (42P01 table, 42704 index, 42703 column);
 * ALTER TABLE needs its table (42P01) unless IF EXISTS, which then skips the whole statement;
 * a RENAME needs its source (42P01 / 42703) and a free target (42P07 / 42701). Tables and
 * indexes share one namespace per schema (pg_class). Unnamed PRIMARY KEY / UNIQUE constraints
 * and unnamed indexes get the name PostgreSQL chooses (`ChooseIndexName` / `makeObjectName` in
 * src/backend/commands/indexcmds.c: `<table>_pkey`, `<table>_<columns>_key`, `<table>_<columns>_idx`,
 * truncated to 63 bytes, numbered on a clash). Dropping a column drops the indexes that use it.
 *
 * Views and materialized views count as tables with unknown columns (the catalog lists them with
 * the tables); sequences, types and functions are not tracked.
 *
 * What the replay cannot see (a DO block, CALL, CREATE EXTENSION, a SELECT of a function that is
 * not a known read, a file the parser rejects, CREATE TABLE … LIKE / AS) makes the objects it may
 * change *unknown*; a precondition on an unknown object is recorded as undecided, never as a
 * failure, and the replay goes on as if the statement succeeded (if it did not, the deploy stops
 * there, earlier). Preconditions the replay does not model (types, constraints other than
 * PRIMARY KEY / UNIQUE, data, permissions) are not checked: a replay without failure is not a
 * proof that the deploy succeeds.
 */
import type { ActualCatalog, ActualTable } from './model.js';
import { quoteIdent } from './pg-types.js';

/** Why an object's existence is not known: the statement that may have changed it, in words. */
export interface Unknown {
  unknown: string;
}
/** Whether an object exists: `true`, `false`, or not known ({@link Unknown}). */
export type Known = boolean | Unknown;

/** A table during the replay. */
export interface ReplayTable {
  state: Known;
  /** Columns whose state the replay knows. */
  columns: Map<string, Known>;
  /** The state of every column not in `columns` (`false` when the column list is complete). */
  otherColumns: Known;
}

/** An index (or the index of a PRIMARY KEY / UNIQUE constraint) during the replay. */
export interface ReplayIndex {
  state: Known;
  /** Its table's name (same schema). */
  table: string;
  /** Key columns; `undefined` when an expression or predicate is involved (a dropped column may or may not take it along). */
  columns?: string[];
}

/**
 * A schema as the replay sees it: tables keyed `schema.table`, indexes keyed `schema.index`.
 * A relation name in neither map has the state `otherRelations` (`false` at the start: the
 * catalog lists every table and index of the schemas read).
 */
export interface ReplaySchema {
  tables: Map<string, ReplayTable>;
  indexes: Map<string, ReplayIndex>;
  otherRelations: Known;
}

/** An index a statement creates: named, or named by PostgreSQL (`label` `pkey` / `key` / `idx`). */
export interface IndexDef {
  name?: string;
  label: 'pkey' | 'key' | 'idx';
  /** Key columns; `undefined` for an expression, or with a predicate / INCLUDE. */
  columns?: string[];
  /** The plain key column names (also of an expression index, where only those are known), for the 42703 check. */
  needs: string[];
}

/**
 * What one parsed statement does to tables, columns and indexes, in the order PostgreSQL does it.
 * An ALTER TABLE becomes `alter-table` (its table must exist; with IF EXISTS a missing table
 * skips the rest of the statement) followed by one op per subcommand. `opaque` is a statement
 * whose effects the replay cannot know.
 */
export type ReplayOp =
  | { op: 'create-table'; schema: string; name: string; ifNotExists: boolean; columns?: string[]; indexes: IndexDef[]; view?: true }
  | { op: 'alter-table'; schema: string; table: string; missingOk: boolean }
  | { op: 'add-column'; schema: string; table: string; column: string; ifNotExists: boolean; indexes: IndexDef[] }
  | { op: 'drop-column'; schema: string; table: string; column: string; ifExists: boolean }
  | { op: 'add-index'; schema: string; table: string; index: IndexDef; ifNotExists: boolean }
  | { op: 'drop-table'; schema: string; name: string; ifExists: boolean; view?: true }
  | { op: 'drop-index'; schema: string; name: string; ifExists: boolean }
  | { op: 'rename-table'; schema: string; name: string; to: string; missingOk: boolean }
  | { op: 'rename-column'; schema: string; table: string; column: string; to: string; missingOk: boolean }
  | { op: 'rename-index'; schema: string; name: string; to: string; missingOk: boolean }
  | { op: 'rename-constraint'; schema: string; table: string; name: string; to: string }
  | { op: 'drop-constraint'; schema: string; table: string; name: string }
  | {
      op: 'opaque';
      what: string;
      /**
       * For a DO block without dynamic SQL (no `EXECUTE`): the identifiers its body names
       * (unquoted ones lower-cased, as PostgreSQL folds them). Objects whose name is not among
       * them are out of its reach. Undefined when it may touch anything.
       */
      mentions?: string[];
    };

/** One statement: where it starts in its file and what it does. */
export interface ReplayStep {
  at: { line: number; column: number };
  ops: ReplayOp[];
}

/** One migration to replay: its name, file (for findings) and statements in order. */
export interface ReplayMigration {
  name: string;
  file: string;
  steps: ReplayStep[];
}

/** A statement of the replay: the migration's index in the input, its name, file and position. */
export interface ReplayPoint {
  migration: number;
  name: string;
  file: string;
  line: number;
  column: number;
}

/** The first statement PostgreSQL would reject: why, and with which SQLSTATE. */
export interface ReplayFailure extends ReplayPoint {
  sqlstate: string;
  /** PostgreSQL's words, e.g. `relation "a" already exists`. */
  reason: string;
}

/** A statement whose precondition depends on an object the replay does not know. */
export interface ReplayUndecided extends ReplayPoint {
  reason: string;
}

/**
 * The outcome of {@link replayMigrations}: the first failure (if any), the statements before it
 * the replay could not judge, the schema after the last statement replayed (after all of them
 * when nothing fails), and the schema at the start of the failing migration.
 */
export interface ReplayResult {
  failure?: ReplayFailure;
  undecided: ReplayUndecided[];
  schema: ReplaySchema;
  /** The schema just before the failing migration's first statement (set with `failure`). */
  beforeFailing?: ReplaySchema;
}

/**
 * The live schema as the replay's start: every table with its columns (`ReadOnlySession.tables`)
 * and every index with its key columns (`ReadOnlySession.catalog`); all known to exist, anything
 * else known not to.
 */
export function replaySchemaOf(tables: Map<string, ActualTable>, catalog: ActualCatalog): ReplaySchema {
  const s: ReplaySchema = { tables: new Map(), indexes: new Map(), otherRelations: false };
  for (const [key, t] of tables) s.tables.set(key, { state: true, columns: new Map([...t.columns.keys()].map((c) => [c, true])), otherColumns: false });
  for (const [key, c] of catalog.constraints) {
    const schema = key.slice(0, key.indexOf('.'));
    for (const i of c.indexes) {
      const plain = !i.partial && i.columns.every((x) => x !== null);
      s.indexes.set(`${schema}.${i.name}`, { state: true, table: key.slice(schema.length + 1), columns: plain ? (i.columns as string[]) : undefined });
    }
  }
  for (const [key, table] of catalog.indexNames) if (!s.indexes.has(key)) s.indexes.set(key, { state: true, table, columns: undefined });
  return s;
}

/** A deep copy of a replay schema. */
export function cloneReplaySchema(s: ReplaySchema): ReplaySchema {
  return {
    tables: new Map([...s.tables].map(([k, t]) => [k, { ...t, columns: new Map(t.columns) }])),
    indexes: new Map([...s.indexes].map(([k, i]) => [k, { ...i }])),
    otherRelations: s.otherRelations,
  };
}

/** Whether a table exists in a replay schema. */
export function tableState(s: ReplaySchema, schema: string, name: string): Known {
  return s.tables.get(`${schema}.${name}`)?.state ?? s.otherRelations;
}

/** Whether a column exists (`false` when its table does not). */
export function columnState(s: ReplaySchema, schema: string, table: string, column: string): Known {
  const t = s.tables.get(`${schema}.${table}`);
  if (!t) return s.otherRelations === false ? false : s.otherRelations;
  if (t.state === false) return false;
  const c = t.columns.get(column) ?? t.otherColumns;
  return c === true && t.state !== true ? t.state : c;
}

/** Whether an index exists. */
export function indexState(s: ReplaySchema, schema: string, name: string): Known {
  return s.indexes.get(`${schema}.${name}`)?.state ?? s.otherRelations;
}

/** Whether any relation (table or index) has this name in the schema. */
function relationState(s: ReplaySchema, schema: string, name: string): Known {
  const t = tableState(s, schema, name);
  const i = indexState(s, schema, name);
  if (t === true || i === true) return true;
  if (t !== false) return t;
  return i;
}

class Failed extends Error {
  constructor(
    readonly sqlstate: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** `"name"`, schema-qualified outside `public`. */
function rel(schema: string, name: string): string {
  return schema === 'public' ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

const NAMEDATALEN = 64;

/** The first `n` bytes of a name, not cutting a UTF-8 character (PostgreSQL's `pg_mbcliplen`). */
function clipBytes(b: Buffer, n: number): Buffer {
  let end = Math.min(n, b.length);
  while (end > 0 && end < b.length && (b[end]! & 0xc0) === 0x80) end--;
  return b.subarray(0, end);
}

/** PostgreSQL's `makeObjectName(name1, name2, label)`: `name1_name2_label`, the longer part truncated first to fit 63 bytes. */
export function makeObjectName(name1: string, name2: string | undefined, label: string): string {
  const b1 = Buffer.from(name1);
  const b2 = name2 === undefined ? undefined : Buffer.from(name2);
  let n1 = b1.length;
  let n2 = b2?.length ?? 0;
  const overhead = (b2 ? 1 : 0) + Buffer.byteLength(label) + 1;
  const avail = NAMEDATALEN - 1 - overhead;
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const parts = [clipBytes(b1, n1).toString()];
  if (b2) parts.push(clipBytes(b2, n2).toString());
  parts.push(label);
  return parts.join('_');
}

/**
 * Replays migrations in order, statement by statement, over a copy of `start`, and stops at the
 * first statement PostgreSQL would reject.
 *
 * @param start the schema before the first migration (usually {@link replaySchemaOf} of the live catalog); not modified
 * @param migrations in the order the migrator runs them
 * @returns the first failure (or none), the undecided statements before it, and the resulting schema
 */
export function replayMigrations(start: ReplaySchema, migrations: ReplayMigration[]): ReplayResult {
  const s = cloneReplaySchema(start);
  const undecided: ReplayUndecided[] = [];
  for (const [mi, m] of migrations.entries()) {
    const before = cloneReplaySchema(s);
    for (const step of m.steps) {
      const point: ReplayPoint = { migration: mi, name: m.name, file: m.file, line: step.at.line, column: step.at.column };
      const where = `${m.file}:${step.at.line}`;
      try {
        runStep(s, step, where, (reason) => undecided.push({ ...point, reason }));
      } catch (err) {
        if (!(err instanceof Failed)) throw err;
        return { failure: { ...point, sqlstate: err.sqlstate, reason: err.reason }, undecided, schema: s, beforeFailing: before };
      }
    }
  }
  return { undecided, schema: s };
}

/** Applies one statement's ops; throws {@link Failed} on a broken precondition, reports unknown ones to `undecided`. */
function runStep(s: ReplaySchema, step: ReplayStep, where: string, undecided: (reason: string) => void): void {
  /** A precondition: the object's state must be `wanted`. */
  const need = (state: Known, wanted: boolean, sqlstate: string, reason: string) => {
    if (state === wanted) return;
    if (typeof state === 'boolean') throw new Failed(sqlstate, reason);
    undecided(`it fails with ${sqlstate} if ${reason}, which is not known after ${state.unknown}`);
  };
  const unknown = (what: string): Unknown => ({ unknown: `${what} at ${where}` });
  const col = (schema: string, table: string, c: string) => `column ${rel(schema, table)}.${quoteIdent(c)}`;
  /** What already holds a name: `table "x"`, `index "x"` or `relation "x"`. */
  const holder = (schema: string, name: string) =>
    `${tableState(s, schema, name) !== false ? 'table' : indexState(s, schema, name) !== false ? 'index' : 'relation'} ${rel(schema, name)}`;
  const tableOf = (schema: string, name: string): ReplayTable => {
    const key = `${schema}.${name}`;
    let t = s.tables.get(key);
    if (!t) {
      t = { state: s.otherRelations, columns: new Map(), otherColumns: s.otherRelations === false ? false : s.otherRelations };
      s.tables.set(key, t);
    }
    return t;
  };
  const dropIndexesOf = (schema: string, table: string, column?: string) => {
    for (const [k, i] of s.indexes) {
      if (!k.startsWith(`${schema}.`) || i.table !== table || i.state === false) continue;
      if (column === undefined || i.columns?.includes(column)) i.state = false;
      else if (i.columns === undefined) i.state = unknown(`dropping column ${quoteIdent(column)}, which the index may use,`);
    }
  };
  const addIndex = (schema: string, table: string, d: IndexDef, ifNotExists: boolean) => {
    for (const c of d.needs) need(columnState(s, schema, table, c), true, '42703', `${col(schema, table, c)} does not exist`);
    let name = d.name;
    if (name === undefined) {
      const cols = d.label === 'pkey' ? undefined : d.columns ? clipBytes(Buffer.from(d.columns.join('_')), NAMEDATALEN - 1).toString() : undefined;
      if (d.label !== 'pkey' && cols === undefined) {
        // An expression: PostgreSQL names it after the function or `expr`; the replay does not guess.
        s.otherRelations = unknown(`an index PostgreSQL names itself (on an expression) on ${rel(schema, table)}`);
        return;
      }
      for (let pass = 0; ; pass++) {
        const candidate = makeObjectName(table, cols, pass ? `${d.label}${pass}` : d.label);
        const st = relationState(s, schema, candidate);
        if (st === false) {
          name = candidate;
          break;
        }
        if (st !== true) {
          s.otherRelations = unknown(`the index PostgreSQL names itself on ${rel(schema, table)}`);
          return;
        }
      }
    } else {
      const st = relationState(s, schema, name);
      if (ifNotExists && st === true) return;
      if (!ifNotExists) need(st, false, '42P07', `${holder(schema, name)} already exists`);
    }
    s.indexes.set(`${schema}.${name}`, { state: true, table, columns: d.columns });
  };
  for (const op of step.ops) {
    switch (op.op) {
      case 'create-table': {
        const st = relationState(s, op.schema, op.name);
        if (op.ifNotExists && st === true) break;
        if (op.ifNotExists && st !== false) {
          // It may have been there already, with other columns and indexes.
          const u = unknown(`CREATE TABLE IF NOT EXISTS of a table that may exist`);
          s.tables.set(`${op.schema}.${op.name}`, { state: true, columns: new Map(), otherColumns: u });
          for (const d of op.indexes) if (d.name) s.indexes.set(`${op.schema}.${d.name}`, { state: u, table: op.name, columns: d.columns });
          break;
        }
        if (!op.ifNotExists) need(st, false, '42P07', `${holder(op.schema, op.name)} already exists`);
        // The table did not exist, so neither did any index of it.
        for (const [k, idx] of s.indexes) if (k.startsWith(`${op.schema}.`) && idx.table === op.name) idx.state = false;
        s.tables.set(`${op.schema}.${op.name}`, {
          state: true,
          columns: new Map((op.columns ?? []).map((c) => [c, true])),
          otherColumns: op.columns ? false : unknown('CREATE TABLE … LIKE / AS / PARTITION OF (columns not listed)'),
        });
        for (const d of op.indexes) addIndex(op.schema, op.name, d, false);
        break;
      }
      case 'alter-table': {
        const st = tableState(s, op.schema, op.table);
        if (op.missingOk && st === false) return;
        if (op.missingOk && st !== true) {
          // Maybe skipped, maybe run: whatever the rest touches is not known.
          const u = unknown('ALTER TABLE IF EXISTS of a table that may not exist');
          const t = tableOf(op.schema, op.table);
          for (const c of t.columns.keys()) t.columns.set(c, u);
          t.otherColumns = u;
          for (const idx of s.indexes.values()) if (idx.table === op.table) idx.state = u;
          return;
        }
        need(st, true, '42P01', `table ${rel(op.schema, op.table)} does not exist`);
        break;
      }
      case 'add-column': {
        const st = columnState(s, op.schema, op.table, op.column);
        const t = tableOf(op.schema, op.table);
        if (op.ifNotExists && st === true) break;
        if (op.ifNotExists && st !== false) {
          t.columns.set(op.column, true);
          break;
        }
        if (!op.ifNotExists) need(st, false, '42701', `${col(op.schema, op.table, op.column)} already exists`);
        t.columns.set(op.column, true);
        for (const d of op.indexes) addIndex(op.schema, op.table, d, false);
        break;
      }
      case 'drop-column': {
        const st = columnState(s, op.schema, op.table, op.column);
        if (op.ifExists && st === false) break;
        if (!op.ifExists) need(st, true, '42703', `${col(op.schema, op.table, op.column)} does not exist`);
        tableOf(op.schema, op.table).columns.set(op.column, false);
        dropIndexesOf(op.schema, op.table, op.column);
        break;
      }
      case 'add-index': {
        need(tableState(s, op.schema, op.table), true, '42P01', `table ${rel(op.schema, op.table)} does not exist`);
        addIndex(op.schema, op.table, op.index, op.ifNotExists);
        break;
      }
      case 'drop-table': {
        const st = tableState(s, op.schema, op.name);
        if (op.ifExists && st === false) break;
        if (!op.ifExists) need(st, true, '42P01', `table ${rel(op.schema, op.name)} does not exist`);
        s.tables.set(`${op.schema}.${op.name}`, { state: false, columns: new Map(), otherColumns: false });
        dropIndexesOf(op.schema, op.name);
        break;
      }
      case 'drop-index': {
        const st = indexState(s, op.schema, op.name);
        if (op.ifExists && st === false) break;
        if (!op.ifExists) need(st, true, '42704', `index ${rel(op.schema, op.name)} does not exist`);
        const idx = s.indexes.get(`${op.schema}.${op.name}`);
        if (idx) idx.state = false;
        else s.indexes.set(`${op.schema}.${op.name}`, { state: false, table: '' });
        break;
      }
      case 'rename-table': {
        const st = tableState(s, op.schema, op.name);
        if (op.missingOk && st === false) break;
        need(st, true, '42P01', `table ${rel(op.schema, op.name)} does not exist`);
        need(relationState(s, op.schema, op.to), false, '42P07', `${holder(op.schema, op.to)} already exists`);
        const t = tableOf(op.schema, op.name);
        s.tables.set(`${op.schema}.${op.to}`, { ...t, columns: new Map(t.columns) });
        s.tables.set(`${op.schema}.${op.name}`, { state: false, columns: new Map(), otherColumns: false });
        for (const [k, idx] of s.indexes) if (k.startsWith(`${op.schema}.`) && idx.table === op.name) idx.table = op.to;
        break;
      }
      case 'rename-column': {
        const ts = tableState(s, op.schema, op.table);
        if (op.missingOk && ts === false) break;
        need(ts, true, '42P01', `table ${rel(op.schema, op.table)} does not exist`);
        need(columnState(s, op.schema, op.table, op.column), true, '42703', `${col(op.schema, op.table, op.column)} does not exist`);
        need(columnState(s, op.schema, op.table, op.to), false, '42701', `${col(op.schema, op.table, op.to)} already exists`);
        const t = tableOf(op.schema, op.table);
        t.columns.set(op.column, false);
        t.columns.set(op.to, true);
        for (const idx of s.indexes.values()) if (idx.table === op.table && idx.columns) idx.columns = idx.columns.map((c) => (c === op.column ? op.to : c));
        break;
      }
      case 'rename-index': {
        const st = indexState(s, op.schema, op.name);
        if (op.missingOk && st === false) break;
        need(st, true, '42P01', `index ${rel(op.schema, op.name)} does not exist`);
        need(relationState(s, op.schema, op.to), false, '42P07', `${holder(op.schema, op.to)} already exists`);
        const idx = s.indexes.get(`${op.schema}.${op.name}`) ?? { state: true, table: '' };
        s.indexes.set(`${op.schema}.${op.to}`, { ...idx, state: true });
        idx.state = false;
        s.indexes.set(`${op.schema}.${op.name}`, idx);
        break;
      }
      case 'rename-constraint': {
        // Renames an index only when the constraint is a PRIMARY KEY / UNIQUE (its index has its name).
        const idx = s.indexes.get(`${op.schema}.${op.name}`);
        if (!idx || idx.table !== op.table || idx.state === false) break;
        if (idx.state === true) need(relationState(s, op.schema, op.to), false, '42P07', `${holder(op.schema, op.to)} already exists`);
        s.indexes.set(`${op.schema}.${op.to}`, { ...idx });
        idx.state = false;
        break;
      }
      case 'drop-constraint': {
        const idx = s.indexes.get(`${op.schema}.${op.name}`);
        if (idx && idx.table === op.table && idx.state === true) idx.state = false;
        break;
      }
      case 'opaque': {
        const u = unknown(op.what);
        const reach = op.mentions && new Set(op.mentions);
        const bare = (key: string) => key.slice(key.indexOf('.') + 1);
        for (const [key, t] of s.tables) {
          if (reach && !reach.has(bare(key))) continue;
          t.state = u;
          for (const c of t.columns.keys()) t.columns.set(c, u);
          t.otherColumns = u;
        }
        for (const [key, idx] of s.indexes) if (!reach || reach.has(idx.table) || reach.has(bare(key))) idx.state = u;
        if (!reach) s.otherRelations = u;
        else {
          // A name the block mentions that no relation has yet: it may have created one by it.
          const schemas = new Set(['public', ...[...s.tables.keys(), ...s.indexes.keys()].map((k) => k.slice(0, k.indexOf('.')))]);
          for (const name of reach)
            for (const schema of schemas)
              if (!s.tables.has(`${schema}.${name}`) && !s.indexes.has(`${schema}.${name}`))
                s.tables.set(`${schema}.${name}`, { state: u, columns: new Map(), otherColumns: u });
        }
        break;
      }
    }
  }
}
