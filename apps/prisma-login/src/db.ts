import { createPgAdapter } from '@incident-replay/prisma-offline';
import { PrismaClient } from '../generated/client/index.js';

let client: PrismaClient | undefined;

/**
 * The app's Prisma Client (JS query engine over @prisma/adapter-pg), created
 * on first use so `DATABASE_URL` is read then and not at import time.
 *
 * @throws Error when DATABASE_URL is not a PostgreSQL URL
 */
export function prisma(): PrismaClient {
  // errorFormat 'minimal': the message is Prisma's one-line text, not a code frame of the bundled client.
  client ??= new PrismaClient({ adapter: createPgAdapter(process.env.DATABASE_URL), errorFormat: 'minimal' });
  return client;
}

/** Closes the client's pool (tests and shutdown). The next {@link prisma} call makes a new one. */
export async function disconnectPrisma(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.$disconnect();
}
