import crypto from 'node:crypto';
import { getDb } from '../../../../lib/db';
import { passwordResetTokens } from '../../../../lib/db/schema';

/** How long a reset link stays valid, in milliseconds (one hour). */
export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * Reads `{ "email": string }` from a JSON body.
 *
 * @returns the lower-cased email, or a 400 Response naming what was wrong
 */
export async function parseEmail(req: Request): Promise<string | Response> {
  const body = (await req.json().catch(() => undefined)) as { email?: unknown } | undefined;
  if (typeof body?.email !== 'string' || !body.email.includes('@')) {
    return Response.json({ error: 'Send JSON {"email": "<address>"}' }, { status: 400 });
  }
  return body.email.toLowerCase();
}

/** Stores a random single-use reset token for the user (the email sending is out of scope). */
export async function issueResetToken(userId: string): Promise<void> {
  await getDb()
    .insert(passwordResetTokens)
    .values({ userId, token: crypto.randomBytes(32).toString('base64url'), expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS) });
}
