/**
 * What this app's ORM expects of its database, for the read-only drift check
 * (`pnpm replay drift --app drizzle-kit-login --database-url …`): the Drizzle tables of
 * lib/db/schema.ts and Drizzle's migration ledger against db/migrations.
 */
import { getTableConfig } from 'drizzle-orm/pg-core';
import * as schema from './lib/db/schema';

export default {
  drizzle: { schemaFile: 'lib/db/schema.ts', schema, getTableConfig },
  migrations: { kind: 'drizzle', folder: 'db/migrations' },
} as const;
