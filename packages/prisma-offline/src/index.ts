/**
 * @incident-replay/prisma-offline — Prisma 6.19 without downloaded engines:
 * the JS/wasm engines over @prisma/adapter-pg 7.10.1, migrations sent as one
 * query each, and a CLI runner for the replays. See README.md.
 */
export { createPgAdapter, adapterFromDatabaseUrl, type OfflinePgAdapter } from './adapter.js';
export {
  driverAdapterErrorOf,
  ADAPTER_PG_KINDS,
  KINDS_THE_CLIENT_DROPS,
  type DriverAdapterErrorInfo,
} from './errors.js';
export { offlinePrismaEnv, NO_DATABASE_URL, DUMMY_QUERY_ENGINE_LIBRARY, DUMMY_SCHEMA_ENGINE_BINARY } from './env.js';
export {
  runPrismaCli,
  generatePrismaClient,
  prismaEntryFor,
  UNREF_TIMERS_PRELOAD,
  PRISMA_CLI_CHANNEL,
  type PrismaCliResult,
  type PrismaCliOptions,
} from './cli.js';
export { readMigrationLedger, migrationChecksum, type LedgerRow } from './ledger.js';
export { prismaSchemaDrift, introspectDatamodel, type PrismaSchemaDrift } from './drift.js';
export { copyPrismaDir, prismaMigrationNames, migrateDeployUpTo, type PrismaDirCopy } from './migrations-dir.js';
