import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import * as schema from './schema';

/**
 * NOT used by the app: the same `db` over node-postgres (a TCP client), which
 * the replay swaps in for `@/lib/db` to show what a TCP driver does inside the
 * Edge runtime — the middleware module does not load at all.
 */
export const db = drizzle(new Pool({ connectionString: process.env.DATABASE_URL }), { schema });
