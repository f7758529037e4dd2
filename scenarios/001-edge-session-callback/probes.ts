/**
 * The requests the steps of incident 001 repeat, recorded as evidence: Ada's
 * sign-in, a visit to /admin through the Edge middleware, the session it builds.
 */
import { signInWithCredentials, type Browser, type ObservedResponse, type StepContext } from '@incident-replay/incident';
import { ADA } from './world';

/** Ada signs in through Auth.js' credentials flow (callback to /admin); records and returns the response. */
export async function signIn(t: StepContext, browser: Browser, label = 'sign in (credentials)'): Promise<ObservedResponse> {
  const res = await signInWithCredentials(browser, { email: ADA.email, password: ADA.password }, { callbackPath: '/admin' });
  return t.http(label, res, { method: 'POST', url: '/api/auth/callback/credentials' });
}

/**
 * GET /admin through the Edge middleware, recorded. The verdict is where it ended:
 * `page`, or `<status> → <redirect path>` (e.g. `307 → /forbidden`). `page` when it reaches the admin
 * page: in-process the middleware answers `x-middleware-next: 1` (continue), built the page
 * itself answers 200 with its heading.
 */
export async function visitAdmin(t: StepContext, browser: Browser, label: string): Promise<{ verdict: string; setCookies: string[] }> {
  const res = await t.http(label, await browser.request('/admin'), { method: 'GET', url: '/admin' });
  const page = res.headers.get('x-middleware-next') === '1' || (res.status === 200 && res.body.includes('Admin area'));
  const verdict = page ? 'page' : `${res.status} → ${new URL(res.headers.get('location') ?? '', browser.baseUrl).pathname}`;
  return { verdict, setCookies: res.headers.getSetCookie() };
}

/** The session as the Edge middleware builds it (GET /api/me). */
export interface EdgeSession {
  user?: { id?: string; role?: string; name?: string; email?: string };
  accessToken?: string;
}

/** GET /api/me, recorded; checks it answers 200 and returns the session (null when signed out). */
export async function edgeSession(t: StepContext, browser: Browser, label: string): Promise<EdgeSession | null> {
  const res = await t.http(label, await browser.request('/api/me'), { method: 'GET', url: '/api/me' });
  t.check(`${label}: status`, res.status, 200);
  return (res.json as { session: EdgeSession | null }).session;
}

/** Set-Cookie values cut to 40 characters, as a check's observed value (the name and the start of the value, not the token). */
export function shortCookies(setCookies: readonly string[]): string[] {
  return setCookies.map((c) => c.slice(0, 40));
}
