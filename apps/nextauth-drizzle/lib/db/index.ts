/**
 * The app's database client: Drizzle on node-postgres, connected to
 * `DATABASE_URL`. Created on first use so the URL is read when the first
 * request arrives (the replay sets it before that), not at import.
 *
 * The client lives on `globalThis`, the usual Next.js pattern for surviving
 * hot reload; it also keeps one pool per process when a loader evaluates
 * this file twice (tsx's ESM and CJS paths do).
 */
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import * as schema from './schema';

const store = globalThis as typeof globalThis & { __nextauthDrizzleDb?: { db: NodePgDatabase<typeof schema>; pool: Pool } };

/**
 * Returns the shared Drizzle client.
 *
 * @throws Error when DATABASE_URL is unset
 */
export function getDb(): NodePgDatabase<typeof schema> {
  if (!store.__nextauthDrizzleDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: point it at the app database (postgres://user:pass@host:port/db).');
    const pool = new Pool({ connectionString: url });
    // node-postgres re-emits an idle client's backend error (a restart, a
    // terminated session) on the pool; unhandled, it would end the process.
    pool.on('error', (err) => console.error('[db] idle client error:', err.message));
    store.__nextauthDrizzleDb = { db: drizzle({ client: pool, schema }), pool };
  }
  return store.__nextauthDrizzleDb.db;
}

/** Closes the pool (the replay calls it when the incident ends). */
export async function closeDb(): Promise<void> {
  const current = store.__nextauthDrizzleDb;
  store.__nextauthDrizzleDb = undefined;
  await current?.pool.end();
}
