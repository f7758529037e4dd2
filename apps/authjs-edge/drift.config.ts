/**
 * What this app's ORM expects of its database, for the read-only drift check
 * (`pnpm replay drift --app authjs-edge --database-url …`): the Drizzle tables
 * of src/lib/db/schema.ts, read with the app's own drizzle-orm. The app
 * applies drizzle/0000_create_users.sql without Drizzle's migrator (there is no
 * meta/_journal.json), so there is no migration ledger to check.
 */
import { getTableConfig } from 'drizzle-orm/pg-core';
import * as schema from './src/lib/db/schema';

export default {
  drizzle: { schemaFile: 'src/lib/db/schema.ts', schema, getTableConfig },
} as const;
