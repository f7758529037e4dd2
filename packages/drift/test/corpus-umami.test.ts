/**
 * Corpus project umami (test/corpus/umami, umami-software/umami, MIT): 17 models, no enums,
 * `relationMode = "prisma"` (no foreign keys in the database), 19 migrations. On the clean
 * database the drift check and `prisma migrate diff` agree on the one difference upstream has:
 * `@@index([visitId])` on SessionReplay, which no migration creates (see SOURCE.md).
 */
import { describePrismaCorpus } from './corpus-prisma.js';

describePrismaCorpus({
  project: 'umami',
  tables: 17,
  migrations: 19,
  cleanFindings: ['differs missing-index session_replay.visit_id'],
  cleanOracle: ['CREATE INDEX "session_replay_visit_id_idx" ON "session_replay"("visit_id");'],
  drifts: [
    {
      name: 'a dropped column',
      sql: 'ALTER TABLE "website" DROP COLUMN "domain"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'website', column: 'domain', at: { block: 'model Website', member: 'domain' } },
      all: ['breaks missing-column website.domain', 'differs missing-index session_replay.visit_id', 'differs ledger-effects-missing _prisma_migrations'],
      oracle: /ALTER TABLE "website" ADD COLUMN\s+"domain" VARCHAR\(500\)/,
    },
    {
      name: 'a type change',
      sql: 'ALTER TABLE "session" ALTER COLUMN "browser" TYPE integer USING NULL',
      finding: { kind: 'type-mismatch', severity: 'breaks', table: 'session', column: 'browser', at: { block: 'model Session', member: 'browser' } },
      oracle: /ALTER COLUMN "browser" SET DATA TYPE VARCHAR\(20\)/,
    },
    {
      name: 'a dropped unique index',
      sql: 'DROP INDEX "user_username_key"',
      finding: { kind: 'missing-unique', severity: 'breaks', table: 'user', column: 'username', at: { block: 'model User', member: 'username' } },
      all: ['breaks missing-unique user.username', 'differs missing-index session_replay.visit_id', 'differs ledger-effects-missing _prisma_migrations'],
      oracle: /CREATE UNIQUE INDEX "user_username_key" ON "user"\("username"\)/,
    },
    {
      name: 'a dropped index',
      sql: 'DROP INDEX "session_created_at_idx"',
      finding: {
        kind: 'missing-index',
        severity: 'differs',
        table: 'session',
        column: 'created_at',
        at: { block: 'model Session', member: '@@index([createdAt])' },
      },
      all: ['differs missing-index session.created_at', 'differs missing-index session_replay.visit_id', 'differs ledger-effects-missing _prisma_migrations'],
      oracle: /CREATE INDEX "session_created_at_idx" ON "session"\("created_at"\)/,
    },
    {
      name: 'a dropped NOT NULL',
      sql: 'ALTER TABLE "website" ALTER COLUMN "name" DROP NOT NULL',
      finding: { kind: 'nullability', severity: 'differs', table: 'website', column: 'name', at: { block: 'model Website', member: 'name' } },
      oracle: /ALTER COLUMN "name" SET NOT NULL/,
    },
    {
      name: 'an extra NOT NULL column',
      sql: 'ALTER TABLE "report" ADD COLUMN "tenant" text NOT NULL',
      finding: { kind: 'extra-required-column', severity: 'breaks', table: 'report', column: 'tenant', at: { block: 'model Report' } },
      oracle: /ALTER TABLE "report" DROP COLUMN "tenant"/,
    },
  ],
});
