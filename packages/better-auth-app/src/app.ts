import type { AuthLike } from './auth-like.js';
import { createServer, type SessionServer } from './server.js';
import { betterAuthSessionGuard, sessionByIdGuard, type SessionRowById } from './session-guard.js';

/**
 * Which session guard protects `/api/profile`:
 * - `session-id`: the guard before the fix, session looked up by `id = cookie token`;
 * - `better-auth`: the fixed guard, `auth.api.getSession({ headers })`.
 */
export type GuardKind = 'session-id' | 'better-auth';

/** A running instance of the app (in-process): its fetch handler and its parts. */
export interface BetterAuthApp extends SessionServer {
  /** The Better Auth version the app pins, e.g. `1.4.0`. */
  version: string;
  auth: AuthLike;
  /** Closes the app's database pool. */
  close(): Promise<void>;
}

/**
 * Wires one app instance from its version-specific parts.
 *
 * @param parts.findSessionById the Prisma lookup by primary key (used by the `session-id` guard)
 * @param parts.guard which guard to mount (default `session-id`, the app as it was)
 * @throws Error for a guard kind other than `session-id` / `better-auth`
 */
export function assembleApp(parts: {
  version: string;
  auth: AuthLike;
  findSessionById: SessionRowById;
  guard?: GuardKind;
  close(): Promise<void>;
}): BetterAuthApp {
  const kind = parts.guard ?? 'session-id';
  if (kind !== 'session-id' && kind !== 'better-auth')
    throw new Error(`unknown session guard "${String(kind)}": use "session-id" (pre-fix) or "better-auth" (fixed)`);
  const guard = kind === 'session-id' ? sessionByIdGuard(parts.findSessionById) : betterAuthSessionGuard(parts.auth);
  const server = createServer({ auth: parts.auth, guard });
  return { version: parts.version, auth: parts.auth, fetch: server.fetch, close: parts.close };
}

/** Options every app's `createApp` takes. */
export interface CreateAppOptions {
  /** Where `DATABASE_URL`, `BETTER_AUTH_SECRET`, `BETTER_AUTH_URL` come from (default `process.env`, read when called). */
  env?: Record<string, string | undefined>;
  /** Default `session-id` (the app as it was). */
  guard?: GuardKind;
  /**
   * Which generated Prisma client: `schema` (prisma/schema.prisma, default) or
   * `documented-fix` (prisma/documented-fix/schema.prisma, Better Auth 1.x apps only).
   */
  prismaClient?: 'schema' | 'documented-fix';
}
