import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { db } from '@/lib/db';
import { users } from '@/lib/db/schema';

/** What Auth.js v5 passes to the session callback under the JWT strategy. */
export interface SessionCallbackParams {
  session: Session;
  token: JWT;
}

/** The prefix the app logs a failed session lookup with (postmortem 001_94afe4549f0b720e.txt). */
export const SESSION_DB_ERROR_PREFIX = 'Database connection error in session callback:';

/**
 * BEFORE the fix (postmortem 001_94afe4549f0b720e.txt): reloads the user from
 * the database on every session read, so role changes show at once. It runs
 * wherever Auth.js reads the session — including the Edge middleware on every
 * matched request. A failed query is logged and swallowed: the session is
 * returned without id, role or accessToken.
 */
export async function sessionFromDatabase({ session, token }: SessionCallbackParams): Promise<Session> {
  if (!token || !session.user) return session;
  try {
    await fillFromDatabase(session, token);
  } catch (error) {
    // The message of Drizzle's DrizzleQueryError is "Failed query: <sql>\nparams: <params>".
    console.error(`${SESSION_DB_ERROR_PREFIX} "${(error as Error).message}"`);
  }
  return session;
}

/**
 * BEFORE the fix, stricter variant: same lookup, but a failed query is logged
 * and rethrown. Auth.js v5 then logs `JWTSessionError`, answers a null session
 * and clears the session cookie — the user is signed out.
 */
export async function sessionFromDatabaseOrThrow({ session, token }: SessionCallbackParams): Promise<Session> {
  if (!token || !session.user) return session;
  try {
    await fillFromDatabase(session, token);
    return session;
  } catch (error) {
    console.error(`${SESSION_DB_ERROR_PREFIX} "${(error as Error).message}"`);
    throw error;
  }
}

/**
 * AFTER the fix (postmortem 001_94afe4549f0b720e.txt): the session is built
 * from the signed JWT only — no database, no network. The cost: the role in
 * the token is the one from sign-in until the user signs in again.
 */
export async function sessionFromToken({ session, token }: SessionCallbackParams): Promise<Session> {
  if (!token || !session.user) return session;
  session.user.id = token.id as string;
  session.user.role = token.role as string;
  session.accessToken = token.accessToken as string;
  return session;
}

/** The session callbacks by the name `SESSION_CALLBACK` selects them with. */
export const sessionCallbacks = {
  database: sessionFromDatabase,
  'database-rethrow': sessionFromDatabaseOrThrow,
  token: sessionFromToken,
} as const;

/** A value of `SESSION_CALLBACK`. */
export type SessionCallbackName = keyof typeof sessionCallbacks;

/**
 * Picks the session callback from `SESSION_CALLBACK` (default `token`, the fix).
 * Both versions stay in the app so the replay can run the one before the fix.
 *
 * @throws Error naming the allowed values when `SESSION_CALLBACK` is something else
 */
export function selectSessionCallback(name: string | undefined = process.env.SESSION_CALLBACK): (params: SessionCallbackParams) => Promise<Session> {
  const key = (name || 'token') as SessionCallbackName;
  const fn = sessionCallbacks[key];
  if (!fn) throw new Error(`SESSION_CALLBACK="${name}" is not one of ${Object.keys(sessionCallbacks).join(', ')}`);
  return fn;
}

/**
 * The lookup both pre-fix callbacks make: `db.query.users.findFirst` by the
 * token's user id (the query whose failure the postmortem logged), copied
 * into the session.
 *
 * @throws DrizzleQueryError when the query fails (endpoint unreachable, SQL error)
 */
async function fillFromDatabase(session: Session, token: SessionCallbackParams['token']): Promise<void> {
  const dbUser = await db.query.users.findFirst({ where: eq(users.id, token.id as string) });
  if (dbUser && session.user) {
    session.user.id = dbUser.id;
    session.user.name = dbUser.name;
    session.user.role = dbUser.role;
    session.accessToken = token.accessToken as string;
  }
}
