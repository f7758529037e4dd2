/**
 * A copy of production's schema, without its rows, in a scratch database: what `schema-drift
 * rehearse` applies the pending migrations to. The scratch server is an embedded PostgreSQL 17
 * without pg_dump, and production may be any PostgreSQL ≥ 13 reached through a role that may
 * only CONNECT and SELECT, so the copy is made by reading pg_catalog inside the
 * {@link ReadOnlySession} (its one READ ONLY REPEATABLE READ transaction: one snapshot, no write
 * possible) and writing CREATE statements in PostgreSQL's own spelling of each object
 * (`format_type`, `pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_functiondef`,
 * `pg_get_triggerdef`, as pg_dump also uses them) to the scratch database in one transaction.
 *
 * Both sides run with `search_path=pg_catalog`, so every name those functions print is
 * schema-qualified and means the same object on the copy. Names are kept exactly: migrations
 * drop constraints, indexes and sequences by name.
 *
 * Only the listed schemas are copied (with the extensions' schemas): a column, domain or function
 * that uses a type of another schema that no extension makes fails the copy, with that error.
 *
 * Not copied, each named in a note when production has one: views and materialized views,
 * row-level security policies, rules, partitions and inheritance children, functions in other
 * languages than SQL and PL/pgSQL, aggregates, range and base types, extensions the scratch server
 * cannot create and whatever depends on them. Not copied and not noted (no migration's success
 * depends on them, or the scratch server cannot have them): privileges and owners, comments,
 * security labels, column statistics targets, storage and compression settings, replica identity,
 * CLUSTER marks, tablespaces, publications and subscriptions, event triggers, roles.
 */
import pg from 'pg';
import { quoteIdent, schemaQualified } from '../pg-types.js';
import type { ReadOnlySession } from '../read-only-session.js';

/**
 * What {@link copyProductionSchema} did.
 * - `tables`: how many tables were created on the copy (plain and partitioned; the ledgers included).
 * - `tablesWithRows`: the copied tables (`schema.table`) in which production has at least one
 *   row (a read-only `SELECT EXISTS (SELECT 1 FROM t)` each, in the session's snapshot).
 * - `rowsUnknown`: the copied tables the role may not read (SQLSTATE 42501): whether they have
 *   rows is not known; each is also named in a note.
 * - `ledgerRows`: rows copied from the migration ledgers (the only rows copied).
 * - `notes`: one line per kind of object that was not copied (views, functions in other
 *   languages, triggers whose function is missing, policies, rules, extensions the scratch
 *   server cannot create and what depends on them, …), naming the objects.
 */
export interface SchemaCopy {
  tables: number;
  tablesWithRows: Set<string>;
  rowsUnknown: Set<string>;
  ledgerRows: number;
  notes: string[];
}

/** What {@link copyProductionSchema} copies. */
export interface CopySchemaOptions {
  /** The schemas whose objects are copied (a ledger's schema is always added). */
  schemas: string[];
  /**
   * The migration ledgers, copied WITH their rows: Prisma's `_prisma_migrations` in the Prisma
   * schema, Drizzle's `drizzle.__drizzle_migrations`. A ledger production does not have yet is
   * skipped with a note (then every migration is pending).
   */
  ledgers: { schema: string; table: string }[];
}

/**
 * Copies production's schema, without rows except the ledgers', into the empty scratch database
 * at `targetUrl`, and says which production tables have rows.
 *
 * Read: only through `source`, inside its read-only transaction (its `search_path` is set to
 * `pg_catalog` for the catalog reads and put back after). Written: to `targetUrl`, in one
 * transaction, in this order: schemas; extensions the scratch server offers (`CREATE EXTENSION IF
 * NOT EXISTS`, production's version when available there), the others noted; enum types (labels
 * in order), domains (base type, default, NOT NULL, named CHECKs) and composite types, in
 * creation (oid) order; functions and procedures in SQL or PL/pgSQL (`pg_get_functiondef`,
 * `check_function_bodies=off`) that defaults, checks and index expressions may call; sequences
 * (type, start, increment, bounds, cache, cycle, and the current value when the role may read
 * it); tables (columns in order with `format_type`, collation when not the type's, NOT NULL,
 * `pg_get_expr` defaults, identity with its sequence's name and settings, stored generated
 * columns, UNLOGGED, PARTITION BY, access method, storage parameters, row-level security
 * switches); functions whose signature names a table's row type, or with a `BEGIN ATOMIC` body;
 * primary keys, uniques and exclusion constraints; checks; indexes not backing a constraint
 * (`pg_get_indexdef`); foreign keys (after the indexes: a foreign key may rest on a unique index
 * that is no constraint); triggers (`pg_get_triggerdef`, enabled state kept); `OWNED BY` of
 * sequences; the ledgers' rows, and their sequences moved past the copied ids.
 *
 * @param source the read-only session on production
 * @param targetUrl an empty database on the scratch server, as a role that may create there
 *   (extensions need the rights CREATE EXTENSION needs)
 * @param options see {@link CopySchemaOptions}
 * @returns what was copied and what not ({@link SchemaCopy})
 * @throws Error when a ledger cannot be read (SQLSTATE 42501: without it the pending migrations are
 *   not known), or when a statement on the copy fails: the message names the statement and the
 *   server's error and SQLSTATE, and nothing of the copy is kept (the transaction is rolled back)
 */
export async function copyProductionSchema(source: ReadOnlySession, targetUrl: string, options: CopySchemaOptions): Promise<SchemaCopy> {
  const schemas = [...new Set([...options.schemas, ...options.ledgers.map((l) => l.schema)])];
  const prod = await readProduction(source, schemas, options.ledgers);
  const target = new pg.Client({ connectionString: targetUrl, application_name: 'incident-replay-drift-rehearse' });
  target.on('error', () => undefined);
  await target.connect();
  let ledgerRows = 0;
  let copiedTables: ProdTable[] = [];
  const notes = [...prod.notes];
  try {
    await target.query('BEGIN');
    await target.query(`SELECT set_config('search_path', 'pg_catalog', true), set_config('check_function_bodies', 'off', true)`);
    const run = (sql: string, params?: unknown[]) => runOn(target, sql, params);
    for (const s of prod.schemas) await run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}`);
    const created = await createExtensions(target, prod.extensions, notes);
    const plan = planCopy(prod, created);
    notes.push(...plan.notes);
    for (const s of plan.statements) await run(s);
    copiedTables = plan.tables;
    for (const l of prod.ledgers) {
      if (!l.count) continue;
      const t = schemaQualified(l.schema, l.table);
      const cols = l.columns.map(quoteIdent).join(', ');
      await run(`INSERT INTO ${t} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM json_populate_recordset(NULL::${t}, $1::json)`, [l.rows]);
      ledgerRows += l.count;
      // A serial or identity id: the next row the migrator writes must not take a copied id.
      for (const c of l.counters)
        await run(`SELECT setval(pg_get_serial_sequence($1, $2), max(${quoteIdent(c)})) FROM ${t} HAVING max(${quoteIdent(c)}) IS NOT NULL`, [t, c]);
    }
    await target.query('COMMIT');
  } catch (err) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await target.end().catch(() => undefined);
  }
  const tablesWithRows = new Set<string>();
  const rowsUnknown = new Set<string>();
  for (const t of copiedTables) {
    const key = `${t.schema}.${t.name}`;
    const rows = await source.hasRows(t.schema, t.name);
    if (rows === undefined) rowsUnknown.add(key);
    else if (rows) tablesWithRows.add(key);
  }
  if (rowsUnknown.size)
    notes.push(
      `rows unknown: the role may not read ${list([...rowsUnknown])} (SQLSTATE 42501); whether they have rows is not known, so statements that fail only on rows may pass on the copy`,
    );
  return { tables: copiedTables.length, tablesWithRows, rowsUnknown, ledgerRows, notes };
}

/** Runs one statement on the copy; a failure names the statement. */
async function runOn(client: pg.Client, sql: string, params?: unknown[]): Promise<void> {
  try {
    await client.query(sql, params);
  } catch (err) {
    const e = err as { message?: string; code?: string };
    throw new Error(`copying the schema failed at: ${firstChars(sql, 200)}: ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ''}`, { cause: err });
  }
}

/** Creates each extension under a savepoint; returns the names now on the copy, notes the others. */
async function createExtensions(client: pg.Client, extensions: ProdExtension[], notes: string[]): Promise<Set<string>> {
  const available = new Map<string, Set<string>>();
  for (const r of (await client.query<{ name: string; version: string }>('SELECT name, version FROM pg_available_extension_versions')).rows)
    available.set(r.name, (available.get(r.name) ?? new Set()).add(r.version));
  const created = new Set<string>(['plpgsql']);
  const missing: string[] = [];
  const otherVersion: string[] = [];
  for (const x of extensions) {
    const versions = available.get(x.name);
    if (!versions) {
      missing.push(`${x.name} ${x.version}`);
      continue;
    }
    if (x.schema !== 'pg_catalog') await runOn(client, `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(x.schema)}`);
    const version = versions.has(x.version) ? ` VERSION ${pg.escapeLiteral(x.version)}` : '';
    await client.query('SAVEPOINT extension');
    try {
      await client.query(
        `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(x.name)}${x.schema === 'pg_catalog' ? '' : ` WITH SCHEMA ${quoteIdent(x.schema)}`}${version} CASCADE`,
      );
      await client.query('RELEASE SAVEPOINT extension');
      created.add(x.name);
      if (!version) otherVersion.push(`${x.name} (production ${x.version}, the scratch server's default instead)`);
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT extension');
      missing.push(`${x.name} ${x.version} (${(err as Error).message})`);
    }
  }
  if (missing.length)
    notes.push(`extensions not on the scratch server, not created: ${missing.join(', ')}; what depends on them is not copied (see the notes below)`);
  if (otherVersion.length) notes.push(`extensions created in another version: ${otherVersion.join(', ')}`);
  return created;
}

// ---------------------------------------------------------------------------------------------
// Reading production

interface ProdExtension {
  name: string;
  version: string;
  schema: string;
}

interface ProdType {
  oid: number;
  schema: string;
  name: string;
  /** `e` enum, `d` domain, `c` composite; others (`r` range, `b` base, `m` multirange) are not copied. */
  kind: string;
  labels: string[] | null;
  base: string | null;
  notNull: boolean;
  default: string | null;
  collation: string | null;
  checks: string[] | null;
  attributes: string[] | null;
  /** The pg_class of a composite type, whose attributes carry its dependencies. */
  relid: number;
  /** The types this one is made of: a domain's base type, a composite type's attribute types (element types for arrays). */
  uses: number[];
}

interface ProdSequence {
  oid: number;
  schema: string;
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  unlogged: boolean;
  /** `pg_sequences.last_value`: null when never used, or when the role may not read the sequence. */
  lastValue: string | null;
  /** The column that owns it: `a` serial (`OWNED BY`), `i` identity. */
  owner: { table: number; column: string; deptype: 'a' | 'i' } | null;
}

interface ProdColumn {
  table: number;
  name: string;
  type: string;
  notNull: boolean;
  /** `pg_get_expr` of the default, or of the generation expression for a generated column. */
  expr: string | null;
  identity: '' | 'a' | 'd';
  generated: '' | 's' | 'v';
  collation: string | null;
  attnum: number;
  /** Its type, or the element type of an array type. */
  typeOid: number;
}

interface ProdTable {
  oid: number;
  schema: string;
  name: string;
  kind: 'r' | 'p';
  unlogged: boolean;
  partitionKey: string | null;
  accessMethod: string | null;
  options: string[] | null;
  rowSecurity: boolean;
  forceRowSecurity: boolean;
  /** Why it is not copied (a partition, an inheritance child), or undefined. */
  skip?: string;
  columns: ProdColumn[];
}

interface ProdConstraint {
  oid: number;
  table: number;
  name: string;
  type: 'p' | 'u' | 'x' | 'c' | 'f';
  def: string;
  /** For a foreign key: the referenced table. */
  refTable: number | null;
}

interface ProdIndex {
  oid: number;
  table: number;
  schema: string;
  name: string;
  def: string;
  valid: boolean;
}

interface ProdFunction {
  oid: number;
  schema: string;
  signature: string;
  kind: string;
  language: string;
  atomic: boolean;
  def: string | null;
  /** Relations whose row type the signature names, with their relkind. */
  rowTypes: { oid: number; kind: string; name: string }[];
}

interface ProdTrigger {
  table: number;
  name: string;
  def: string;
  enabled: string;
  fn: number;
  fnSchema: string;
  fnExtension: string | null;
}

interface ProdLedger {
  schema: string;
  table: string;
  /** Columns to insert (generated ones left out). */
  columns: string[];
  /** Serial or identity columns whose sequence must follow the copied ids. */
  counters: string[];
  count: number;
  /** The rows as a JSON array (text). */
  rows: string;
}

/** Everything read from production, in one snapshot. */
interface Production {
  version: number;
  schemas: string[];
  extensions: ProdExtension[];
  types: ProdType[];
  functions: ProdFunction[];
  sequences: ProdSequence[];
  tables: ProdTable[];
  constraints: ProdConstraint[];
  indexes: ProdIndex[];
  triggers: ProdTrigger[];
  /** Extension each object depends on, keyed `kind:oid` (`rel:` table or index, `col:table.attnum`, `def:table.attnum`, `con:`, `fn:`, `type:`). */
  extensionDeps: Map<string, Set<string>>;
  ledgers: ProdLedger[];
  notes: string[];
}

/** Reads production's catalog (and the ledgers' rows) for the given schemas, in the session's snapshot. */
async function readProduction(s: ReadOnlySession, schemas: string[], ledgers: { schema: string; table: string }[]): Promise<Production> {
  const settings = await s.query<{ path: string; version: string }>(
    `SELECT current_setting('search_path') AS path, current_setting('server_version_num') AS version`,
  );
  const { path, version } = settings[0]!;
  await s.query(`SELECT set_config('search_path', 'pg_catalog', true)`);
  try {
    return await readCatalog(s, schemas, ledgers, Number(version));
  } finally {
    await s.query(`SELECT set_config('search_path', $1, true)`, [path]).catch(() => undefined);
  }
}

/** `NOT EXISTS` clause: the object (class `cls`, oid expression `oid`) is no member of an extension. */
const notInExtension = (cls: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${cls}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

async function readCatalog(s: ReadOnlySession, wanted: string[], ledgerNames: { schema: string; table: string }[], version: number): Promise<Production> {
  const notes: string[] = [];
  const schemas = (await s.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname`, [wanted])).map(
    (r) => r.name,
  );
  const absent = wanted.filter((w) => !schemas.includes(w));
  if (absent.length) notes.push(`schemas not in production, not created: ${absent.join(', ')}`);

  const extensions = await s.query<ProdExtension>(
    `SELECT x.extname AS name, x.extversion AS version, n.nspname AS schema
       FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
      WHERE x.extname <> 'plpgsql' ORDER BY x.oid`,
  );

  const types = await s.query<ProdType>(
    `SELECT t.oid AS oid, n.nspname AS schema, t.typname AS name, t.typtype AS kind,
            CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS labels,
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base,
            t.typnotnull AS "notNull", pg_get_expr(t.typdefaultbin, 0) AS default,
            CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> bt.typcollation
                 THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation,
            CASE WHEN t.typtype = 'd' THEN ARRAY(SELECT 'CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid)
                   FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c' ORDER BY k.conname) END AS checks,
            CASE WHEN t.typtype = 'c' THEN ARRAY(SELECT quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attcollation <> at.typcollation THEN ' COLLATE ' || quote_ident(acn.nspname) || '.' || quote_ident(aco.collname) ELSE '' END
                   FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                   LEFT JOIN pg_collation aco ON aco.oid = a.attcollation LEFT JOIN pg_namespace acn ON acn.oid = aco.collnamespace
                  WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) END AS attributes,
            t.typrelid AS relid,
            ARRAY(SELECT CASE WHEN ut.typcategory = 'A' THEN ut.typelem ELSE ut.oid END FROM pg_type ut
                   WHERE ut.oid = t.typbasetype OR ut.oid IN (SELECT a.atttypid FROM pg_attribute a WHERE a.attrelid = t.typrelid AND t.typrelid <> 0)) AS uses
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
       LEFT JOIN pg_collation co ON co.oid = t.typcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
      WHERE n.nspname = ANY($1::text[]) AND t.typtype IN ('e', 'd', 'c', 'r', 'b')
        AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
        AND NOT (t.typtype = 'b' AND t.typcategory = 'A')
        AND ${notInExtension('pg_type', 't.oid')}
      ORDER BY t.oid`,
    [schemas],
  );

  const functions = await s.query<ProdFunction>(
    `SELECT p.oid AS oid, n.nspname AS schema, quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature,
            p.prokind AS kind, l.lanname AS language, ${version >= 140000 ? 'p.prosqlbody IS NOT NULL' : 'false'} AS atomic,
            CASE WHEN p.prokind IN ('f', 'p') AND l.lanname IN ('sql', 'plpgsql') THEN pg_get_functiondef(p.oid) END AS def,
            ARRAY(SELECT json_build_object('oid', rc.oid, 'kind', rc.relkind, 'name', rn.nspname || '.' || rc.relname)
                    FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]) || p.prorettype) AS u(t)
                    JOIN pg_type ty ON ty.oid = u.t LEFT JOIN pg_type el ON el.oid = ty.typelem AND ty.typcategory = 'A'
                    JOIN pg_class rc ON rc.oid IN (ty.typrelid, el.typrelid) JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                   WHERE rc.relkind <> 'c') AS "rowTypes"
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE n.nspname = ANY($1::text[]) AND ${notInExtension('pg_proc', 'p.oid')}
      ORDER BY p.oid`,
    [schemas],
  );

  const sequences = await s.query<ProdSequence & { owner_table: number | null; owner_column: string | null; deptype: 'a' | 'i' | null }>(
    `SELECT c.oid AS oid, n.nspname AS schema, c.relname AS name, format_type(q.seqtypid, NULL) AS type,
            q.seqstart::text AS start, q.seqincrement::text AS increment, q.seqmin::text AS min, q.seqmax::text AS max,
            q.seqcache::text AS cache, q.seqcycle AS cycle, c.relpersistence = 'u' AS unlogged, ps.last_value::text AS "lastValue",
            d.refobjid AS owner_table, a.attname AS owner_column, d.deptype
       FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_sequences ps ON ps.schemaname = n.nspname AND ps.sequencename = c.relname
       LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                             AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE n.nspname = ANY($1::text[]) AND ${notInExtension('pg_class', 'c.oid')}
      ORDER BY n.nspname, c.relname`,
    [schemas],
  );

  const tables = await s.query<ProdTable & { partition: boolean; inherits: boolean }>(
    `SELECT c.oid AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.relpersistence = 'u' AS unlogged,
            CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS "partitionKey",
            CASE WHEN am.amname IS NOT NULL AND am.amname <> 'heap' THEN am.amname END AS "accessMethod",
            c.reloptions::text[] AS options, c.relrowsecurity AS "rowSecurity", c.relforcerowsecurity AS "forceRowSecurity",
            c.relispartition AS partition, EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) AS inherits
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_am am ON am.oid = c.relam
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) AND ${notInExtension('pg_class', 'c.oid')}
      ORDER BY n.nspname, c.relname`,
    [schemas],
  );
  const skipped: string[] = [];
  for (const t of tables) {
    t.columns = [];
    if (t.partition || t.inherits) {
      t.skip = t.partition ? 'a partition' : 'an inheritance child';
      skipped.push(`${t.schema}.${t.name} (${t.skip})`);
    }
  }
  if (skipped.length) notes.push(`tables not copied: ${list(skipped)}: partitions and inheritance children are not copied yet`);
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const tableOids = tables.filter((t) => !t.skip).map((t) => t.oid);

  const columns = await s.query<ProdColumn>(
    `SELECT a.attrelid AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
            pg_get_expr(d.adbin, d.adrelid) AS expr, a.attidentity AS identity, a.attgenerated AS generated, a.attnum,
            CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END AS "typeOid",
            CASE WHEN a.attcollation <> t.typcollation THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       LEFT JOIN pg_collation co ON co.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [tableOids],
  );
  for (const c of columns) byOid.get(c.table)?.columns.push(c);

  const constraints = await s.query<ProdConstraint>(
    `SELECT k.oid AS oid, k.conrelid AS table, k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS def,
            nullif(k.confrelid, 0) AS "refTable"
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE k.conrelid = ANY($1::oid[]) AND k.contype IN ('p', 'u', 'x', 'c', 'f')
      ORDER BY k.conrelid, k.conname`,
    [tableOids],
  );

  const indexes = await s.query<ProdIndex>(
    `SELECT x.indexrelid AS oid, x.indrelid AS table, n.nspname AS schema, i.relname AS name,
            pg_get_indexdef(x.indexrelid) AS def, x.indisvalid AS valid
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
      WHERE x.indrelid = ANY($1::oid[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
      ORDER BY n.nspname, i.relname`,
    [tableOids],
  );

  const triggers = await s.query<ProdTrigger>(
    `SELECT t.tgrelid AS table, t.tgname AS name, pg_get_triggerdef(t.oid) AS def, t.tgenabled AS enabled, t.tgfoid AS fn,
            fn.nspname AS "fnSchema",
            (SELECT x.extname FROM pg_depend e JOIN pg_extension x ON x.oid = e.refobjid
              WHERE e.classid = 'pg_proc'::regclass AND e.objid = t.tgfoid AND e.deptype = 'e') AS "fnExtension"
       FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace fn ON fn.oid = p.pronamespace
      WHERE t.tgrelid = ANY($1::oid[]) AND NOT t.tgisinternal
      ORDER BY t.tgrelid, t.tgname`,
    [tableOids],
  );

  // What depends on an object of an extension (its type, operator class, function): copied only when the extension is.
  const deps = await s.query<{ key: string; ext: string }>(
    `SELECT CASE d.classid
              WHEN 'pg_class'::regclass THEN CASE WHEN d.objsubid > 0 THEN 'col:' || d.objid || '.' || d.objsubid ELSE 'rel:' || d.objid END
              WHEN 'pg_attrdef'::regclass THEN 'def:' || ad.adrelid || '.' || ad.adnum
              WHEN 'pg_constraint'::regclass THEN 'con:' || d.objid
              WHEN 'pg_proc'::regclass THEN 'fn:' || d.objid
              ELSE 'type:' || d.objid END AS key,
            x.extname AS ext
       FROM pg_depend d
       -- A column of an extension's type depends on it, one of an array of it on the array type (no extension member itself).
       CROSS JOIN LATERAL (SELECT CASE WHEN d.refclassid = 'pg_type'::regclass
                                       THEN coalesce((SELECT nullif(t.typelem, 0) FROM pg_type t WHERE t.oid = d.refobjid AND t.typcategory = 'A'), d.refobjid)
                                       ELSE d.refobjid END AS ref) r
       JOIN pg_depend e ON e.classid = d.refclassid AND e.objid = r.ref AND e.deptype = 'e' AND e.refclassid = 'pg_extension'::regclass
       JOIN pg_extension x ON x.oid = e.refobjid
       LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid
      WHERE d.classid IN ('pg_class'::regclass, 'pg_attrdef'::regclass, 'pg_constraint'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass)
        AND d.deptype = 'n'
        AND NOT EXISTS (SELECT 1 FROM pg_depend m WHERE m.classid = d.classid AND m.objid = d.objid AND m.deptype = 'e')`,
  );
  const extensionDeps = new Map<string, Set<string>>();
  for (const d of deps) extensionDeps.set(d.key, (extensionDeps.get(d.key) ?? new Set()).add(d.ext));

  // Not copied, only noted: views, policies, rules.
  const views = await s.query<{ name: string; kind: string }>(
    `SELECT n.nspname || '.' || c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1::text[]) AND ${notInExtension('pg_class', 'c.oid')} ORDER BY 1`,
    [schemas],
  );
  const plain = views.filter((v) => v.kind === 'v').map((v) => v.name);
  const materialized = views.filter((v) => v.kind === 'm').map((v) => v.name);
  if (plain.length) notes.push(`views not copied: ${list(plain)}: a pending migration that replaces or drops one behaves differently on the copy`);
  if (materialized.length) notes.push(`materialized views not copied: ${list(materialized)}`);
  const policies = (
    await s.query<{ name: string }>(
      `SELECT quote_ident(p.polname) || ' on ' || n.nspname || '.' || c.relname AS name FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.polrelid = ANY($1::oid[]) ORDER BY 1`,
      [tableOids],
    )
  ).map((r) => r.name);
  if (policies.length) notes.push(`row-level security policies not copied: ${list(policies)} (they name roles the scratch server does not have)`);
  const rules = (
    await s.query<{ name: string }>(
      `SELECT quote_ident(r.rulename) || ' on ' || n.nspname || '.' || c.relname AS name FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.ev_class = ANY($1::oid[]) AND r.rulename <> '_RETURN' ORDER BY 1`,
      [tableOids],
    )
  ).map((r) => r.name);
  if (rules.length) notes.push(`rules not copied: ${list(rules)}`);

  const ledgers: ProdLedger[] = [];
  for (const l of ledgerNames) {
    const t = tables.find((x) => x.schema === l.schema && x.name === l.table && !x.skip);
    if (!t) {
      notes.push(`ledger ${l.schema}.${l.table} is not in production: no rows to copy, every migration of it is pending`);
      continue;
    }
    // As JSON text, not parsed here: bigint values stay exact.
    const read = await s.tryQuery<{ n: number; rows: string }>(
      `SELECT count(*)::int AS n, coalesce(json_agg(r.*), '[]'::json)::text AS rows FROM ${schemaQualified(l.schema, l.table)} AS r`,
    );
    if ('error' in read)
      throw new Error(
        `the migration ledger ${l.schema}.${l.table} cannot be read: ${read.error.message}${read.error.code ? ` (SQLSTATE ${read.error.code})` : ''}; without it the pending migrations are not known (grant SELECT on it)`,
      );
    const counters = t.columns.filter((c) => c.identity || (c.expr && !c.generated && /^nextval\(/.test(c.expr))).map((c) => c.name);
    ledgers.push({ ...l, columns: t.columns.filter((c) => !c.generated).map((c) => c.name), counters, count: read.rows[0]!.n, rows: read.rows[0]!.rows });
  }

  return {
    version,
    schemas,
    extensions,
    types,
    functions,
    sequences: sequences.map(({ owner_table, owner_column, deptype, ...q }) => ({
      ...q,
      owner: owner_table !== null && owner_column !== null && deptype ? { table: owner_table, column: owner_column, deptype } : null,
    })),
    tables,
    constraints,
    indexes,
    triggers,
    extensionDeps,
    ledgers,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Planning the copy

/**
 * The statements that make the copy (after the schemas and extensions), in dependency order, and
 * notes for what is left out because an extension it needs is missing or it cannot be created.
 */
function planCopy(p: Production, extensions: Set<string>): { statements: string[]; notes: string[]; tables: ProdTable[] } {
  const notes: string[] = [];
  const missingExt = (key: string) => [...(p.extensionDeps.get(key) ?? [])].filter((x) => !extensions.has(x));
  const missingExtPrefix = (prefix: string) => [...p.extensionDeps].filter(([k]) => k.startsWith(prefix)).flatMap(([k]) => missingExt(k));
  const tableName = new Map(p.tables.map((t) => [t.oid, schemaQualified(t.schema, t.name)]));
  const label = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
  const leftOut = new Map<string, string[]>();
  const leave = (what: string, name: string) => leftOut.set(what, [...(leftOut.get(what) ?? []), name]);

  // Types first: a table whose column type is not copied is not copied either.
  const types: string[] = [];
  const typesLeftOut = new Set<number>();
  for (const t of p.types) {
    const name = schemaQualified(t.schema, t.name);
    const needs = [...missingExt(`type:${t.oid}`), ...(t.relid ? missingExtPrefix(`col:${t.relid}.`) : [])];
    const typeLabel = `${t.schema}.${t.name}`;
    let sql: string | undefined;
    if (needs.length) leave(`types (they need extension ${[...new Set(needs)].join(', ')})`, typeLabel);
    else if (t.uses.some((u) => typesLeftOut.has(u))) leave('types (made of a type that is not copied)', typeLabel);
    else if (t.kind === 'e') sql = `CREATE TYPE ${name} AS ENUM (${(t.labels ?? []).map((l) => pg.escapeLiteral(l)).join(', ')})`;
    else if (t.kind === 'd')
      sql = `CREATE DOMAIN ${name} AS ${t.base}${t.collation ? ` COLLATE ${t.collation}` : ''}${t.default !== null ? ` DEFAULT ${t.default}` : ''}${t.notNull ? ' NOT NULL' : ''}${(t.checks ?? []).map((c) => ` ${c}`).join('')}`;
    else if (t.kind === 'c') sql = `CREATE TYPE ${name} AS (${(t.attributes ?? []).join(', ')})`;
    else leave(t.kind === 'r' ? 'range types' : 'base types', typeLabel);
    if (sql) types.push(sql);
    else typesLeftOut.add(t.oid);
  }

  // Tables that cannot be created: a column's type comes from a missing extension, or is not copied.
  const copied = new Set<number>();
  for (const t of p.tables) {
    if (t.skip) continue;
    const needs = t.columns.flatMap((c) => missingExt(`col:${t.oid}.${c.attnum}`));
    if (needs.length) leave(`tables (their column types need extension ${[...new Set(needs)].join(', ')})`, label(t));
    else if (t.columns.some((c) => typesLeftOut.has(c.typeOid))) leave('tables (a column type is not copied)', label(t));
    else copied.add(t.oid);
  }

  // Functions: before the tables (defaults, checks and index expressions may call them), unless
  // the signature names a table's row type or the body is BEGIN ATOMIC (checked at creation).
  const early: string[] = [];
  const late: string[] = [];
  const functionsCopied = new Set<number>();
  for (const f of p.functions) {
    const needs = missingExt(`fn:${f.oid}`);
    if (f.def === null) {
      leave(f.kind === 'a' ? 'aggregates' : f.kind === 'w' ? 'window functions' : `functions in language ${f.language}`, f.signature);
      continue;
    }
    if (needs.length) {
      leave(`functions (they need extension ${needs.join(', ')})`, f.signature);
      continue;
    }
    const other = f.rowTypes.filter((r) => !copied.has(r.oid));
    if (other.length) {
      leave('functions (their signature names the row type of a relation that is not copied)', `${f.signature} (${other.map((r) => r.name).join(', ')})`);
      continue;
    }
    (f.rowTypes.length || f.atomic ? late : early).push(f.def);
    functionsCopied.add(f.oid);
  }

  const sequences: string[] = [];
  const afterTables: string[] = [];
  const identity = new Map<string, ProdSequence>();
  for (const q of p.sequences) {
    const name = schemaQualified(q.schema, q.name);
    if (q.owner?.deptype === 'i') {
      identity.set(`${q.owner.table}.${q.owner.column}`, q);
      if (q.lastValue !== null && copied.has(q.owner.table)) afterTables.push(`SELECT setval(${pg.escapeLiteral(name)}, ${q.lastValue}, true)`);
      continue;
    }
    sequences.push(`CREATE ${q.unlogged ? 'UNLOGGED ' : ''}SEQUENCE ${name} AS ${q.type} ${sequenceOptions(q)}`);
    if (q.lastValue !== null) sequences.push(`SELECT setval(${pg.escapeLiteral(name)}, ${q.lastValue}, true)`);
    if (q.owner && copied.has(q.owner.table)) afterTables.push(`ALTER SEQUENCE ${name} OWNED BY ${tableName.get(q.owner.table)}.${quoteIdent(q.owner.column)}`);
  }
  const unread = p.sequences.filter((q) => q.lastValue === null).length;
  if (unread)
    notes.push(
      `sequence values: ${unread} of ${p.sequences.length} sequences were never used or may not be read by the role (USAGE or SELECT on them); on the copy they start at their START value`,
    );

  const tables: string[] = [];
  const droppedDefaults: string[] = [];
  for (const t of p.tables) {
    if (!copied.has(t.oid)) continue;
    const cols = t.columns.map((c) => {
      let col = `${quoteIdent(c.name)} ${c.type}`;
      if (c.collation) col += ` COLLATE ${c.collation}`;
      if (c.generated && c.expr !== null) {
        if (c.generated === 'v') leave('virtual generated columns (copied as STORED: PostgreSQL 17 has no VIRTUAL)', `${label(t)}.${c.name}`);
        col += ` GENERATED ALWAYS AS (${c.expr}) STORED`;
      } else if (c.expr !== null) {
        const needs = missingExt(`def:${t.oid}.${c.attnum}`);
        if (needs.length) droppedDefaults.push(`${label(t)}.${c.name} (${needs.join(', ')})`);
        else col += ` DEFAULT ${c.expr}`;
      }
      if (c.identity) {
        const q = identity.get(`${t.oid}.${c.name}`);
        const seq = q ? ` (SEQUENCE NAME ${schemaQualified(q.schema, q.name)} ${sequenceOptions(q)})` : '';
        col += ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${seq}`;
      }
      if (c.notNull) col += ' NOT NULL';
      return col;
    });
    let sql = `CREATE ${t.unlogged ? 'UNLOGGED ' : ''}TABLE ${tableName.get(t.oid)} (${cols.join(', ')})`;
    if (t.partitionKey) sql += ` PARTITION BY ${t.partitionKey}`;
    if (t.accessMethod) sql += ` USING ${quoteIdent(t.accessMethod)}`;
    if (t.options?.length) sql += ` WITH (${t.options.map(storageOption).join(', ')})`;
    tables.push(sql);
    if (t.rowSecurity) afterTables.push(`ALTER TABLE ${tableName.get(t.oid)} ENABLE ROW LEVEL SECURITY`);
    if (t.forceRowSecurity) afterTables.push(`ALTER TABLE ${tableName.get(t.oid)} FORCE ROW LEVEL SECURITY`);
  }
  if (droppedDefaults.length) notes.push(`column defaults not copied (they need a missing extension): ${list(droppedDefaults)}`);

  const constraint = (k: ProdConstraint) => `ALTER TABLE ${tableName.get(k.table)} ADD CONSTRAINT ${quoteIdent(k.name)} ${k.def}`;
  const usable = (k: ProdConstraint) => {
    if (!copied.has(k.table)) return false;
    const needs = missingExt(`con:${k.oid}`);
    if (needs.length) leave(`constraints (they need extension ${needs.join(', ')})`, `${k.name} on ${tableName.get(k.table)}`);
    else if (k.refTable !== null && !copied.has(k.refTable))
      leave('foreign keys (they reference a table that is not copied)', `${k.name} on ${tableName.get(k.table)}`);
    else return true;
    return false;
  };
  const ofType = (...types: string[]) => p.constraints.filter((k) => types.includes(k.type) && usable(k)).map(constraint);
  const keys = ofType('p', 'u', 'x');
  const checks = ofType('c');
  const indexes: string[] = [];
  const invalid: string[] = [];
  for (const i of p.indexes) {
    if (!copied.has(i.table)) continue;
    const needs = missingExt(`rel:${i.oid}`);
    if (needs.length) {
      leave(`indexes (they need extension ${needs.join(', ')})`, `${i.schema}.${i.name}`);
      continue;
    }
    indexes.push(i.def);
    if (!i.valid) invalid.push(`${i.schema}.${i.name}`);
  }
  if (invalid.length) notes.push(`invalid indexes (a failed CREATE INDEX CONCURRENTLY) copied as valid ones: ${list(invalid)}`);
  const foreignKeys = ofType('f');

  const triggers: string[] = [];
  for (const t of p.triggers) {
    if (!copied.has(t.table)) continue;
    const exists =
      functionsCopied.has(t.fn) ||
      t.fnSchema === 'pg_catalog' ||
      (t.fnExtension !== null && extensions.has(t.fnExtension)) ||
      t.fnSchema === 'information_schema';
    if (!exists) {
      leave('triggers (their function is not copied)', `${quoteIdent(t.name)} on ${tableName.get(t.table)}`);
      continue;
    }
    triggers.push(t.def);
    const enable = { D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' }[t.enabled];
    if (enable) triggers.push(`ALTER TABLE ${tableName.get(t.table)} ${enable} TRIGGER ${quoteIdent(t.name)}`);
  }

  for (const [what, names] of leftOut) notes.push(`${what} not copied: ${list(names)}`);
  return {
    statements: [...types, ...early, ...sequences, ...tables, ...late, ...keys, ...checks, ...indexes, ...foreignKeys, ...triggers, ...afterTables],
    notes,
    tables: p.tables.filter((t) => copied.has(t.oid)),
  };
}

/** `INCREMENT BY … MINVALUE … MAXVALUE … START WITH … CACHE … [NO] CYCLE` of a sequence. */
function sequenceOptions(q: ProdSequence): string {
  return `INCREMENT BY ${q.increment} MINVALUE ${q.min} MAXVALUE ${q.max} START WITH ${q.start} CACHE ${q.cache} ${q.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}

/** One `name=value` of pg_class.reloptions as a `WITH (…)` item: the value quoted as a literal. */
function storageOption(o: string): string {
  const eq = o.indexOf('=');
  return `${o.slice(0, eq)}=${pg.escapeLiteral(o.slice(eq + 1))}`;
}

/** Up to 10 names, then how many more. */
function list(names: string[]): string {
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`;
}

function firstChars(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= n ? one : `${one.slice(0, n - 1)}…`;
}
