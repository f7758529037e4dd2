import type { CreateAppOptions } from '@incident-replay/better-auth-app';
import { createPgAdapter } from '@incident-replay/prisma-offline/config';
import { PrismaClient } from '../generated/prisma/index.js';
import { PrismaClient as DocumentedFixPrismaClient } from '../generated/documented-fix/index.js';

/**
 * Which generated Prisma client the app runs on:
 * - `schema`: from prisma/schema.prisma (Session with `id` + `token`), the app as deployed;
 * - `documented-fix`: from prisma/documented-fix/schema.prisma (no `token`), what
 *   step 2 of postmortem 003_7bbeb936609481b9.txt (`npx prisma generate`) produced.
 */
export type PrismaClientKind = NonNullable<CreateAppOptions['prismaClient']>;

/** The session lookup both generated clients offer (used by the pre-fix guard). */
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
 * @prisma/adapter-pg) for `databaseUrl`.
 *
 * @throws Error when `databaseUrl` is not a PostgreSQL URL
 */
export function createPrisma(databaseUrl: string | undefined, kind: PrismaClientKind = 'schema'): AppPrisma {
  const adapter = createPgAdapter(databaseUrl);
  return kind === 'schema' ? new PrismaClient({ adapter }) : new DocumentedFixPrismaClient({ adapter });
}
