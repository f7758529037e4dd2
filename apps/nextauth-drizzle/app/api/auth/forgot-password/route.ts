/**
 * POST /api/auth/forgot-password { email } → 200 { ok: true }.
 * The fix of 000_b34f50e6b2a4b170.txt: select only the columns this route
 * needs, so a column the database lacks cannot break it.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '../../../../lib/db';
import { users } from '../../../../lib/db/schema';
import { codeVersion } from '../../../../lib/auth/options';
import { forgotPasswordPreFix } from './pre-fix';
import { issueResetToken, parseEmail } from './reset-token';

async function forgotPasswordFixed(req: Request): Promise<Response> {
  const email = await parseEmail(req);
  if (email instanceof Response) return email;
  const [user] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (user) await issueResetToken(user.id);
  return Response.json({ ok: true });
}

/**
 * POST { email } → 200 { ok: true } (also for unknown addresses), 400 for a
 * body without an email. Runs the pre-fix or the fixed handler per
 * SESSION_VERSION_CODE (see lib/auth/options.ts).
 */
export async function POST(req: Request): Promise<Response> {
  return codeVersion() === 'pre-fix' ? forgotPasswordPreFix(req) : forgotPasswordFixed(req);
}
