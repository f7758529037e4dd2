import pg from 'pg';
import type { ActualColumn, ActualTable } from './model.js';

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
    const rows = await this.query<{ schema: string; table: string; column: string | null; type: string | null; not_null: boolean | null; default: string | null; identity: string | null; generated: string | null }>(
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
      if (!t) out.set(key, (t = { schema: r.schema, name: r.table, columns: new Map() }));
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
  for (const p of ['schema', 'connection_limit', 'pool_timeout', 'pgbouncer', 'socket_timeout', 'connect_timeout', 'statement_cache_size']) u.searchParams.delete(p);
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
