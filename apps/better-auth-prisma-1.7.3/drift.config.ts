/**
 * What this app expects of its database, for the read-only drift check
 * (`pnpm replay drift --app better-auth-prisma-1.7.3 --database-url …`):
 * - the tables and fields Better Auth 1.7.3 itself reads and writes, computed by its own
 *   `getAuthTables` (better-auth/db) from the app's options in src/auth.ts;
 * - the models of prisma/schema.prisma (account.issuer required, as 1.7.0 generated it; @@map /
 *   @map tell which table and column each field lands in).
 * No migration ledger: the production database of incident 004 is migrated by the Drizzle app's
 * migrations (packages/better-auth-drizzle-app), which this schema maps onto.
 */
import { getAuthTables } from 'better-auth/db';
import { authOptions } from './src/auth';

// Only the options are read: the Prisma client handed to the adapter is never used.
const options = authOptions({}, { BETTER_AUTH_SECRET: 'drift-check' });

export default {
  betterAuth: { configFile: 'src/auth.ts', options, getAuthTables },
  prisma: { schemaFile: 'prisma/schema.prisma' },
} as const;
