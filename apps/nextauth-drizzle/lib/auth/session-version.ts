/**
 * Reading `users.session_version`, before and after the fix of postmortem
 * 000_b34f50e6b2a4b170.txt.
 */
import { DrizzleQueryError, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { users } from '../db/schema';

/** PostgreSQL's SQLSTATE for "column does not exist" (undefined_column). */
export const UNDEFINED_COLUMN = '42703';

/** The version a user has before anyone bumps it (the column's default). */
export const DEFAULT_SESSION_VERSION = 1;

/**
 * True when `err` is Postgres's "column does not exist". Drizzle ≥ 0.44
 * wraps the driver error in `DrizzleQueryError` with the pg error in `cause`;
 * production bundles minify class names, so match with `instanceof` or the
 * SQLSTATE, never with `constructor.name`.
 */
export function isUndefinedColumn(err: unknown): boolean {
  const cause = err instanceof DrizzleQueryError ? err.cause : (err as { cause?: unknown } | undefined)?.cause;
  return (cause as { code?: unknown } | undefined)?.code === UNDEFINED_COLUMN || (err as { code?: unknown } | undefined)?.code === UNDEFINED_COLUMN;
}

/**
 * Pre-fix: the user's current session version, straight from the database.
 *
 * @returns the version, or `undefined` when the user no longer exists
 * @throws DrizzleQueryError (cause SQLSTATE 42703) while migration 0012 has not run
 */
export async function readSessionVersion(userId: string): Promise<number | undefined> {
  const [row] = await getDb().select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.sessionVersion;
}

/**
 * Fixed: as {@link readSessionVersion}, but a missing `session_version`
 * column (SQLSTATE 42703 only) logs a warning naming the column and yields
 * version 1, so sign-in keeps working before migration 0012 runs. Any other
 * error still throws. While the column is missing, bumping a version is
 * impossible, so session invalidation is not enforced.
 */
export async function readSessionVersionTolerant(userId: string): Promise<number | undefined> {
  try {
    return await readSessionVersion(userId);
  } catch (err) {
    if (!isUndefinedColumn(err)) throw err;
    console.warn(
      `[auth] column users.session_version does not exist (SQLSTATE ${UNDEFINED_COLUMN}); using session version ${DEFAULT_SESSION_VERSION}. Run db/migrations/0012_add_session_versioning.sql.`,
    );
    return DEFAULT_SESSION_VERSION;
  }
}
