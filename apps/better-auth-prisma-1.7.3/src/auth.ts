import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import type { AuthLike } from '@incident-replay/better-auth-app';

/** The Better Auth version this app pins. */
export const BETTER_AUTH_VERSION = '1.7.3';

/**
 * The app's Better Auth 1.7.3 options (#11274's shape): email + password over the Prisma adapter
 * (`provider: 'postgresql'`). Better Auth's logger is left at its default (warnings and errors).
 *
 * @param prisma the app's generated Prisma client (only read when a request comes)
 * @param env reads `BETTER_AUTH_SECRET`, `BETTER_AUTH_URL` (default `http://localhost:3000`)
 * @param validateSchema `advanced.database.validateSchema`; undefined leaves 1.7.3's default
 * @throws Error when BETTER_AUTH_SECRET is unset
 */
export function authOptions(prisma: object, env: Record<string, string | undefined>, validateSchema?: boolean) {
  const secret = env.BETTER_AUTH_SECRET;
  if (!secret) throw new Error('BETTER_AUTH_SECRET is not set: the app refuses to run without one');
  return {
    secret,
    baseURL: env.BETTER_AUTH_URL || 'http://localhost:3000',
    database: prismaAdapter(prisma, { provider: 'postgresql' }),
    emailAndPassword: { enabled: true },
    ...(validateSchema === undefined ? {} : { advanced: { database: { validateSchema } } }),
  };
}

/** Better Auth 1.7.3 with {@link authOptions}, seen through the version-independent {@link AuthLike} shape. */
export function createAuth(prisma: object, env: Record<string, string | undefined>, validateSchema?: boolean): AuthLike {
  return betterAuth(authOptions(prisma, env, validateSchema)) as unknown as AuthLike;
}
