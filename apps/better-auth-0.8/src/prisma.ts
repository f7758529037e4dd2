import type { CreateAppOptions } from '@incident-replay/better-auth-app';
import { createPgAdapter } from '@incident-replay/prisma-offline/config';
import { PrismaClient } from '../generated/prisma/index.js';

/** The session lookup the pre-fix guard uses. */
export interface AppPrisma {
  session: {
    findUnique(args: {
      where: { id: string };
      include: { user: true };
    }): Promise<{ id: string; userId: string; expiresAt: Date; user: { id: string; email: string } } | null>;
  };
  $disconnect(): Promise<void>;
}

/**
 * Creates the app's Prisma client (Prisma 6.19, JS engine over
 * @prisma/adapter-pg) for `databaseUrl`. This app has one schema only: its
 * Session model already is the one postmortem 003's fix aims for.
 *
 * @throws Error when `databaseUrl` is not a PostgreSQL URL, or `kind` is `documented-fix`
 */
export function createPrisma(databaseUrl: string | undefined, kind: CreateAppOptions['prismaClient'] = 'schema'): AppPrisma {
  if (kind !== 'schema') {
    throw new Error(
      'the Better Auth 0.8.8 app has no "documented-fix" Prisma client: its schema already has no session token column. Use prismaClient: "schema".',
    );
  }
  return new PrismaClient({ adapter: createPgAdapter(databaseUrl) });
}
