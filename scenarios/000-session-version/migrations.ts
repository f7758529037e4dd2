/**
 * Applying the app's migrations the way its deploys did (the app's
 * db/migrate.ts: Drizzle's migrator, ledger `drizzle.__drizzle_migrations`)
 * and the way the postmortem did (`psql -f` on one file).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { MIGRATIONS_DIR, migrateDatabase } from '../../apps/nextauth-drizzle/db/migrate';

export { MIGRATIONS_DIR, migrateDatabase };

/** apps/nextauth-drizzle */
export const APP_DIR = fileURLToPath(new URL('../../apps/nextauth-drizzle/', import.meta.url));
/** The migration the production database never received. */
export const MIGRATION_0012 = path.join(MIGRATIONS_DIR, '0012_add_session_versioning.sql');

// Libraries resolved exactly as the app resolves them.
const appRequire = createRequire(path.join(APP_DIR, 'package.json'));

/** The slice of bcryptjs the replay uses (the app's copy). */
export const bcrypt = appRequire('bcryptjs') as { hashSync(password: string, rounds: number): string };

/** `psql -f` for one file, keeping its NOTICEs (pg-harness). */
export { runSqlFile } from '@incident-replay/pg-harness';

/**
 * Mints a NextAuth v4 session JWT with the app's own next-auth (`encode`
 * from `next-auth/jwt`), standing for a token a user's browser already held.
 */
export async function mintSessionJwt(token: Record<string, unknown>, secret: string): Promise<string> {
  const { encode } = appRequire('next-auth/jwt') as { encode(params: { token: Record<string, unknown>; secret: string }): Promise<string> };
  return encode({ token, secret });
}
