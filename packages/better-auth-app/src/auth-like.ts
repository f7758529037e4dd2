/**
 * The part of a Better Auth instance (`betterAuth({...})`) the server and the
 * guard use, typed structurally so one server serves Better Auth 0.8, 1.4 and
 * 1.7 alike. Every version has `handler(Request) → Response` and
 * `api.getSession({ headers })`.
 */
export interface AuthLike {
  /** Answers `/api/auth/*` (Better Auth's own router), framework-free. */
  handler(request: Request): Promise<Response>;
  api: {
    /**
     * Verifies the signed session cookie in `headers` and loads the session
     * (Better Auth >= 1.0 by `session.token`, 0.x by `session.id`).
     * Resolves to `null` when there is no valid session.
     */
    getSession(context: { headers: Headers }): Promise<AuthSession | null>;
  };
}

/** A session as `auth.api.getSession` returns it (fields the app reads). */
export interface AuthSession {
  session: { id: string; userId: string; expiresAt: Date | string; token?: string };
  user: { id: string; email: string; name: string };
}
