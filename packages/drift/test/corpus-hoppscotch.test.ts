/**
 * Corpus project hoppscotch (test/corpus/hoppscotch, the backend of hoppscotch/hoppscotch, MIT):
 * 23 models, 4 enums, foreign keys with ON DELETE CASCADE, 21 migrations, among them hand-written
 * SQL Prisma's schema does not declare: two pg_trgm GIN indexes, two GIN indexes on JSON paths and
 * a plpgsql trigger function. On the clean database the drift check finds nothing and
 * `prisma migrate diff` lists only those four indexes (see SOURCE.md): extra indexes are no drift
 * for the check, since no query of the app fails or slows down because of them.
 */
import { describePrismaCorpus } from './corpus-prisma.js';

const HAND_WRITTEN = [
  'TeamCollection_title_trgm_idx',
  'TeamRequest_title_trgm_idx',
  'idx_mock_examples_team_requests_gin',
  'idx_mock_examples_user_requests_gin',
];

describePrismaCorpus({
  project: 'hoppscotch',
  tables: 23,
  migrations: 21,
  cleanFindings: [],
  cleanOracle: HAND_WRITTEN.map((i) => `DROP INDEX "${i}";`),
  drifts: [
    {
      name: 'a dropped column',
      sql: 'ALTER TABLE "User" DROP COLUMN "photoURL"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'User', column: 'photoURL', at: { block: 'model User', member: 'photoURL' } },
      all: ['breaks missing-column User.photoURL', 'differs ledger-effects-missing _prisma_migrations'],
      oracle: /ALTER TABLE "User" ADD COLUMN\s+"photoURL" TEXT/,
    },
    {
      name: 'a type change',
      sql: 'ALTER TABLE "UserHistory" ALTER COLUMN "isStarred" TYPE text',
      finding: {
        kind: 'type-mismatch',
        severity: 'breaks',
        table: 'UserHistory',
        column: 'isStarred',
        at: { block: 'model UserHistory', member: 'isStarred' },
      },
      oracle: /ALTER TABLE "UserHistory" [^;]*"isStarred" (SET DATA TYPE )?BOOLEAN/,
    },
    {
      name: 'a dropped unique index',
      sql: 'DROP INDEX "UserSettings_userUid_key"',
      finding: { kind: 'missing-unique', severity: 'breaks', table: 'UserSettings', column: 'userUid', at: { block: 'model UserSettings', member: 'userUid' } },
      all: ['breaks missing-unique UserSettings.userUid', 'differs ledger-effects-missing _prisma_migrations'],
      oracle: /CREATE UNIQUE INDEX "UserSettings_userUid_key" ON "UserSettings"\("userUid"\)/,
    },
    {
      name: 'a dropped foreign key',
      sql: 'ALTER TABLE "UserEnvironment" DROP CONSTRAINT "UserEnvironment_userUid_fkey"',
      finding: {
        kind: 'foreign-key-mismatch',
        severity: 'differs',
        table: 'UserEnvironment',
        column: 'userUid',
        at: { block: 'model UserEnvironment', member: 'user' },
      },
      oracle: /ADD CONSTRAINT "UserEnvironment_userUid_fkey" FOREIGN KEY \("userUid"\) REFERENCES "User"\("uid"\) ON DELETE CASCADE ON UPDATE CASCADE/,
    },
    {
      name: 'a removed enum value',
      sql: `ALTER TYPE "MockServerAction" RENAME TO "MockServerAction_old";
        CREATE TYPE "MockServerAction" AS ENUM ('CREATED', 'DELETED', 'ACTIVATED');
        ALTER TABLE "MockServerActivity" ALTER COLUMN "action" TYPE "MockServerAction" USING "action"::text::"MockServerAction";
        DROP TYPE "MockServerAction_old"`,
      finding: {
        kind: 'missing-enum-value',
        severity: 'breaks',
        table: 'MockServerAction',
        column: 'DEACTIVATED',
        at: { block: 'enum MockServerAction', member: 'DEACTIVATED' },
      },
      oracle: /ALTER TYPE "MockServerAction" ADD VALUE 'DEACTIVATED'/,
    },
    {
      name: 'a dropped NOT NULL',
      sql: 'ALTER TABLE "TeamEnvironment" ALTER COLUMN "variables" DROP NOT NULL',
      finding: {
        kind: 'nullability',
        severity: 'differs',
        table: 'TeamEnvironment',
        column: 'variables',
        at: { block: 'model TeamEnvironment', member: 'variables' },
      },
      oracle: /ALTER TABLE "TeamEnvironment" ALTER COLUMN "variables" SET NOT NULL/,
    },
    {
      name: 'an extra NOT NULL column',
      sql: 'ALTER TABLE "InfraConfig" ADD COLUMN "tenant" text NOT NULL',
      finding: { kind: 'extra-required-column', severity: 'breaks', table: 'InfraConfig', column: 'tenant', at: { block: 'model InfraConfig' } },
      oracle: /ALTER TABLE "InfraConfig" DROP COLUMN "tenant"/,
    },
  ],
});
