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
   * `true` when running the statement again with the effect already in place does not fail
   * (IF NOT EXISTS / IF EXISTS); otherwise a re-run fails with the SQLSTATE in {@link Effect.rerunError}.
   */
  idempotent: boolean;
  /** What a re-run fails with when the effect is already in place: `42P07`, `42701`, `42P01`, `42703`, `42704`. */
  rerunError: string;
  /**
   * Set for `ALTER TABLE … RENAME CONSTRAINT old TO new`: it renames an index only when `old`
   * is a primary key or unique constraint, which is known only when an earlier migration
   * created it by that name. The effect counts only then.
   */
  renamesConstraint?: string;
  /** 1-based line and column of the statement in its file. */
  at: { line: number; column: number };
}

/** The parse of one migration file: its effects, or why it could not be parsed. */
export interface ParsedMigration {
  effects: Effect[];
  error?: string;
}

type PgQuery = { loadModule(): Promise<void>; parseSync(sql: string): { stmts: { stmt: Record<string, unknown>; stmt_location?: number }[] } };
let pgQuery: PgQuery | undefined;
const parseCache = new Map<string, ParsedMigration>();

/** Loads libpg-query's WebAssembly module once (about 15 ms). */
async function parser(): Promise<PgQuery> {
  if (!pgQuery) {
    const mod = createRequire(import.meta.url)('libpg-query') as PgQuery;
    await mod.loadModule();
    pgQuery = mod;
  }
  return pgQuery;
}

/**
 * The existence effects of one migration's SQL, in statement order, with each statement's
 * line (libpg-query's `stmt_location` is a byte offset that includes the comments and blank
 * lines before the statement; those are skipped). Cached per SQL text.
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
    const out = { effects: [], error: `${e.message}${at}` };
    parseCache.set(cacheKey, out);
    return out;
  }
  const bytes = Buffer.from(sql, 'utf8');
  const effects: Effect[] = [];
  for (const s of tree.stmts ?? []) {
    const start = skipBlanksAndComments(bytes, s.stmt_location ?? 0);
    const at = lineOfByteOffset(sql, start);
    effects.push(...statementEffects(s.stmt, defaultSchema).map((e) => ({ ...e, at })));
  }
  const out = { effects };
  parseCache.set(cacheKey, out);
  return out;
}

type Node = Record<string, unknown>;
type RawEffect = Omit<Effect, 'at'>;

/** Effects of one parsed statement (PostgreSQL parse tree as libpg-query's JSON). */
function statementEffects(stmt: Node, defaultSchema: string): RawEffect[] {
  const out: RawEffect[] = [];
  const rel = (r: unknown) => {
    const x = r as { schemaname?: string; relname: string };
    return { schema: x.schemaname ?? defaultSchema, name: x.relname };
  };
  const namedIndexOf = (c: Node, schema: string, table: string, idempotent: boolean) => {
    const con = (c.Constraint ?? c) as { contype?: string; conname?: string };
    if ((con.contype === 'CONSTR_PRIMARY' || con.contype === 'CONSTR_UNIQUE') && con.conname)
      out.push({ object: 'index', schema, name: con.conname, table, present: true, idempotent, rerunError: '42P07' });
  };
  if (stmt.CreateStmt) {
    const c = stmt.CreateStmt as { relation: unknown; tableElts?: Node[]; if_not_exists?: boolean };
    const t = rel(c.relation);
    const idem = c.if_not_exists === true;
    out.push({ object: 'table', ...t, present: true, idempotent: idem, rerunError: '42P07' });
    for (const el of c.tableElts ?? []) {
      const col = el.ColumnDef as { colname?: string } | undefined;
      if (col?.colname)
        out.push({ object: 'column', schema: t.schema, name: t.name, column: col.colname, present: true, idempotent: true, rerunError: '42P07' });
      if (el.Constraint) namedIndexOf(el, t.schema, t.name, idem);
    }
  } else if (stmt.AlterTableStmt) {
    const a = stmt.AlterTableStmt as { relation: unknown; cmds?: Node[]; objtype?: string; missing_ok?: boolean };
    if (a.objtype !== 'OBJECT_TABLE') return out;
    const t = rel(a.relation);
    for (const cmdNode of a.cmds ?? []) {
      const cmd = cmdNode.AlterTableCmd as { subtype: string; name?: string; def?: Node; missing_ok?: boolean };
      if (cmd.subtype === 'AT_AddColumn') {
        const col = (cmd.def?.ColumnDef ?? {}) as { colname?: string };
        if (col.colname)
          out.push({
            object: 'column',
            schema: t.schema,
            name: t.name,
            column: col.colname,
            present: true,
            idempotent: cmd.missing_ok === true,
            rerunError: '42701',
          });
      } else if (cmd.subtype === 'AT_DropColumn' && cmd.name) {
        out.push({
          object: 'column',
          schema: t.schema,
          name: t.name,
          column: cmd.name,
          present: false,
          idempotent: cmd.missing_ok === true,
          rerunError: '42703',
        });
      } else if (cmd.subtype === 'AT_AddConstraint' && cmd.def) {
        namedIndexOf(cmd.def, t.schema, t.name, false);
      }
    }
  } else if (stmt.IndexStmt) {
    const i = stmt.IndexStmt as { idxname?: string; relation: unknown; if_not_exists?: boolean };
    const t = rel(i.relation);
    if (i.idxname)
      out.push({ object: 'index', schema: t.schema, name: i.idxname, table: t.name, present: true, idempotent: i.if_not_exists === true, rerunError: '42P07' });
  } else if (stmt.DropStmt) {
    const d = stmt.DropStmt as { objects?: Node[]; removeType?: string; missing_ok?: boolean };
    if (d.removeType !== 'OBJECT_TABLE' && d.removeType !== 'OBJECT_INDEX') return out;
    for (const o of d.objects ?? []) {
      const names = ((o.List as { items?: Node[] } | undefined)?.items ?? []).map((n) => (n.String as { sval: string }).sval);
      const name = names.at(-1);
      if (!name) continue;
      const schema = names.length > 1 ? names.at(-2)! : defaultSchema;
      out.push({
        object: d.removeType === 'OBJECT_TABLE' ? 'table' : 'index',
        schema,
        name,
        present: false,
        idempotent: d.missing_ok === true,
        rerunError: d.removeType === 'OBJECT_TABLE' ? '42P01' : '42704',
      });
    }
  } else if (stmt.RenameStmt) {
    const r = stmt.RenameStmt as { renameType: string; relation?: unknown; subname?: string; newname: string; missing_ok?: boolean };
    if (!r.relation) return out;
    const t = rel(r.relation);
    const idem = r.missing_ok === true;
    if (r.renameType === 'OBJECT_TABLE') {
      out.push({ object: 'table', ...t, present: false, idempotent: idem, rerunError: '42P01' });
      out.push({ object: 'table', schema: t.schema, name: r.newname, present: true, idempotent: idem, rerunError: '42P01' });
    } else if (r.renameType === 'OBJECT_COLUMN' && r.subname) {
      out.push({ object: 'column', ...t, column: r.subname, present: false, idempotent: idem, rerunError: '42703' });
      out.push({ object: 'column', ...t, column: r.newname, present: true, idempotent: idem, rerunError: '42703' });
    } else if (r.renameType === 'OBJECT_INDEX') {
      out.push({ object: 'index', ...t, present: false, idempotent: idem, rerunError: '42704' });
      out.push({ object: 'index', schema: t.schema, name: r.newname, present: true, idempotent: idem, rerunError: '42704' });
    } else if (r.renameType === 'OBJECT_TABCONSTRAINT' && r.subname) {
      // Prisma writes these when a @@map changes: the index behind a primary key / unique follows.
      out.push({
        object: 'index',
        schema: t.schema,
        name: r.subname,
        table: t.name,
        present: false,
        idempotent: idem,
        rerunError: '42704',
        renamesConstraint: r.subname,
      });
      out.push({
        object: 'index',
        schema: t.schema,
        name: r.newname,
        table: t.name,
        present: true,
        idempotent: idem,
        rerunError: '42704',
        renamesConstraint: r.subname,
      });
    }
  }
  return out;
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

/** The schemas a set of parsed migrations touches. */
export function schemasOf(parsed: ParsedMigration[]): string[] {
  return [...new Set(parsed.flatMap((p) => p.effects.map((e) => e.schema)))];
}

/**
 * Checks a ledger's migrations against the catalog:
 * - `ledger-effects-missing` (**differs**), one per migration recorded as applied whose net
 *   effects are not all there: a table, column or index it creates is missing, or one it drops
 *   is still there — what `prisma migrate resolve --applied` after a partial hand-fix leaves.
 *   The app-facing gaps also show as schema findings; this one says which migration lies.
 * - `ledger-effects-present` (**breaks**), one per migration recorded as failed, rolled back or
 *   not applied whose effects are already (partly) in the database *and* whose first such
 *   statement has no IF [NOT] EXISTS: running it again stops there (42P07 / 42701 / 42P01 /
 *   42703 / 42704), which blocks the deploy. When every present effect comes from an idempotent
 *   statement a re-run is harmless and nothing is reported.
 *
 * @param parsed the parse of each entry's SQL, same order as `ledger.entries`
 * @param tables every relation of the schemas the migrations touch (ReadOnlySession.tables)
 */
export function compareLedgerEffects(
  ledger: LedgerResult,
  parsed: ParsedMigration[],
  tables: Map<string, ActualTable>,
  catalog: ActualCatalog,
): { findings: DriftFinding[]; notes: string[] } {
  const findings: DriftFinding[] = [];
  const notes: string[] = [];
  const { schema, table, kind } = ledger.ledger;
  // Net expected state after every applied migration: key → the last effect on it and its migration.
  const state = new Map<string, { effect: Effect; entry: LedgerEntry }>();
  ledger.entries.forEach((entry, i) => {
    const p = parsed[i]!;
    if (p.error) {
      notes.push(`${entry.fileRel} could not be parsed by PostgreSQL's parser (${p.error}); its effects were not checked.`);
      return;
    }
    if (entry.status === 'applied') {
      const renamed = new Set<string>();
      for (const e of p.effects) {
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
      return;
    }
    // Not recorded as applied: which effects are in place already, and would a re-run fail on one?
    const inPlace = p.effects.filter((e) => !e.renamesConstraint && e.present === exists(e, tables, catalog));
    const blocking = inPlace.find((e) => !e.idempotent);
    if (!blocking) return;
    // Listed without the columns and indexes of tables the migration itself creates.
    const created = new Set(p.effects.filter((e) => e.object === 'table' && e.present).map((e) => `${e.schema}.${e.name}`));
    const listed = inPlace.filter((e) => e.object === 'table' || !created.has(`${e.schema}.${e.object === 'column' ? e.name : (e.table ?? '')}`));
    const what = entry.status === 'failed' ? 'recorded as failed' : entry.status === 'rolled-back' ? 'recorded as rolled back' : 'not recorded as applied';
    const rerun =
      kind === 'prisma'
        ? entry.status === 'not-applied'
          ? 'the next prisma migrate deploy'
          : `prisma migrate deploy after migrate resolve --rolled-back`
        : "drizzle's migrator";
    findings.push({
      category: 'ledger',
      kind: 'ledger-effects-present',
      severity: 'breaks',
      schema,
      table,
      migration: entry.name,
      expected: `none of its effects yet (${what})`,
      actual: `already in the database: ${listed.map((e) => `${describe(e)}${e.present ? '' : ' (dropped)'}`).join(', ')}`,
      source: { file: entry.fileRel },
      location: { file: entry.fileRel, line: blocking.at.line, column: blocking.at.column },
      message: `migration ${entry.name} is ${what}, but what it creates or drops is already in place (${listed.length === 1 ? describe(listed[0]!) : `${listed.length} objects`}): ${rerun} runs it again and fails at line ${blocking.at.line} (${describe(blocking)} ${blocking.present ? 'already exists' : 'does not exist'}, SQLSTATE ${blocking.rerunError}), which blocks the deploy`,
      hint:
        kind === 'prisma'
          ? `finish by hand what the migration still lacks, then prisma migrate resolve --applied ${entry.name}`
          : `finish by hand what ${entry.name} still lacks, then record it in ${schema}.${table} (or make its statements IF NOT EXISTS)`,
    });
  });
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
  return { findings, notes };
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
): Promise<{ findings: DriftFinding[]; notes: string[] }> {
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
