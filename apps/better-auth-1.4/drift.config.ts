/**
 * What this app expects of its database, for the read-only drift check
 * (`pnpm replay drift --app better-auth-1.4 --database-url …`):
 * - the tables and fields Better Auth itself reads and writes, computed by
 *   its own `getAuthTables` (better-auth/db) from the app's options in
 *   src/auth.ts — the same schema its CLI generates;
 * - the models of prisma/schema.prisma (Prisma's own parser; @@map / @map
 *   also tell which table and column each Better Auth field lands in);
 * - Prisma Migrate's ledger _prisma_migrations against prisma/migrations.
 */
import { getAuthTables } from 'better-auth/db';
import { createAuth } from './src/auth';

// Only the options are read: the Prisma client handed to the adapter is never
// used (getAuthTables looks at emailAndPassword, plugins and model names only).
const options = createAuth({}, {}).options;

export default {
  betterAuth: { configFile: 'src/auth.ts', options, getAuthTables },
  prisma: { schemaFile: 'prisma/schema.prisma' },
  migrations: { kind: 'prisma', folder: 'prisma/migrations' },
} as const;
