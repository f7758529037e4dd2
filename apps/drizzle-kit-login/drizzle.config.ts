/**
 * drizzle-kit's configuration: `drizzle-kit migrate` applies db/migrations (meta/_journal.json
 * in order, each entry's `when` compared with the newest `created_at` of
 * `drizzle.__drizzle_migrations`) to `DATABASE_URL`.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? '' },
});
