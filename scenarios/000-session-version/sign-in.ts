/**
 * The NextAuth v4 credentials sign-in as a browser performs it:
 * GET /api/auth/csrf (token + csrf cookie), then a form POST to
 * /api/auth/callback/credentials, which answers 302 and sets
 * `next-auth.session-token` on success.
 */
import type { Browser } from '@incident-replay/incident';

/** NextAuth v4's session cookie name on http:// (https:// adds the __Secure- prefix). */
export const SESSION_COOKIE = 'next-auth.session-token';

/**
 * Signs in and returns the callback's Response (not followed).
 *
 * @throws Error when the csrf endpoint does not answer with a token
 */
export async function signIn(browser: Browser, email: string, password: string): Promise<Response> {
  const csrf = await browser.request('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`GET /api/auth/csrf answered ${csrf.status} without a csrfToken`);
  return browser.request('/api/auth/callback/credentials', {
    method: 'POST',
    form: { csrfToken, email, password, callbackUrl: `${browser.baseUrl}/dashboard` },
  });
}

/** True when the response's Set-Cookie deletes the session cookie (empty value, expiry in the past or Max-Age=0). */
export function clearsSessionCookie(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`) && /(Max-Age=0|Expires=Thu, 01 Jan 1970)/i.test(c));
}

/** True when the response sets a non-empty session cookie. */
export function setsSessionCookie(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`));
}
