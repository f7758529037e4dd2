/**
 * Ledger versus effects: does the database hold what the migrations the
 * ledger records as applied create (tables, columns, named indexes), and
 * lack what they drop? And does a migration recorded as failed, rolled back
 * or not applied already have effects that make running it again fail?
 *
 * Migration SQL is parsed by PostgreSQL's own parser (libpg-query: the
 * server's gram.y compiled to WebAssembly, PostgreSQL 17 grammar), never by
 * regular expressions. Effects are net, in migration order: a later applied
 * migration that drops what an earlier one created cancels that expectation
 * (incident 003's fix drops `session.token` and `session_token_key`).
 * Statements that do not create, drop or rename a table, column or index
 * (DML, ALTER COLUMN, constraints other than named PRIMARY KEY / UNIQUE,
 * DO blocks, functions) have no existence effect here.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { LedgerEntry, LedgerResult } from './ledgers.js';
import type { ActualCatalog, ActualTable, DriftFinding } from './model.js';
import { lineOfByteOffset } from './positions.js';
import { quoteIdent } from './pg-types.js';
import type { ReadOnlySession } from './read-only-session.js';
import {
  columnState,
  type IndexDef,
  indexState,
  type Known,
  type ReplayOp,
  type ReplaySchema,
  type ReplayStep,
  replayMigrations,
  replaySchemaOf,
  tableState,
} from './replay.js';

/** One object a statement makes exist (`present`) or not exist. */
export interface Effect {
  /** `table`, `column` or `index`. */
  object: 'table' | 'column' | 'index';
  schema: string;
  /** Table name (for a column: its table; for an index: the index name). */
  name: string;
  /** Column name, for `column`. */
  column?: string;
  /** For an index: its table, when the statement names it. */
  table?: string;
  present: boolean;
  /**
   * Set for `ALTER TABLE … RENAME CONSTRAINT old TO new` and `ALTER TABLE … DROP CONSTRAINT old`:
   * it renames or drops an index only when `old` is a primary key or unique constraint, which is
   * known only when an earlier migration created it by that name. The effect counts only then.
   */
  renamesConstraint?: string;
  /** 1-based line and column of the statement in its file. */
  at: { line: number; column: number };
}

/**
 * The parse of one migration file: its existence effects (net, for migrations recorded as
 * applied), its statements as replay steps (for pending ones, see replay.ts), or why it could
 * not be parsed (then both are empty).
 */
export interface ParsedMigration {
  effects: Effect[];
  steps: ReplayStep[];
  error?: string;
}

/** The part of libpg-query's API this package uses (see {@link parser}). */
export type PgQuery = { loadModule(): Promise<void>; parseSync(sql: string): { stmts: { stmt: Record<string, unknown>; stmt_location?: number }[] } };
let pgQuery: PgQuery | undefined;
const parseCache = new Map<string, ParsedMigration>();

/**
 * libpg-query (PostgreSQL 17's own parser compiled to WebAssembly), its module loaded once
 * (about 15 ms). `parseSync(sql)` returns the parse tree as JSON, `{ stmts: [{ stmt, stmt_location }] }`,
 * and throws on a syntax error (the error's `sqlDetails.cursorPosition` says where).
 */
export async function parser(): Promise<PgQuery> {
  if (!pgQuery) {
    const mod = createRequire(import.meta.url)('libpg-query') as PgQuery;
    await mod.loadModule();
    pgQuery = mod;
  }
  return pgQuery;
}

/**
 * The existence effects and replay steps of one migration's SQL, in statement order, with each
 * statement's line (libpg-query's `stmt_location` is a byte offset that includes the comments
 * and blank lines before the statement; those are skipped). Cached per SQL text.
 *
 * @param defaultSchema the schema of unqualified names (Prisma: the URL's `?schema=`; Drizzle: `public`)
 */
export async function migrationEffects(sql: string, defaultSchema: string): Promise<ParsedMigration> {
  const cacheKey = `${defaultSchema}\0${sql}`;
  const cached = parseCache.get(cacheKey);
  if (cached) return cached;
  const pg = await parser();
  let tree: ReturnType<PgQuery['parseSync']>;
  try {
    tree = pg.parseSync(sql);
  } catch (err) {
    const e = err as Error & { sqlDetails?: { cursorPosition?: number } };
    const at =
      e.sqlDetails?.cursorPosition !== undefined && e.sqlDetails.cursorPosition >= 0
        ? ` at line ${lineOfByteOffset(sql, Buffer.byteLength(sql.slice(0, e.sqlDetails.cursorPosition))).line}`
        : '';
    const out = { effects: [], steps: [], error: `${e.message}${at}` };
    parseCache.set(cacheKey, out);
    return out;
  }
  const bytes = Buffer.from(sql, 'utf8');
  const effects: Effect[] = [];
  const steps: ReplayStep[] = [];
  const temp = new Set<string>();
  for (const s of tree.stmts ?? []) {
    const start = skipBlanksAndComments(bytes, s.stmt_location ?? 0);
    const at = lineOfByteOffset(sql, start);
    const ops = statementOps(s.stmt, defaultSchema, temp);
    steps.push({ at, ops });
    effects.push(...ops.flatMap(effectsOfOp).map((e) => ({ ...e, at })));
  }
  // A temporary table lasts at most as long as the migrator's session (ON COMMIT DROP: its
  // transaction); the replay lets it go at the end of its file.
  if (temp.size && steps.length)
    steps.push({ at: steps.at(-1)!.at, ops: [...temp].map((name): ReplayOp => ({ op: 'drop-table', schema: TEMP_SCHEMA, name, ifExists: true })) });
  const out = { effects, steps };
  parseCache.set(cacheKey, out);
  return out;
}

/** One statement of a migration file: its text and where it starts (1-based line and column). */
export interface MigrationStatement {
  sql: string;
  line: number;
  column: number;
}

/**
 * A migration's SQL split into its statements with PostgreSQL's own grammar (libpg-query), each
 * with its text (no trailing `;`) and the line it starts on (comments and blank lines before it
 * skipped).
 *
 * @throws Error with libpg-query's message when the SQL does not parse
 */
export async function splitStatements(sql: string): Promise<MigrationStatement[]> {
  const pg = await parser();
  const tree = pg.parseSync(sql) as { stmts: { stmt_location?: number; stmt_len?: number }[] };
  const bytes = Buffer.from(sql, 'utf8');
  return (tree.stmts ?? [])
    .map((s) => {
      const from = s.stmt_location ?? 0;
      const start = skipBlanksAndComments(bytes, from);
      const end = s.stmt_len ? from + s.stmt_len : bytes.length;
      const text = bytes.subarray(start, end).toString('utf8').trim();
      return { sql: text, ...lineOfByteOffset(sql, start) };
    })
    .filter((s) => s.sql.length > 0);
}

type Node = Record<string, unknown>;
type RawEffect = Omit<Effect, 'at'>;

/**
 * The schema of temporary tables (`CREATE TEMP TABLE`, `CREATE TEMP TABLE … AS`): PostgreSQL puts
 * them in the session's own `pg_temp_N` and looks there first for an unqualified name. They are
 * replayed under this name and are never an effect of a migration.
 */
const TEMP_SCHEMA = 'pg_temp';

/** Functions a migration's `SELECT` may call without changing tables, columns, indexes or rows (lower-case names). */
export const READ_FUNCTIONS = new Set([
  'setval',
  'nextval',
  'currval',
  'set_config',
  'current_setting',
  'pg_advisory_lock',
  'pg_advisory_xact_lock',
  'pg_advisory_unlock',
  'pg_try_advisory_lock',
  'pg_try_advisory_xact_lock',
  'pg_get_serial_sequence',
  'count',
  'max',
  'min',
  'coalesce',
  'now',
]);

/**
 * Names of every function a parse tree calls: the last name part of each FuncCall node, as written
 * (`?` when it is not a plain name), in tree order.
 *
 * @param node a libpg-query parse tree (JSON) or any part of one
 * @param out the list to append to (returned)
 */
export function calledFunctions(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) calledFunctions(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'FuncCall') out.push(((v as { funcname?: Node[] }).funcname?.at(-1)?.String as { sval?: string } | undefined)?.sval ?? '?');
      calledFunctions(v, out);
    }
  }
  return out;
}

/**
 * Extensions whose scripts create functions, types, operators and casts but no table, column or
 * index (PostgreSQL's contrib modules, Appendix F, and pgvector); any other CREATE EXTENSION is opaque.
 */
const TABLELESS_EXTENSIONS = new Set([
  'plpgsql',
  'pgcrypto',
  'uuid-ossp',
  'citext',
  'pg_trgm',
  'btree_gin',
  'btree_gist',
  'hstore',
  'unaccent',
  'fuzzystrmatch',
  'intarray',
  'ltree',
  'cube',
  'earthdistance',
  'tablefunc',
  'isn',
  'vector',
]);

/** `DROP … CASCADE` of these takes along nothing the replay tracks (only views, constraints, defaults). */
const HARMLESS_CASCADE = new Set([
  'OBJECT_TABLE',
  'OBJECT_INDEX',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_SEQUENCE',
  'OBJECT_TRIGGER',
  'OBJECT_POLICY',
  'OBJECT_RULE',
]);

/**
 * What one parsed statement (PostgreSQL parse tree as libpg-query's JSON) does to tables,
 * columns and indexes, as replay ops (see {@link ReplayOp}). Statements that change none of them
 * (DML, ALTER COLUMN, foreign keys, checks, types, functions, grants) give none; statements that
 * may change any of them unseen (DO, CALL, CREATE EXTENSION, a SELECT of an unknown function,
 * ALTER TABLE … SET SCHEMA, DROP TYPE / FUNCTION / SCHEMA … CASCADE) give one `opaque` op.
 */
function statementOps(stmt: Node, defaultSchema: string, temp: Set<string>): ReplayOp[] {
  /** The schema of an unqualified name: a temporary table of this file first, as PostgreSQL's search_path has `pg_temp` first. */
  const schemaOf = (name: string) => (temp.has(name) ? TEMP_SCHEMA : defaultSchema);
  const rel = (r: unknown) => {
    const x = r as { schemaname?: string; relname: string; relpersistence?: string };
    return { schema: x.schemaname ?? schemaOf(x.relname), name: x.relname };
  };
  /** A relation a CREATE makes: `CREATE TEMP TABLE x` puts `x` in {@link TEMP_SCHEMA}. */
  const created = (r: unknown) => {
    const x = r as { schemaname?: string; relname: string; relpersistence?: string };
    if (x.relpersistence !== 't') return rel(r);
    temp.add(x.relname);
    return { schema: TEMP_SCHEMA, name: x.relname };
  };
  const names = (l: unknown) => ((l as Node[] | undefined) ?? []).map((n) => (n.String as { sval: string }).sval);
  /** The index of a PRIMARY KEY / UNIQUE constraint (`cols`: its column, for a column constraint). */
  const constraintIndex = (c: Node, cols?: string[]): IndexDef | undefined => {
    const con = (c.Constraint ?? c) as { contype?: string; conname?: string; keys?: Node[]; including?: Node[] };
    if (con.contype !== 'CONSTR_PRIMARY' && con.contype !== 'CONSTR_UNIQUE') return undefined;
    const columns = [...(cols ?? names(con.keys)), ...names(con.including)];
    return { name: con.conname, label: con.contype === 'CONSTR_PRIMARY' ? 'pkey' : 'key', columns, needs: cols ? [] : columns };
  };
  const columnIndexes = (def: { colname?: string; constraints?: Node[] }) =>
    (def.constraints ?? []).map((c) => constraintIndex(c, [def.colname!])).filter((d): d is IndexDef => d !== undefined);

  if (stmt.CreateStmt) {
    const c = stmt.CreateStmt as {
      relation: unknown;
      tableElts?: Node[];
      if_not_exists?: boolean;
      inhRelations?: unknown[];
      partbound?: unknown;
      ofTypename?: unknown;
    };
    const t = created(c.relation);
    const columns: string[] = [];
    const indexes: IndexDef[] = [];
    let complete = !c.inhRelations?.length && !c.partbound && !c.ofTypename;
    for (const el of c.tableElts ?? []) {
      const col = el.ColumnDef as { colname?: string; constraints?: Node[] } | undefined;
      if (col?.colname) {
        columns.push(col.colname);
        indexes.push(...columnIndexes(col));
      }
      if (el.Constraint) {
        const d = constraintIndex(el);
        if (d) indexes.push(d);
      }
      if (el.TableLikeClause) complete = false;
    }
    return [{ op: 'create-table', ...t, ifNotExists: c.if_not_exists === true, columns: complete ? columns : undefined, indexes }];
  }
  if (stmt.CreateTableAsStmt) {
    const c = stmt.CreateTableAsStmt as { into: { rel: unknown }; objtype?: string; if_not_exists?: boolean };
    const view = c.objtype === 'OBJECT_MATVIEW' ? { view: true as const } : {};
    return [{ op: 'create-table', ...created(c.into.rel), ifNotExists: c.if_not_exists === true, columns: undefined, indexes: [], ...view }];
  }
  if (stmt.ViewStmt) {
    const v = stmt.ViewStmt as { view: unknown; replace?: boolean };
    return [{ op: 'create-table', ...rel(v.view), ifNotExists: v.replace === true, columns: undefined, indexes: [], view: true }];
  }
  if (stmt.AlterTableStmt) {
    const a = stmt.AlterTableStmt as { relation: unknown; cmds?: Node[]; objtype?: string; missing_ok?: boolean };
    if (a.objtype !== 'OBJECT_TABLE') return [];
    const t = rel(a.relation);
    const out: ReplayOp[] = [{ op: 'alter-table', schema: t.schema, table: t.name, missingOk: a.missing_ok === true }];
    for (const cmdNode of a.cmds ?? []) {
      const cmd = cmdNode.AlterTableCmd as { subtype: string; name?: string; def?: Node; missing_ok?: boolean };
      if (cmd.subtype === 'AT_AddColumn') {
        const col = (cmd.def?.ColumnDef ?? {}) as { colname?: string; constraints?: Node[] };
        if (col.colname)
          out.push({
            op: 'add-column',
            schema: t.schema,
            table: t.name,
            column: col.colname,
            ifNotExists: cmd.missing_ok === true,
            indexes: columnIndexes(col),
          });
      } else if (cmd.subtype === 'AT_DropColumn' && cmd.name) {
        out.push({ op: 'drop-column', schema: t.schema, table: t.name, column: cmd.name, ifExists: cmd.missing_ok === true });
      } else if (cmd.subtype === 'AT_AddConstraint' && cmd.def) {
        const con = (cmd.def.Constraint ?? {}) as { indexname?: string; conname?: string };
        const d = constraintIndex(cmd.def);
        // ADD CONSTRAINT … USING INDEX: the index becomes the constraint's and takes its name.
        if (d && con.indexname) {
          if (con.conname && con.conname !== con.indexname)
            out.push({ op: 'rename-index', schema: t.schema, name: con.indexname, to: con.conname, missingOk: false });
        } else if (d) out.push({ op: 'add-index', schema: t.schema, table: t.name, index: d, ifNotExists: false });
      } else if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
        out.push({ op: 'drop-constraint', schema: t.schema, table: t.name, name: cmd.name });
      }
    }
    return out;
  }
  if (stmt.IndexStmt) {
    const i = stmt.IndexStmt as {
      idxname?: string;
      relation: unknown;
      if_not_exists?: boolean;
      indexParams?: Node[];
      indexIncludingParams?: Node[];
      whereClause?: unknown;
    };
    const t = rel(i.relation);
    const elems = [...(i.indexParams ?? []), ...(i.indexIncludingParams ?? [])].map((e) => (e.IndexElem ?? {}) as { name?: string });
    const needs = elems.flatMap((e) => (e.name ? [e.name] : []));
    const plain = !i.whereClause && elems.every((e) => e.name);
    return [
      {
        op: 'add-index',
        schema: t.schema,
        table: t.name,
        index: { name: i.idxname, label: 'idx', columns: plain ? needs : undefined, needs },
        ifNotExists: i.if_not_exists === true,
      },
    ];
  }
  if (stmt.DropStmt) {
    const d = stmt.DropStmt as { objects?: Node[]; removeType?: string; missing_ok?: boolean; behavior?: string };
    if (d.removeType === 'OBJECT_VIEW' || d.removeType === 'OBJECT_MATVIEW')
      // Taken as IF EXISTS: the replay does not judge views (a view made by a DO block or function is not seen).
      return (d.objects ?? []).map((o) => {
        const parts = names((o.List as { items?: Node[] } | undefined)?.items);
        return { op: 'drop-table', schema: parts.length > 1 ? parts.at(-2)! : schemaOf(parts.at(-1)!), name: parts.at(-1)!, ifExists: true, view: true };
      });
    if (d.removeType !== 'OBJECT_TABLE' && d.removeType !== 'OBJECT_INDEX')
      return d.behavior === 'DROP_CASCADE' && !HARMLESS_CASCADE.has(d.removeType ?? '') ? [{ op: 'opaque', what: `DROP … CASCADE` }] : [];
    const out: ReplayOp[] = [];
    for (const o of d.objects ?? []) {
      const parts = names((o.List as { items?: Node[] } | undefined)?.items);
      const name = parts.at(-1);
      if (!name) continue;
      const schema = parts.length > 1 ? parts.at(-2)! : schemaOf(name);
      out.push({ op: d.removeType === 'OBJECT_TABLE' ? 'drop-table' : 'drop-index', schema, name, ifExists: d.missing_ok === true });
    }
    return out;
  }
  if (stmt.RenameStmt) {
    const r = stmt.RenameStmt as { renameType: string; relation?: unknown; subname?: string; newname: string; missing_ok?: boolean };
    if (!r.relation) return [];
    const t = rel(r.relation);
    const missingOk = r.missing_ok === true;
    if (r.renameType === 'OBJECT_TABLE') return [{ op: 'rename-table', ...t, to: r.newname, missingOk }];
    if (r.renameType === 'OBJECT_COLUMN' && r.subname)
      return [{ op: 'rename-column', schema: t.schema, table: t.name, column: r.subname, to: r.newname, missingOk }];
    if (r.renameType === 'OBJECT_INDEX') return [{ op: 'rename-index', ...t, to: r.newname, missingOk }];
    // Prisma writes these when a @@map changes: the index behind a primary key / unique follows.
    if (r.renameType === 'OBJECT_TABCONSTRAINT' && r.subname)
      return [{ op: 'rename-constraint', schema: t.schema, table: t.name, name: r.subname, to: r.newname }];
    return [];
  }
  if (stmt.DoStmt) return [{ op: 'opaque', what: 'the DO block', ...doBlockReach(stmt.DoStmt, defaultSchema, temp) }];
  if (stmt.CallStmt) return [{ op: 'opaque', what: 'the CALL' }];
  if (stmt.CreateExtensionStmt && TABLELESS_EXTENSIONS.has((stmt.CreateExtensionStmt as { extname: string }).extname)) return [];
  if (stmt.CreateExtensionStmt || stmt.AlterExtensionStmt) return [{ op: 'opaque', what: 'the extension statement' }];
  if (stmt.ExecuteStmt) return [{ op: 'opaque', what: 'the EXECUTE' }];
  if (stmt.DropOwnedStmt) return [{ op: 'opaque', what: 'DROP OWNED' }];
  if (stmt.CreateSchemaStmt && (stmt.CreateSchemaStmt as { schemaElts?: unknown[] }).schemaElts?.length)
    return [{ op: 'opaque', what: 'CREATE SCHEMA with elements' }];
  if (stmt.AlterObjectSchemaStmt && (stmt.AlterObjectSchemaStmt as { objectType?: string }).objectType === 'OBJECT_TABLE')
    return [{ op: 'opaque', what: 'ALTER TABLE … SET SCHEMA' }];
  if (stmt.SelectStmt) {
    const unknownCall = calledFunctions(stmt.SelectStmt).find((f) => !READ_FUNCTIONS.has(f.toLowerCase()));
    if (unknownCall) return [{ op: 'opaque', what: `the SELECT of ${unknownCall}()` }];
  }
  return [];
}

/** The existence effects of one replay op, for the net effects of applied migrations. */
function effectsOfOp(op: ReplayOp): RawEffect[] {
  if ('schema' in op && op.schema === TEMP_SCHEMA) return [];
  const index = (schema: string, table: string, d: IndexDef): RawEffect[] => (d.name ? [{ object: 'index', schema, name: d.name, table, present: true }] : []);
  switch (op.op) {
    case 'create-table':
      if (op.view) return [];
      return [
        { object: 'table', schema: op.schema, name: op.name, present: true },
        ...(op.columns ?? []).map((column): RawEffect => ({ object: 'column', schema: op.schema, name: op.name, column, present: true })),
        ...op.indexes.flatMap((d) => index(op.schema, op.name, d)),
      ];
    case 'add-column':
      return [
        { object: 'column', schema: op.schema, name: op.table, column: op.column, present: true },
        ...op.indexes.flatMap((d) => index(op.schema, op.table, d)),
      ];
    case 'drop-column':
      return [{ object: 'column', schema: op.schema, name: op.table, column: op.column, present: false }];
    case 'add-index':
      return index(op.schema, op.table, op.index);
    case 'drop-table':
      if (op.view) return [];
      return [{ object: 'table', schema: op.schema, name: op.name, present: false }];
    case 'drop-index':
      return [{ object: 'index', schema: op.schema, name: op.name, present: false }];
    case 'rename-table':
      return [
        { object: 'table', schema: op.schema, name: op.name, present: false },
        { object: 'table', schema: op.schema, name: op.to, present: true },
      ];
    case 'rename-column':
      return [
        { object: 'column', schema: op.schema, name: op.table, column: op.column, present: false },
        { object: 'column', schema: op.schema, name: op.table, column: op.to, present: true },
      ];
    case 'rename-index':
      return [
        { object: 'index', schema: op.schema, name: op.name, present: false },
        { object: 'index', schema: op.schema, name: op.to, present: true },
      ];
    case 'rename-constraint':
      return [
        { object: 'index', schema: op.schema, name: op.name, table: op.table, present: false, renamesConstraint: op.name },
        { object: 'index', schema: op.schema, name: op.to, table: op.table, present: true, renamesConstraint: op.name },
      ];
    case 'drop-constraint':
      // Drops the index of a PRIMARY KEY / UNIQUE constraint (Prisma's `DROP CONSTRAINT "t_pkey"` when a key changes).
      return [{ object: 'index', schema: op.schema, name: op.name, table: op.table, present: false, renamesConstraint: op.name }];
    default:
      return [];
  }
}

/** Skips whitespace, `-- …` and `/* … *\/` comments from a byte offset; returns the first statement byte. */
function skipBlanksAndComments(b: Buffer, from: number): number {
  let i = from;
  while (i < b.length) {
    const c = b[i]!;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c) i++;
    else if (c === 0x2d && b[i + 1] === 0x2d) {
      while (i < b.length && b[i] !== 0x0a) i++;
    } else if (c === 0x2f && b[i + 1] === 0x2a) {
      let depth = 1;
      i += 2;
      while (i < b.length && depth > 0) {
        if (b[i] === 0x2f && b[i + 1] === 0x2a) {
          depth++;
          i += 2;
        } else if (b[i] === 0x2a && b[i + 1] === 0x2f) {
          depth--;
          i += 2;
        } else i++;
      }
    } else break;
  }
  return i;
}

/** Where an effect's object is, in words: `table "users"`, `column "users"."x"`, `index "i"`. */
function describe(e: Effect): string {
  const t = e.schema === 'public' ? quoteIdent(e.name) : `${quoteIdent(e.schema)}.${quoteIdent(e.name)}`;
  return e.object === 'column' ? `column ${t}.${quoteIdent(e.column!)}` : `${e.object} ${t}`;
}

function keyOf(e: { object: string; schema: string; name: string; column?: string }): string {
  return e.object === 'column' ? `c:${e.schema}.${e.name}.${e.column}` : `${e.object === 'table' ? 't' : 'i'}:${e.schema}.${e.name}`;
}

/** Whether the live catalog has an effect's object. */
function exists(e: Effect, tables: Map<string, ActualTable>, catalog: ActualCatalog): boolean {
  if (e.object === 'table') return tables.has(`${e.schema}.${e.name}`);
  if (e.object === 'column') return tables.get(`${e.schema}.${e.name}`)?.columns.has(e.column!) === true;
  return catalog.indexNames.has(`${e.schema}.${e.name}`);
}

/** Whether an effect's object exists in a replay schema. */
function stateOf(e: Effect, s: ReplaySchema): Known {
  if (e.object === 'table') return tableState(s, e.schema, e.name);
  if (e.object === 'column') return columnState(s, e.schema, e.name, e.column!);
  return indexState(s, e.schema, e.name);
}

/** The schemas a set of parsed migrations touches. */
export function schemasOf(parsed: ParsedMigration[]): string[] {
  return [
    ...new Set(
      parsed
        .flatMap((p) => p.steps.flatMap((st) => st.ops.flatMap((o) => ('schema' in o ? [o.schema] : []))))
        .concat(parsed.flatMap((p) => p.effects.map((e) => e.schema))),
    ),
  ].filter((s) => s !== TEMP_SCHEMA);
}

/**
 * What a DO block's body can reach (`{ mentions }`: the tables and indexes it may create, drop or
 * rename), or anything (`{}`). libpg-query has no PL/pgSQL parser here, so the body's DDL
 * statements (`CREATE` / `ALTER` / `DROP` … up to `;`) are parsed one by one with PostgreSQL's own
 * grammar and read as {@link statementOps} reads a top-level statement: the common baseline blocks
 * `DO $$ BEGIN CREATE TYPE … EXCEPTION WHEN duplicate_object THEN null; END $$` and `IF NOT EXISTS
 * (SELECT … FROM pg_constraint …) THEN ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY …` reach no table.
 * When a DDL statement does not parse alone, every identifier of the body counts (unquoted ones
 * lower-cased, as PostgreSQL folds them). A body that builds SQL at run time (`EXECUTE`), or calls
 * (`PERFORM`, `CALL`), may touch anything.
 */
function doBlockReach(doStmt: unknown, defaultSchema: string, temp: Set<string>): { mentions?: string[] } {
  const args = (doStmt as { args?: { DefElem?: { defname?: string; arg?: { String?: { sval?: string } } } }[] }).args ?? [];
  const body = args.find((a) => a.DefElem?.defname === 'as')?.DefElem?.arg?.String?.sval;
  if (body === undefined || /\b(EXECUTE|PERFORM|CALL)\b/i.test(body) || !pgQuery) return {};
  const mentions = new Set<string>();
  for (const m of body.matchAll(/\b(?:CREATE|ALTER|DROP)\s[^;]*;/gi)) {
    let ops: ReplayOp[];
    try {
      ops = pgQuery.parseSync(m[0]).stmts.flatMap((st) => statementOps(st.stmt, defaultSchema, new Set(temp)));
    } catch {
      return {
        mentions: [...body.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g)].map((x) =>
          x[1] !== undefined ? x[1].replace(/""/g, '"') : x[2]!.toLowerCase(),
        ),
      };
    }
    for (const op of ops) {
      if (op.op === 'opaque') return {};
      if (op.op === 'alter-table') continue;
      // An index it creates reaches that index alone; other ops their table (or index) and its new name.
      const names =
        op.op === 'add-index'
          ? [op.index.name ?? op.table]
          : [
              'name' in op ? op.name : undefined,
              'table' in op ? op.table : undefined,
              'to' in op ? op.to : undefined,
              ...('indexes' in op ? op.indexes.map((i) => i.name) : []),
            ];
      for (const name of names) if (name) mentions.add(name);
    }
  }
  return { mentions: [...mentions] };
}

/**
 * Checks a ledger's migrations against the catalog:
 * - `ledger-effects-missing` (**differs**), one per migration recorded as applied whose net
 *   effects are not all there: a table, column or index it creates is missing, or one it drops
 *   is still there — what `prisma migrate resolve --applied` after a partial hand-fix leaves.
 *   The app-facing gaps also show as schema findings; this one says which migration lies.
 * - `ledger-effects-present` (**breaks**), at most one per ledger: the migrations recorded as
 *   failed, rolled back or not applied are replayed in ledger order over the live schema
 *   ({@link replayMigrations}), as `prisma migrate deploy` (after `migrate resolve
 *   --rolled-back` for a failed one) or drizzle's migrator would run them; the finding names the
 *   first statement PostgreSQL would reject (file, line, SQLSTATE 42P07 / 42701 / 42P01 / 42703 /
 *   42704), which blocks the deploy. Pending migrations that replay without failure are only
 *   pending (the ledger's own `migration-not-applied` / `ledger-rolled-back` findings). Drizzle
 *   migrations not later than the newest recorded one (`migration-skipped`) are replayed in journal
 *   order with the rest: what applying them by hand would meet.
 * - a note, never a finding, when the replay meets statements it cannot judge (a DO block, a
 *   function, an object one of those may have changed); likewise, an applied migration's
 *   statement the parser cannot see into ends the check of everything applied before it (it may
 *   have renamed or dropped any of it), with a note, so a hand-written `DO` block never yields a
 *   false `ledger-effects-missing`.
 * - `neverRan`: the Drizzle entries recorded only by `created_at` (a row with its `when` and a hash
 *   no journal file has, {@link LedgerEntry.recordedByCreatedAt}) of which nothing is in place:
 *   at least one net effect of its own, none of them in the database, and nothing of it left
 *   unjudged (no parse error, no statement the parser cannot see into, in it or after it). Such a
 *   row does not stand for a run of the file: the caller checks the ledger again with these
 *   entries as never run (`migration-skipped`, see check.ts). Until then they count as applied,
 *   so a caller that does not ask again gets the conservative answer: `ledger-checksum-mismatch`
 *   and `ledger-effects-missing`, both *differs*.
 *
 * @param parsed the parse of each entry's SQL, same order as `ledger.entries`
 * @param tables every relation of the schemas the migrations touch (ReadOnlySession.tables)
 * @param catalog the indexes of those schemas (ReadOnlySession.catalog)
 */
export function compareLedgerEffects(ledger: LedgerResult, parsed: ParsedMigration[], tables: Map<string, ActualTable>, catalog: ActualCatalog): LedgerEffects {
  const findings: DriftFinding[] = [];
  const notes: string[] = [];
  const { schema, table, kind } = ledger.ledger;
  // Migrations with an effect a statement the parser cannot see into may have changed: not judged for `neverRan`.
  const unjudged = new Set<LedgerEntry>();
  // Net expected state after every applied migration: key → the last effect on it and its migration.
  const state = new Map<string, { effect: Effect; entry: LedgerEntry }>();
  const pending: { entry: LedgerEntry; p: ParsedMigration }[] = [];
  ledger.entries.forEach((entry, i) => {
    const p = parsed[i]!;
    if (p.error) notes.push(`${entry.fileRel} could not be parsed by PostgreSQL's parser (${p.error}); its effects were not checked.`);
    if (entry.status !== 'applied') {
      pending.push({ entry, p });
      return;
    }
    if (p.error) return;
    if (p.steps.some((st) => st.ops.some((o) => o.op === 'opaque'))) unjudged.add(entry);
    // A statement the parser cannot see into (a DO block, a function call) may have renamed or
    // dropped what was made before it: those expectations can no longer be proven missing. A DO
    // block reaches only the tables and indexes its body names ({@link doBlockReach}).
    const opaque = p.steps.flatMap((st) => st.ops.flatMap((o) => (o.op === 'opaque' ? [{ at: st.at, mentions: o.mentions }] : [])));
    let nextOpaque = 0;
    const forgetBefore = (line: number) => {
      for (; nextOpaque < opaque.length && opaque[nextOpaque]!.at.line < line; nextOpaque++) {
        const reach = opaque[nextOpaque]!.mentions && new Set(opaque[nextOpaque]!.mentions);
        let forgotten = 0;
        for (const [k, { effect, entry: made }] of state) {
          const owner = effect.object === 'index' ? effect.table : effect.name;
          if (reach && !reach.has(effect.name) && !(owner !== undefined && reach.has(owner))) continue;
          state.delete(k);
          unjudged.add(made);
          forgotten++;
        }
        if (forgotten)
          notes.push(
            `${entry.fileRel}:${opaque[nextOpaque]!.at.line} is a statement PostgreSQL's parser cannot see into; ${forgotten} object${forgotten === 1 ? '' : 's'} the applied migrations made before it ${forgotten === 1 ? 'was' : 'were'} not checked against the ledger.`,
          );
      }
    };
    const renamed = new Set<string>();
    for (const e of p.effects) {
      forgetBefore(e.at.line);
      if (e.renamesConstraint) {
        const old = `i:${e.schema}.${e.renamesConstraint}`;
        if (!e.present && state.get(old)?.effect.present) renamed.add(old);
        if (!renamed.has(old)) continue;
      }
      state.set(keyOf(e), { effect: e, entry });
      if (e.object === 'table' && !e.present) {
        // A dropped (or renamed-away) table takes its columns and indexes with it.
        for (const [k, v] of state) {
          if (
            (v.effect.object === 'column' || (v.effect.object === 'index' && v.effect.table !== undefined)) &&
            v.effect.schema === e.schema &&
            (v.effect.object === 'column' ? v.effect.name : v.effect.table) === e.name
          )
            state.delete(k);
        }
      }
    }
    forgetBefore(Number.POSITIVE_INFINITY);
  });
  // The pending migrations in the order the migrator runs them, statement by statement, over the live
  // schema; not when the history is in another migrator's ledger (the ledger finding says so).
  if (ledger.keptElsewhere) pending.length = 0;
  const replay = replayMigrations(
    replaySchemaOf(tables, catalog),
    pending.map(({ entry, p }) => ({
      name: entry.name,
      file: entry.fileRel,
      steps: p.error ? [{ at: { line: 1, column: 1 }, ops: [{ op: 'opaque', what: "the file PostgreSQL's parser rejects" }] }] : p.steps,
    })),
  );
  const undecided = replay.undecided[0];
  const undecidedText = undecided ? `${undecided.file}:${undecided.line} (${undecided.reason})` : '';
  const f = replay.failure;
  if (f) {
    const { entry, p } = pending[f.migration]!;
    const before = replay.beforeFailing!;
    // What the failing migration creates or drops that is in place already when it runs,
    // listed without the columns and indexes of tables the migration itself creates.
    const inPlace = p.effects.filter((e) => !e.renamesConstraint && stateOf(e, before) === e.present);
    const created = new Set(p.effects.filter((e) => e.object === 'table' && e.present).map((e) => `${e.schema}.${e.name}`));
    const listed = inPlace.filter((e) => e.object === 'table' || !created.has(`${e.schema}.${e.object === 'column' ? e.name : (e.table ?? '')}`));
    const what = entry.status === 'failed' ? 'recorded as failed' : entry.status === 'rolled-back' ? 'recorded as rolled back' : 'not recorded as applied';
    const rerun =
      kind === 'prisma'
        ? entry.status === 'not-applied'
          ? 'the next prisma migrate deploy'
          : `prisma migrate deploy after migrate resolve --rolled-back`
        : "drizzle's migrator";
    const earlier = f.migration;
    const where = earlier === 0 ? 'in the database' : `in place when it runs (after the ${earlier} pending migration${earlier === 1 ? '' : 's'} before it)`;
    findings.push({
      category: 'ledger',
      kind: 'ledger-effects-present',
      severity: 'breaks',
      schema,
      table,
      migration: entry.name,
      expected: `its statements run (${what})`,
      actual: listed.length
        ? `already ${where}: ${listed.map((e) => `${describe(e)}${e.present ? '' : ' (dropped)'}`).join(', ')}`
        : `${f.reason} at line ${f.line} (SQLSTATE ${f.sqlstate})`,
      source: { file: entry.fileRel },
      location: { file: entry.fileRel, line: f.line, column: f.column },
      message:
        `migration ${entry.name} is ${what}` +
        (listed.length
          ? `, but what it creates or drops is already ${where} (${listed.length === 1 ? describe(listed[0]!) : `${listed.length} objects`})`
          : '') +
        `: ${rerun} runs ${earlier ? `the pending migrations in order and, at this one,` : 'it and'} fails at line ${f.line} (${f.reason}, SQLSTATE ${f.sqlstate}), which blocks the deploy` +
        (undecided ? `; it may stop earlier, at ${undecidedText}` : ''),
      hint:
        kind === 'prisma'
          ? `finish by hand what the migration still lacks, then prisma migrate resolve --applied ${entry.name}`
          : `finish by hand what ${entry.name} still lacks, then record it in ${schema}.${table} (or make its statements IF NOT EXISTS)`,
    });
  } else if (undecided) {
    notes.push(
      `Replaying the ${pending.length} pending migration${pending.length === 1 ? '' : 's'} of ${schema}.${table} in order over this database, ${replay.undecided.length} statement${replay.undecided.length === 1 ? '' : 's'} could not be judged, the first at ${undecidedText}; no statement was found to fail, but whether the next deploy gets past ${replay.undecided.length === 1 ? 'it' : 'them'} is not known.`,
    );
  }
  const missing = new Map<LedgerEntry, Effect[]>();
  for (const { effect, entry } of state.values()) {
    if (effect.present === exists(effect, tables, catalog)) continue;
    // A missing table already says that its columns and indexes are missing.
    const owner = effect.object === 'column' ? effect.name : effect.table;
    if (
      effect.object !== 'table' &&
      effect.present &&
      owner !== undefined &&
      !tables.has(`${effect.schema}.${owner}`) &&
      state.get(`t:${effect.schema}.${owner}`)?.effect.present
    )
      continue;
    missing.set(entry, [...(missing.get(entry) ?? []), effect]);
  }
  for (const entry of ledger.entries) {
    const gone = missing.get(entry);
    if (!gone) continue;
    gone.sort((a, b) => a.at.line - b.at.line);
    const first = gone[0]!;
    const list = gone.map((e) => `${describe(e)} ${e.present ? 'missing' : 'still there'} (line ${e.at.line})`);
    findings.push({
      category: 'ledger',
      kind: 'ledger-effects-missing',
      severity: 'differs',
      schema,
      table,
      migration: entry.name,
      expected: `its effects in place (recorded as applied)`,
      actual: list.join(', '),
      source: { file: entry.fileRel },
      location: { file: entry.fileRel, line: first.at.line, column: first.at.column },
      message: `migration ${entry.name} is recorded as applied, but ${gone.length === 1 ? 'one of its effects is' : `${gone.length} of its effects are`} not in the database (${gone.map(describe).join(', ')}): the ledger says more than the schema holds, and ${kind === 'prisma' ? 'prisma migrate deploy' : "drizzle's migrator"} will not run it again`,
      hint: `apply the missing part of ${entry.fileRel} by hand after review (the ledger needs no change)`,
    });
  }
  const neverRan = new Map<string, string>();
  ledger.entries.forEach((entry, i) => {
    if (!entry.recordedByCreatedAt || entry.status !== 'applied' || parsed[i]!.error || unjudged.has(entry)) return;
    const own = [...state.values()].filter((v) => v.entry === entry).map((v) => v.effect);
    if (!own.length || own.some((e) => e.present === exists(e, tables, catalog))) return;
    neverRan.set(
      entry.name,
      `nothing its SQL creates or drops is in place: ${own.map((e) => `${describe(e)} ${e.present ? 'missing' : 'still there'} (line ${e.at.line})`).join(', ')}`,
    );
  });
  return { findings, notes, neverRan };
}

/** What {@link compareLedgerEffects} found: findings, notes, and the entries recorded only by `created_at` that never ran. */
export interface LedgerEffects {
  findings: DriftFinding[];
  notes: string[];
  /**
   * Drizzle entries whose only ledger row is one with their `when` as `created_at` and a foreign
   * hash, of which nothing is in the database: name → what is absent, in words (see
   * {@link compareLedgerEffects}); for `neverRan` of checkDrizzleLedger.
   */
  neverRan: Map<string, string>;
}

/**
 * Reads and parses every migration of a ledger result (cached per SQL text).
 *
 * @param defaultSchema schema of unqualified names in the SQL
 */
export async function parseLedgerMigrations(ledger: LedgerResult, defaultSchema: string): Promise<ParsedMigration[]> {
  const out: ParsedMigration[] = [];
  for (const e of ledger.entries) out.push(await migrationEffects(fs.readFileSync(e.fileAbs, 'utf8'), defaultSchema));
  return out;
}

/**
 * The ledger-versus-effects check of one ledger inside the read-only session: parses the
 * migrations, reads the tables and indexes of any schema they touch that `tables` / `catalog`
 * do not cover yet, and compares (see {@link compareLedgerEffects}).
 *
 * @param defaultSchema schema of unqualified names in the SQL (Prisma: the URL's `?schema=`; Drizzle: `public`)
 * @param tables / catalog what the check already read, keyed `schema.table`
 */
export async function ledgerEffects(
  session: ReadOnlySession,
  ledger: LedgerResult,
  defaultSchema: string,
  tables: Map<string, ActualTable>,
  catalog: ActualCatalog,
): Promise<LedgerEffects> {
  const parsed = await parseLedgerMigrations(ledger, defaultSchema);
  const known = new Set([...tables.values()].map((t) => t.schema).concat([...catalog.indexNames.keys()].map((k) => k.split('.')[0]!)));
  const extra = schemasOf(parsed).filter((s) => !known.has(s));
  if (extra.length) {
    const moreTables = await session.tables(extra);
    const moreCatalog = await session.catalog(extra);
    tables = new Map([...tables, ...moreTables]);
    catalog = {
      constraints: new Map([...catalog.constraints, ...moreCatalog.constraints]),
      enums: new Map([...catalog.enums, ...moreCatalog.enums]),
      indexNames: new Map([...catalog.indexNames, ...moreCatalog.indexNames]),
    };
  }
  return compareLedgerEffects(ledger, parsed, tables, catalog);
}
