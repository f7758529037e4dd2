/**
 * @incident-replay/better-auth-drizzle-app — the app of incident 004 written once: Better Auth's
 * tables in Drizzle at each schema revision, their migrations, and the app (email + password over
 * the Drizzle adapter), wired to each Better Auth version by apps/better-auth-drizzle-*.
 */
export { MIGRATIONS, MIGRATIONS_DIR, migrateDatabase, type MigrationTag } from './db/migrate';
export { SCHEMA_REVISIONS, schemaRevision, type SchemaRevision, type AuthSchema } from './src/schema-revisions.js';
export { authOptions, type DrizzleAdapterOf } from './src/auth.js';
export { accountFields, createDrizzleAuthApp, type BetterAuthLibrary, type DrizzleAuthApp } from './src/app.js';
