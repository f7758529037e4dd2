import { neon, neonConfig } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import * as schema from './schema';

/**
 * Where `neon()` sends its SQL-over-HTTP requests. In production this is
 * Neon's default (`https://api.<host>/sql`, derived from DATABASE_URL's host).
 * `NEON_HTTP_ENDPOINT` points it elsewhere — Drizzle's docs do the same for a
 * local Neon proxy; the replay points it at its Neon HTTP test double. Read at
 * query time, not import time, so the variable may be set after import.
 */
const neonDefaultEndpoint = neonConfig.fetchEndpoint;
neonConfig.fetchEndpoint = (host, port, options) =>
  process.env.NEON_HTTP_ENDPOINT || (typeof neonDefaultEndpoint === 'function' ? neonDefaultEndpoint(host, port, options) : neonDefaultEndpoint);

/**
 * The app's database (postmortem 001_94afe4549f0b720e.txt, `src/lib/db/index.ts`):
 * Drizzle over the neon-http driver, i.e. every query is one `fetch` to the
 * Neon endpoint — usable from the Edge runtime, unlike a TCP client.
 * Reads `DATABASE_URL` (a `postgresql://user:password@host/db` URL) at import.
 *
 * @throws NeonDbError (wrapped by Drizzle in DrizzleQueryError) when a query fails,
 *   including `Error connecting to database: … fetch failed` when the endpoint
 *   cannot be reached; a missing DATABASE_URL fails the first query with neon's
 *   "Wrong URL scheme or missing user, host or database".
 */
export const db = drizzle(neon(process.env.DATABASE_URL ?? ''), { schema });
