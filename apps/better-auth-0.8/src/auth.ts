import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import type { AuthLike } from '@incident-replay/better-auth-app';

/**
 * The app's Better Auth 0.8.8 configuration: email + password over the
 * Prisma adapter, with the same secret fallback as the 1.x apps (the app's
 * own "fallback-secret-key", see postmortem 003_7bbeb936609481b9.txt).
 *
 * @param prisma the Prisma client generated from prisma/schema.prisma
 * @param env reads `BETTER_AUTH_SECRET` and `BETTER_AUTH_URL` (default `http://localhost:3000`)
 */
export function createAuth(prisma: object, env: Record<string, string | undefined>) {
  return betterAuth({
    secret: env.BETTER_AUTH_SECRET || 'fallback-secret-key',
    baseURL: env.BETTER_AUTH_URL || 'http://localhost:3000',
    // 0.8's adapter types name its own PrismaClient shape; any generated client fits it.
    database: prismaAdapter(prisma as Parameters<typeof prismaAdapter>[0], { provider: 'postgresql' }),
    emailAndPassword: { enabled: true },
  });
}

/** The instance seen through the version-independent {@link AuthLike} shape. */
export function asAuthLike(auth: ReturnType<typeof createAuth>): AuthLike {
  return auth as unknown as AuthLike;
}
