/**
 * apps/nextauth-drizzle on the host the runner chose. In-process, each
 * request goes through the app's own App Router route handlers inside Next's
 * request context (next-test-api-route-handler), so `cookies()`/`headers()`
 * behave as under `next start`; built, it is `next build` + `next start`.
 * Must be imported before anything else imports `next`.
 */
import { testApiHandler } from 'next-test-api-route-handler';
import { Browser, BuiltNextApp, IN_PROCESS_URL, type AppUnderTest, type IncidentEnv } from '@incident-replay/incident';
import * as nextAuthRoute from '../../apps/nextauth-drizzle/app/api/auth/[...nextauth]/route';
import * as forgotPasswordRoute from '../../apps/nextauth-drizzle/app/api/auth/forgot-password/route';
import { closeDb } from '../../apps/nextauth-drizzle/lib/db';
import { APP_DIR } from './migrations';

/** NextAuth v4's session cookie name on http:// (https:// adds the __Secure- prefix). */
export const SESSION_COOKIE = 'next-auth.session-token';

/** The deployed build of the auth code: `SESSION_VERSION_CODE` of the app (lib/auth/options.ts). */
export type SessionVersionCode = 'pre-fix' | 'fixed';

/**
 * Starts the app on `env.host` with the pre-fix code deployed.
 *
 * @param vars DATABASE_URL and NEXTAUTH_SECRET (NEXTAUTH_URL is set to where the app answers)
 * @throws Error when the built app does not build or start
 */
export async function startApp(env: IncidentEnv, vars: { DATABASE_URL: string; NEXTAUTH_SECRET: string }): Promise<AppUnderTest<SessionVersionCode>> {
  if (env.host === 'built') {
    const app = await BuiltNextApp.start<SessionVersionCode>({
      appDir: APP_DIR,
      readyPath: '/api/auth/csrf',
      env: (code, baseUrl) => ({ ...vars, NEXTAUTH_URL: baseUrl, SESSION_VERSION_CODE: code }),
    });
    env.onTeardown(() => app.stop());
    await app.deploy('pre-fix');
    return app;
  }
  env.setAppEnv({ ...vars, NEXTAUTH_URL: IN_PROCESS_URL, SESSION_VERSION_CODE: 'pre-fix' });
  env.onTeardown(closeDb);
  return {
    host: 'in-process',
    baseUrl: IN_PROCESS_URL,
    fetch: appFetch,
    browser: () => new Browser(IN_PROCESS_URL, appFetch),
    // The routes read SESSION_VERSION_CODE per request.
    deploy: async (code) => env.setAppEnv({ SESSION_VERSION_CODE: code }),
  };
}

/**
 * A `fetch` for the in-process app: routes `/api/auth/forgot-password` and
 * `/api/auth/<action>/<provider>` to their handlers, returns their Response
 * (body buffered, redirects not followed).
 *
 * @throws Error for a path the app has no route for
 */
async function appFetch(input: string, init: RequestInit = {}): Promise<Response> {
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
