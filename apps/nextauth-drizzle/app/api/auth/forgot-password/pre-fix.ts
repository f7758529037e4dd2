/**
 * The forgot-password handler as it was before the fix
 * (000_b34f50e6b2a4b170.txt): it loads the whole user row, so every column
 * of the Drizzle schema is selected, `session_version` included. Without
 * migration 0012 the query fails with SQLSTATE 42703 and the route answers 500.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '../../../../lib/db';
import { users } from '../../../../lib/db/schema';
import { issueResetToken, parseEmail } from './reset-token';

/** POST { email } → 200 { ok: true } whether or not the user exists. */
export async function forgotPasswordPreFix(req: Request): Promise<Response> {
  const email = await parseEmail(req);
  if (email instanceof Response) return email;
  const [user] = await getDb().select().from(users).where(eq(users.email, email)).limit(1);
  if (user) await issueResetToken(user.id);
  return Response.json({ ok: true });
}
