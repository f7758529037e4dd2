/**
 * What this app expects of its database, for the read-only drift check
 * (`pnpm replay drift --app better-auth-drizzle-1.6.28 --database-url …`), at the app as deployed on 1.6.28: the tables Better Auth 1.6 generated:
 * - the tables and fields Better Auth 1.6.28 itself reads and writes, computed by its own
 *   `getAuthTables` (better-auth/db) from the app's options, resolved through the Drizzle adapter;
 * - the Drizzle tables of that schema revision (generated-1.6).
 * No migration ledger: the app's migrations live in @incident-replay/better-auth-drizzle-app and
 * each deploy of the incident applies its own prefix of them.
 */
import { getAuthTables } from 'better-auth/db';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/node-postgres';
import { authOptions, SCHEMA_REVISIONS } from '@incident-replay/better-auth-drizzle-app';
import { BETTER_AUTH } from './src/auth';

const revision = SCHEMA_REVISIONS['generated-1.6'];
// Only the options are read: the Drizzle client handed to the adapter never connects.
const options = authOptions(BETTER_AUTH.drizzleAdapter, drizzle.mock({ schema: revision.schema }), revision.schema, { BETTER_AUTH_SECRET: 'drift-check' });

export default {
  betterAuth: { configFile: 'src/auth.ts', options, getAuthTables },
  drizzle: { schemaFile: `node_modules/@incident-replay/better-auth-drizzle-app/${revision.file}`, schema: revision.schema, getTableConfig },
} as const;
