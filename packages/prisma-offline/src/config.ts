/**
 * The small entry point a prisma.config.ts imports: only the adapter, so the
 * CLI (which transpiles the config with jiti on every call) loads as little
 * as possible.
 */
export { adapterFromDatabaseUrl, createPgAdapter, type OfflinePgAdapter } from './adapter.js';
