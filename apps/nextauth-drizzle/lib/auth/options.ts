/**
 * NextAuth v4 configuration: credentials provider, JWT session strategy, and
 * session invalidation through `users.session_version`
 * (postmortem 000_b34f50e6b2a4b170.txt).
 *
 * Two versions of the JWT callback are kept side by side, because the
 * incident is the difference between them:
 * - `pre-fix` reads the column and lets any error escape;
 * - `fixed` tolerates SQLSTATE 42703 (missing column) with a warning.
 * `SESSION_VERSION_CODE=pre-fix|fixed` (default `fixed`) picks one per
 * request; the replay uses it to stand for "the build deployed at the time".
 */
import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '../db';
import { users } from '../db/schema';
import { readSessionVersion, readSessionVersionTolerant } from './session-version';

/** Which build of the auth code answers: before or after the code fix. */
export type CodeVersion = 'pre-fix' | 'fixed';

/**
 * The code version selected by `SESSION_VERSION_CODE`.
 *
 * @throws Error for any value other than `pre-fix`, `fixed` or unset
 */
export function codeVersion(): CodeVersion {
  const v = process.env.SESSION_VERSION_CODE ?? 'fixed';
  if (v !== 'pre-fix' && v !== 'fixed') throw new Error(`SESSION_VERSION_CODE=${v} is not valid: use "pre-fix" or "fixed"`);
  return v;
}

/** Thrown by the JWT callback when a token's session version is stale; NextAuth then ends the session. */
export class SessionInvalidatedError extends Error {
  constructor(userId: string, tokenVersion: unknown, currentVersion: unknown) {
    super(`session of user ${userId} was invalidated (token version ${String(tokenVersion)}, current ${String(currentVersion)})`);
    this.name = 'SessionInvalidatedError';
  }
}

const credentials = CredentialsProvider({
  name: 'Email and password',
  credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
  // Selects named columns only, so sign-in itself never touches session_version.
  async authorize(input) {
    if (!input?.email || !input.password) return null;
    const [user] = await getDb()
      .select({ id: users.id, email: users.email, name: users.name, role: users.role, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.email, input.email.toLowerCase()))
      .limit(1);
    if (!user || !(await bcrypt.compare(input.password, user.passwordHash))) return null;
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  },
});

/**
 * Builds the options for one code version.
 *
 * The JWT callback runs at sign-in (stamps the user's current session
 * version into the token) and on every session read (compares it with the
 * database; a mismatch throws {@link SessionInvalidatedError}, which NextAuth
 * v4 turns into an empty session and a cleared cookie).
 */
export function buildAuthOptions(version: CodeVersion): NextAuthOptions {
  const read = version === 'pre-fix' ? readSessionVersion : readSessionVersionTolerant;
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt' },
    providers: [credentials],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.id = user.id;
          token.role = (user as { role?: string }).role;
          token.sessionVersion = await read(user.id);
          return token;
        }
        const current = await read(String(token.id));
        if (current === undefined || current !== token.sessionVersion) {
          throw new SessionInvalidatedError(String(token.id), token.sessionVersion, current);
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.id, role: token.role });
        return session;
      },
    },
  };
}

/** The options of the build running now (see {@link codeVersion}). */
export function getAuthOptions(): NextAuthOptions {
  return buildAuthOptions(codeVersion());
}
