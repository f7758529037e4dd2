/**
 * Drives apps/nextauth-drizzle in-process: each request goes through the
 * app's own App Router route handlers inside Next's request context
 * (next-test-api-route-handler), so `cookies()`/`headers()` behave as under
 * `next start`. Must be imported before anything else imports `next`.
 */
import { testApiHandler } from 'next-test-api-route-handler';
import * as nextAuthRoute from '../../apps/nextauth-drizzle/app/api/auth/[...nextauth]/route';
import * as forgotPasswordRoute from '../../apps/nextauth-drizzle/app/api/auth/forgot-password/route';

/** The URL the in-process app pretends to answer on (NEXTAUTH_URL). */
export const APP_URL = 'http://localhost:3000';

/**
 * A `fetch` for the app: routes `/api/auth/forgot-password` and
 * `/api/auth/<action>/<provider>` to their handlers, returns their Response
 * (body buffered, redirects not followed).
 *
 * @throws Error for a path the app has no route for
 */
export async function appFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input);
  let response: Response | undefined;
  const test = async ({ fetch }: { fetch: (init?: RequestInit) => Promise<Response> }) => {
    const res = await fetch({ ...init, redirect: 'manual' });
    // Buffer the body: the handler's stream ends with the test callback.
    response = new Response(res.status === 204 || res.status === 304 ? null : await res.arrayBuffer(), { status: res.status, headers: res.headers });
  };
  const path = url.pathname + url.search;
  if (url.pathname === '/api/auth/forgot-password') {
    await testApiHandler({ appHandler: forgotPasswordRoute, url: path, test });
  } else if (url.pathname.startsWith('/api/auth/')) {
    const nextauth = url.pathname.slice('/api/auth/'.length).split('/').filter(Boolean);
    await testApiHandler({ appHandler: nextAuthRoute, params: { nextauth }, url: path, test });
  } else {
    throw new Error(`apps/nextauth-drizzle has no route for ${url.pathname}`);
  }
  return response!;
}
