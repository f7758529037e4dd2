/**
 * The app's HTTP handler, a fetch-style function the Node server (src/main.ts) and the replay's
 * in-process host both call:
 * - `POST /api/sign-in` `{ email, password, kit }` → 200 `{ user }`, 401 for a wrong password,
 *   400 for a malformed body, 500 when a query fails (its cause logged, never sent);
 * - `GET /api/health` → 200 `ok` (the server's readiness probe; no database).
 */
import { signIn } from '../lib/auth/sign-in';

/** The PostgreSQL error under Drizzle's wrapper (`DrizzleQueryError.cause`), or the error itself. */
function rootCause(err: unknown): { message: string; code?: string } {
  let e = err as { message?: string; code?: string; cause?: unknown } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return { message: e?.message ?? String(err), ...(e?.code ? { code: e.code } : {}) };
}

const json = (status: number, body: unknown) => Response.json(body, { status });

/** Answers one request; never throws (a failure is a logged 500). */
export async function handle(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/api/health' && request.method === 'GET') return new Response('ok');
  if (pathname !== '/api/sign-in') return json(404, { error: 'Not Found' });
  if (request.method !== 'POST') return json(405, { error: 'Method Not Allowed' });
  const body = (await request.json().catch(() => undefined)) as Partial<Record<'email' | 'password' | 'kit', unknown>> | undefined;
  const { email, password, kit } = body ?? {};
  if (typeof email !== 'string' || typeof password !== 'string' || typeof kit !== 'string') {
    return json(400, { error: 'email, password and kit are required' });
  }
  try {
    const user = await signIn({ email, password, kit });
    return user ? json(200, { user }) : json(401, { error: 'Invalid email or password' });
  } catch (err) {
    const cause = rootCause(err);
    console.error(`[sign-in] failed: ${cause.message}${cause.code ? ` (SQLSTATE ${cause.code})` : ''}`);
    return json(500, { error: 'Internal Server Error' });
  }
}
