/**
 * Corpus project langfuse (test/corpus/langfuse, packages/shared/prisma of langfuse/langfuse,
 * MIT outside its ee/ folders): 71 models, 32 enums, 434 migrations with hand-written SQL
 * (CREATE INDEX CONCURRENTLY files, views created and dropped, a backfill with a temporary table,
 * `TEXT[] NOT NULL DEFAULT …` list columns). On the clean database the drift check and
 * `prisma migrate diff` agree: no difference (three drift check fixes were needed, see SOURCE.md).
 */
import { describePrismaCorpus } from './corpus-prisma.js';

describePrismaCorpus({
  project: 'langfuse',
  tables: 71,
  migrations: 434,
  cleanFindings: [],
  cleanOracle: [],
  drifts: [
    {
      name: 'a dropped column',
      sql: 'ALTER TABLE "users" DROP COLUMN "image"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'users', column: 'image', at: { block: 'model User', member: 'image' } },
      all: ['breaks missing-column users.image', 'differs ledger-effects-missing _prisma_migrations'],
      oracle: /ALTER TABLE "users" ADD COLUMN\s+"image" TEXT/,
    },
    {
      name: 'a type change',
      sql: 'ALTER TABLE "projects" ALTER COLUMN "retention_days" TYPE text',
      finding: {
        kind: 'type-mismatch',
        severity: 'breaks',
        table: 'projects',
        column: 'retention_days',
        at: { block: 'model Project', member: 'retentionDays' },
      },
      oracle: /ALTER TABLE "projects" [^;]*"retention_days" (SET DATA TYPE )?INTEGER/,
    },
    {
      name: 'a dropped unique index',
      sql: 'DROP INDEX "api_keys_public_key_key"',
      finding: { kind: 'missing-unique', severity: 'breaks', table: 'api_keys', column: 'public_key', at: { block: 'model ApiKey', member: 'publicKey' } },
      all: ['breaks missing-unique api_keys.public_key', 'differs ledger-effects-missing _prisma_migrations'],
      oracle: /CREATE UNIQUE INDEX "api_keys_public_key_key" ON "api_keys"\("public_key"\)/,
    },
    {
      name: 'a dropped foreign key',
      sql: 'ALTER TABLE "projects" DROP CONSTRAINT "projects_org_id_fkey"',
      finding: {
        kind: 'foreign-key-mismatch',
        severity: 'differs',
        table: 'projects',
        column: 'org_id',
        at: { block: 'model Project', member: 'organization' },
      },
      oracle: /ADD CONSTRAINT "projects_org_id_fkey" FOREIGN KEY \("org_id"\) REFERENCES "organizations"\("id"\) ON DELETE CASCADE ON UPDATE CASCADE/,
    },
    {
      name: 'a removed enum value',
      sql: `ALTER TYPE "CommentObjectType" RENAME TO "CommentObjectType_old";
        CREATE TYPE "CommentObjectType" AS ENUM ('TRACE', 'OBSERVATION', 'SESSION');
        ALTER TABLE "comments" ALTER COLUMN "object_type" TYPE "CommentObjectType" USING "object_type"::text::"CommentObjectType";
        DROP TYPE "CommentObjectType_old"`,
      finding: {
        kind: 'missing-enum-value',
        severity: 'breaks',
        table: 'CommentObjectType',
        column: 'PROMPT',
        at: { block: 'enum CommentObjectType', member: 'PROMPT' },
      },
      oracle: /ALTER TYPE "CommentObjectType" ADD VALUE 'PROMPT'/,
    },
    {
      name: 'a dropped NOT NULL',
      sql: 'ALTER TABLE "membership_invitations" ALTER COLUMN "email" DROP NOT NULL',
      finding: {
        kind: 'nullability',
        severity: 'differs',
        table: 'membership_invitations',
        column: 'email',
        at: { block: 'model MembershipInvitation', member: 'email' },
      },
      oracle: /ALTER TABLE "membership_invitations" ALTER COLUMN "email" SET NOT NULL/,
    },
    {
      name: 'an extra NOT NULL column',
      sql: 'ALTER TABLE "trace_sessions" ADD COLUMN "tenant" text NOT NULL',
      finding: { kind: 'extra-required-column', severity: 'breaks', table: 'trace_sessions', column: 'tenant', at: { block: 'model TraceSession' } },
      oracle: /ALTER TABLE "trace_sessions" DROP COLUMN "tenant"/,
    },
  ],
});
