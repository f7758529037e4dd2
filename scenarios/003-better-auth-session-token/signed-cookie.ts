import { createHmac, timingSafeEqual } from 'node:crypto';

/** The session cookie every Better Auth version sets over plain http. */
export const SESSION_COOKIE = 'better-auth.session_token';

/**
 * The signature Better Auth (better-call's `setSignedCookie`) puts after the
 * token: base64 (padded, 44 characters) of HMAC-SHA256(secret, token).
 * Computed here with node:crypto, independently of Better Auth, so the replay
 * can check the cookie and forge one.
 */
export function sign(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('base64');
}

/** `token.signature`, the decoded cookie value Better Auth accepts for `token` under `secret`. */
export function signedValue(token: string, secret: string): string {
  return `${token}.${sign(token, secret)}`;
}

/**
 * Splits a cookie value (as the browser holds it, percent-encoded or not)
 * into token and signature at the last dot.
 *
 * @throws Error when the value has no dot (an unsigned cookie)
 */
export function parseSigned(raw: string): { token: string; signature: string } {
  const value = decodeURIComponent(raw);
  const dot = value.lastIndexOf('.');
  if (dot < 1) throw new Error(`session cookie "${value.slice(0, 12)}…" has no ".signature" part`);
  return { token: value.slice(0, dot), signature: value.slice(dot + 1) };
}

/** True when `signature` is the HMAC of `token` under `secret` (constant-time compare). */
export function verifies(token: string, signature: string, secret: string): boolean {
  const a = Buffer.from(signature);
  const b = Buffer.from(sign(token, secret));
  return a.length === b.length && timingSafeEqual(a, b);
}
