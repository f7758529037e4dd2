/**
 * The app's database client: Drizzle on node-postgres, connected to `DATABASE_URL`. Created on
 * first use so the URL is read when the first query runs (the incident's setup sets it per run),
 * not at import.
 */
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

let current: { db: NodePgDatabase<typeof schema>; pool: pg.Pool } | undefined;

/**
 * Returns the app's Drizzle client, making it (and its pool) on the first call.
 *
 * @throws Error when DATABASE_URL is unset
 */
export function db(): NodePgDatabase<typeof schema> {
  if (!current) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: point it at the app database (postgres://user:pass@host:port/db).');
    const pool = new pg.Pool({ connectionString: url });
    // node-postgres re-emits an idle client's backend error (a restart, a terminated session) on
    // the pool; unhandled, it would end the process.
    pool.on('error', (err) => console.error('[db] idle client error:', err.message));
    current = { db: drizzle({ client: pool, schema }), pool };
  }
  return current.db;
}

/** Closes the pool (the incident's setup registers it with `env.onTeardown`). The next {@link db} call makes a new one. */
export async function closeDb(): Promise<void> {
  const c = current;
  current = undefined;
  await c?.pool.end();
}
