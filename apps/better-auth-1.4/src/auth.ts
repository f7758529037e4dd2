import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import type { AuthLike } from '@incident-replay/better-auth-app';

/**
 * The app's Better Auth 1.4.0 configuration: email + password over the
 * Prisma adapter. The secret falls back to a constant when
 * `BETTER_AUTH_SECRET` is unset, as the app of postmortem
 * 003_7bbeb936609481b9.txt did; "fallback-secret-key" is the app's own
 * string, not Better Auth's default.
 *
 * @param prisma a Prisma client generated from one of the app's schemas
 * @param env reads `BETTER_AUTH_SECRET` and `BETTER_AUTH_URL` (default `http://localhost:3000`)
 */
export function createAuth(prisma: object, env: Record<string, string | undefined>) {
  return betterAuth({
    secret: env.BETTER_AUTH_SECRET || 'fallback-secret-key',
    baseURL: env.BETTER_AUTH_URL || 'http://localhost:3000',
    database: prismaAdapter(prisma, { provider: 'postgresql' }),
    emailAndPassword: { enabled: true },
  });
}

/** The instance seen through the version-independent {@link AuthLike} shape. */
export function asAuthLike(auth: ReturnType<typeof createAuth>): AuthLike {
  return auth as unknown as AuthLike;
}
