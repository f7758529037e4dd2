import { assembleApp, type BetterAuthApp, type CreateAppOptions } from '@incident-replay/better-auth-app';
import { asAuthLike, createAuth } from './auth.js';
import { createPrisma } from './prisma.js';

/** The Better Auth version this app pins. */
export const BETTER_AUTH_VERSION = '1.4.0';

/**
 * Builds the app: Prisma client, Better Auth 1.4.0, and the server with the
 * chosen guard. Reads the environment when called, never at import.
 *
 * @throws Error when DATABASE_URL is missing or not a PostgreSQL URL
 */
export function createApp(options: CreateAppOptions = {}): BetterAuthApp {
  const env = options.env ?? process.env;
  const prisma = createPrisma(env.DATABASE_URL, options.prismaClient);
  return assembleApp({
    version: BETTER_AUTH_VERSION,
    auth: asAuthLike(createAuth(prisma, env)),
    findSessionById: (id) => prisma.session.findUnique({ where: { id }, include: { user: true } }),
    guard: options.guard,
    close: () => prisma.$disconnect(),
  });
}
