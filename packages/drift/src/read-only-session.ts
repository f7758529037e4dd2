import pg from 'pg';
import { schemaQualified } from './pg-types.js';
import type { ActualCatalog, ActualColumn, ActualConstraints, ActualIndex, ActualTable } from './model.js';

/**
 * A connection that can only read: the session starts with
 * `default_transaction_read_only=on` and every query runs inside one
 * `BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`, which is
 * rolled back at the end. PostgreSQL refuses any write in it with SQLSTATE
 * 25006 (read_only_sql_transaction), so a bug in this package cannot change
 * the database it checks. One snapshot for all reads: catalog and ledger are
 * seen at the same instant.
 */
export class ReadOnlySession {
  private constructor(private readonly client: pg.Client) {}

  /**
   * Connects and opens the read-only transaction.
   *
   * @param url a `postgres://` URL; a Prisma-style `?schema=` parameter is removed first
   * @param timeoutMs connect and statement timeout in milliseconds
   * @throws the driver's error (ECONNREFUSED, SQLSTATE 28P01 wrong password, 3D000 no such database)
   */
  static async open(url: string, timeoutMs = 10_000): Promise<ReadOnlySession> {
    const client = new pg.Client({
      connectionString: withoutPrismaParams(url),
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      application_name: 'incident-replay-drift',
      options: '-c default_transaction_read_only=on',
    });
    // An error event after connect (server gone) must not crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return new ReadOnlySession(client);
  }

  /** Runs one read inside the transaction. */
  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.client.query<R>(sql, params)).rows;
  }

  /**
   * Every table, view and column of the given schemas, from pg_catalog (readable by any role
   * that may connect). Keyed `schema.table`.
   */
  async tables(schemas: string[]): Promise<Map<string, ActualTable>> {
    const rows = await this.query<{
      schema: string;
      table: string;
      column: string | null;
      type: string | null;
      not_null: boolean | null;
      default: string | null;
      identity: string | null;
      generated: string | null;
    }>(
      `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column,
              format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity, a.attgenerated AS generated
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY($1::text[])
        ORDER BY n.nspname, c.relname, a.attnum`,
      [schemas],
    );
    const out = new Map<string, ActualTable>();
    for (const r of rows) {
      const key = `${r.schema}.${r.table}`;
      let t = out.get(key);
      if (!t) {
        t = { schema: r.schema, name: r.table, columns: new Map() };
        out.set(key, t);
      }
      if (r.column === null) continue;
      const col: ActualColumn = {
        name: r.column,
        type: (r.type ?? '').replace(/"/g, ''),
        notNull: r.not_null === true,
        default: r.default,
        identity: !!r.identity,
        generated: !!r.generated,
      };
      t.columns.set(r.column, col);
    }
    return out;
  }

  /**
   * Indexes (pg_index: unique, primary, partial, valid, key columns), foreign keys
   * (pg_constraint `f`: columns, referenced table and columns, ON DELETE action) and enum types
   * (pg_enum labels in `enumsortorder`) of the given schemas, in two catalog queries readable by
   * any role that may connect.
   */
  async catalog(schemas: string[]): Promise<ActualCatalog> {
    // One client runs one query at a time: sequential, not Promise.all.
    const idx = await this.query<ActualIndex & { schema: string; table: string }>(
      `SELECT n.nspname AS schema, t.relname AS table, i.relname AS name,
              ARRAY(SELECT a.attname::text FROM unnest(x.indkey[0:x.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord)
                      LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0
                     ORDER BY k.ord) AS columns,
              x.indisunique AS unique, x.indisprimary AS primary, x.indpred IS NOT NULL AS partial, x.indisvalid AS valid
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = ANY($1::text[])`,
      [schemas],
    );
    const fks = await this.query<{
      schema: string;
      table: string;
      name: string;
      columns: string[];
      ref_schema: string;
      ref_table: string;
      ref_columns: string[];
      on_delete: string;
      on_update: string;
      deferrable: boolean;
      deferred: boolean;
      match: string;
    }>(
      `SELECT n.nspname AS schema, t.relname AS table, c.conname AS name,
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
              rn.nspname AS ref_schema, r.relname AS ref_table,
              ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns,
              c.confdeltype AS on_delete, c.confupdtype AS on_update,
              c.condeferrable AS deferrable, c.condeferred AS deferred, c.confmatchtype AS match
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE c.contype = 'f' AND n.nspname = ANY($1::text[])`,
      [schemas],
    );
    const enums = await this.query<{ schema: string; name: string; labels: string[] }>(
      `SELECT n.nspname AS schema, t.typname AS name, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'e' AND n.nspname = ANY($1::text[])`,
      [schemas],
    );
    const constraints = new Map<string, ActualConstraints>();
    const of = (schema: string, table: string) => {
      const key = `${schema}.${table}`;
      let c = constraints.get(key);
      if (!c) {
        c = { indexes: [], foreignKeys: [] };
        constraints.set(key, c);
      }
      return c;
    };
    const indexNames = new Map<string, string>();
    for (const r of idx) {
      of(r.schema, r.table).indexes.push({ name: r.name, columns: r.columns, unique: r.unique, primary: r.primary, partial: r.partial, valid: r.valid });
      indexNames.set(`${r.schema}.${r.name}`, r.table);
    }
    for (const r of fks)
      of(r.schema, r.table).foreignKeys.push({
        name: r.name,
        columns: r.columns,
        refSchema: r.ref_schema,
        refTable: r.ref_table,
        refColumns: r.ref_columns,
        onDelete: FK_ACTIONS[r.on_delete] ?? r.on_delete,
        onUpdate: FK_ACTIONS[r.on_update] ?? r.on_update,
        deferrable: r.deferrable,
        initiallyDeferred: r.deferred,
        match: r.match === 'f' ? 'FULL' : r.match === 'p' ? 'PARTIAL' : 'SIMPLE',
      });
    return { constraints, enums: new Map(enums.map((e) => [`${e.schema}.${e.name}`, e.labels])), indexNames };
  }

  /**
   * Runs one read that may be refused (no SELECT privilege, SQLSTATE 42501; a column or table that
   * is not there, 42703 / 42P01; the statement timeout, 57014) under a savepoint, so that the
   * transaction survives the refusal and later reads still run in the same snapshot.
   *
   * @returns the rows, or the refusal's SQLSTATE (`code`, when the server gave one) and message
   * @throws only when the savepoint itself cannot be set or rolled back to (the connection is gone)
   */
  async tryQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<{ rows: R[] } | { error: { code?: string; message: string } }> {
    await this.client.query('SAVEPOINT drift_try');
    try {
      const r = await this.client.query<R>(sql, params);
      await this.client.query('RELEASE SAVEPOINT drift_try');
      return { rows: r.rows };
    } catch (err) {
      await this.client.query('ROLLBACK TO SAVEPOINT drift_try');
      const e = err as { code?: string; message?: string };
      return { error: { ...(e.code ? { code: e.code } : {}), message: e.message ?? String(err) } };
    }
  }

  /**
   * Whether a table has at least one row: `SELECT EXISTS (SELECT 1 FROM t)`, which stops at the
   * first row it finds. Needs SELECT on the table; `undefined` when that is denied (SQLSTATE
   * 42501) — the query runs under a savepoint ({@link tryQuery}) so the transaction survives the refusal.
   *
   * @throws the server's error for any other failure (e.g. 42P01, no such table)
   */
  async hasRows(schema: string, table: string): Promise<boolean | undefined> {
    const r = await this.tryQuery<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${schemaQualified(schema, table)}) AS any`);
    if ('rows' in r) return r.rows[0]?.any === true;
    if (r.error.code === '42501') return undefined;
    throw Object.assign(new Error(r.error.message), r.error);
  }

  /** Whether a table exists (`schema.table`), without needing privileges on it. */
  async tableExists(schema: string, table: string): Promise<boolean> {
    const rows = await this.query<{ ok: boolean }>(`SELECT to_regclass(format('%I.%I', $1::text, $2::text)) IS NOT NULL AS ok`, [schema, table]);
    return rows[0]?.ok === true;
  }

  /** Rolls the transaction back and disconnects. Idempotent. */
  async close(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}

/** pg_constraint.confdeltype / confupdtype codes (PostgreSQL docs, pg_constraint) in SQL spelling. */
const FK_ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/**
 * Removes the query parameters Prisma adds to its URLs (`schema`, `connection_limit`,
 * `pool_timeout`, …) that node-postgres does not understand, and returns the URL.
 * `schema` is read separately by {@link prismaSchemaOf}.
 */
export function withoutPrismaParams(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  for (const p of ['schema', 'connection_limit', 'pool_timeout', 'pgbouncer', 'socket_timeout', 'connect_timeout', 'statement_cache_size'])
    u.searchParams.delete(p);
  return u.toString();
}

/** The `?schema=` of a Prisma connection URL, default `public`. */
export function prismaSchemaOf(url: string): string {
  try {
    return new URL(url).searchParams.get('schema') || 'public';
  } catch {
    return 'public';
  }
}
