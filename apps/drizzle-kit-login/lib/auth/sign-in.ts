/**
 * Sign-in: checks the password, then records when and from which client kit the user signed in
 * (`UPDATE users SET last_sign_in_at, kit`). The UPDATE names `users.kit`, the column migration
 * 0002 adds: without it PostgreSQL answers `column "kit" of relation "users" does not exist`
 * (SQLSTATE 42703), the error of drizzle-orm#5316.
 */
import { eq } from 'drizzle-orm';
import { db } from '../db';
import { users } from '../db/schema';
import { verifyPassword } from './password';

/** What a sign-in request carries. */
export interface SignInRequest {
  email: string;
  password: string;
  /** The client kit signing in, e.g. `web-2.3`. */
  kit: string;
}

/** The signed-in user, or `null` for a wrong email or password. */
export type SignInResult = { id: number; email: string; kit: string } | null;

/**
 * Signs a user in.
 *
 * @throws the driver's error, wrapped by Drizzle (`DrizzleQueryError`, the PostgreSQL error in
 *   `cause`), when a query fails — e.g. SQLSTATE 42703 when `users.kit` is missing
 */
export async function signIn(req: SignInRequest): Promise<SignInResult> {
  const [user] = await db().select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, req.email));
  if (!user || !verifyPassword(req.password, user.passwordHash)) return null;
  const [signedIn] = await db()
    .update(users)
    .set({ lastSignInAt: new Date(), kit: req.kit })
    .where(eq(users.id, user.id))
    .returning({ id: users.id, email: users.email });
  return signedIn ? { ...signedIn, kit: req.kit } : null;
}
