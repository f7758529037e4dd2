import type { AuthLike } from './auth-like.js';
import { readSessionCookie, splitSignedCookie } from './session-cookie.js';

/** Who the guard let in. */
export interface GuardedUser {
  userId: string;
  email: string;
  /** The session row's primary key. */
  sessionId: string;
}

/**
 * The app's own session guard (postmortem 003's NestJS service had one): says
 * who is signed in, or `null`, and logs `Session: Found` / `Session: Not found`
 * the way the postmortem's server log did. Better Auth itself never logs
 * those words.
 */
export type SessionGuard = (request: Request) => Promise<GuardedUser | null>;

/** What the pre-fix guard needs from the app's Prisma client. */
export type SessionRowById = (id: string) => Promise<{ id: string; userId: string; expiresAt: Date; user: { id: string; email: string } } | null>;

/** The guard's log prefix (NestJS would print the class name). */
const LOG = '[SessionGuard]';

/**
 * The guard as it was before the fix: takes the token part of the signed
 * cookie (no signature check) and looks the session row up by its primary
 * key, `id = token`. Right for Better Auth 0.x, where the session id is the
 * token; never matches on Better Auth >= 1.0, where the token is in its own
 * `token` column and `id` is a separate generated id.
 *
 * @param findSessionById the Prisma lookup, e.g. `(id) => prisma.session.findUnique({ where: { id }, include: { user: true } })`
 */
export function sessionByIdGuard(findSessionById: SessionRowById): SessionGuard {
  return async (request) => {
    const cookie = readSessionCookie(request.headers);
    const token = cookie ? splitSignedCookie(cookie).token : undefined;
    const row = token ? await findSessionById(token) : null;
    if (!row || row.expiresAt.getTime() <= Date.now()) {
      console.log(`${LOG} Session: Not found`);
      return null;
    }
    console.log(`${LOG} Session: Found`);
    return { userId: row.user.id, email: row.user.email, sessionId: row.id };
  };
}

/**
 * The fixed guard: asks Better Auth (`auth.api.getSession({ headers })`),
 * which verifies the cookie's HMAC signature and finds the session the way
 * the installed version stores it. An error from Better Auth propagates
 * (the server answers 500), so a broken database is not mistaken for a
 * signed-out user.
 */
export function betterAuthSessionGuard(auth: AuthLike): SessionGuard {
  return async (request) => {
    const found = await auth.api.getSession({ headers: request.headers });
    if (!found) {
      console.log(`${LOG} Session: Not found`);
      return null;
    }
    console.log(`${LOG} Session: Found`);
    return { userId: found.user.id, email: found.user.email, sessionId: found.session.id };
  };
}
