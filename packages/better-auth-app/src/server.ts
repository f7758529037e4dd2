import type { AuthLike } from './auth-like.js';
import type { SessionGuard } from './session-guard.js';

/** The app as a fetch handler: `Request` in, `Response` out. */
export interface SessionServer {
  fetch(request: Request): Promise<Response>;
}

/** The protected route of the app (any authenticated endpoint would do). */
export const PROTECTED_PATH = '/api/profile';

/**
 * The app's HTTP surface, framework-free:
 * - `/api/auth/*` → `auth.handler(request)` (Better Auth's own endpoints:
 *   sign-up/email, sign-in/email, get-session, sign-out…);
 * - `GET /api/profile` → 200 `{ user }` when `guard` finds a session, 401
 *   `{ message: 'Unauthorized' }` when not, 500 when the guard throws;
 * - anything else → 404.
 *
 * @param options.auth a Better Auth instance of any supported version
 * @param options.guard the app's session guard (pre-fix or fixed)
 */
export function createServer(options: { auth: AuthLike; guard: SessionGuard }): SessionServer {
  const { auth, guard } = options;
  return {
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/auth' || pathname.startsWith('/api/auth/')) return auth.handler(request);
      if (pathname === PROTECTED_PATH && request.method === 'GET') {
        try {
          const user = await guard(request);
          if (!user) return Response.json({ message: 'Unauthorized' }, { status: 401 });
          return Response.json({ user });
        } catch (err) {
          console.error('[SessionGuard] session lookup failed:', (err as Error).message);
          return Response.json({ message: 'Internal server error' }, { status: 500 });
        }
      }
      return Response.json({ message: 'Not found' }, { status: 404 });
    },
  };
}
