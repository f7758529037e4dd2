/**
 * The drift check on a Prisma app (test/fixtures/apps/shop-prisma): schema
 * from Prisma's DMMF (honouring @@map / @map) and the `_prisma_migrations`
 * ledger with failed, rolled-back, edited and missing migrations.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { checkDrift, formatReport, type DriftReport } from '../src/index.js';
import { FIXTURES, databases, migrateShopPrisma, prismaChecksum, sql } from './helpers.js';

let dbs: Databases;
let clone: (label: string) => Promise<{ url: string }>;

beforeAll(async () => {
  dbs = databases();
  ({ clone } = await dbs.createTemplate('drift_shop_prisma', migrateShopPrisma));
});
afterAll(async () => {
  await dbs.dropAll();
});

async function checkBroken(breakSql: string): Promise<{ url: string; report: DriftReport }> {
  const db = await clone('prisma_case');
  if (breakSql) await sql(db.url, breakSql);
  return { url: db.url, report: await checkDrift({ app: 'shop-prisma', databaseUrl: db.url, repoRoot: FIXTURES }) };
}

const brief = (r: DriftReport) =>
  r.findings.map((f) => `${f.severity} ${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}${f.migration ? ` ${f.migration}` : ''}`);
const ADD_CREDITS = '20250201000000_add_credits';

describe('drift check: Prisma schema (DMMF) and _prisma_migrations', () => {
  it('finds no drift on a database built from the migrations', async () => {
    const { report } = await checkBroken('');
    expect(report.error).toBeUndefined();
    expect(brief(report)).toEqual([]);
    expect(report.checked).toEqual({ tables: 2, columns: 13, migrations: 2 });
  });

  it('maps models and fields through @@map / @map', async () => {
    const { report } = await checkBroken('ALTER TABLE users RENAME COLUMN display_name TO "displayName"');
    expect(brief(report)).toEqual(['breaks missing-column users.display_name', 'differs ledger-effects-missing _prisma_migrations 20250101000000_init']);
    expect(report.findings[0]!.source).toEqual({ file: 'apps/shop-prisma/prisma/schema.prisma', model: 'User', field: 'displayName' });
  });

  it('finds a failed migration (P3009) whose columns are missing, like postmortem 002', async () => {
    // What a half-run migration leaves: the ledger row started but never finished, its columns absent.
    const { url, report } = await checkBroken(`ALTER TABLE users DROP COLUMN "bonusActive", DROP COLUMN "bonusEndsAt", DROP COLUMN credits;
      UPDATE "_prisma_migrations" SET finished_at = NULL, applied_steps_count = 0, logs = 'Database error code: 42P07' WHERE migration_name = '${ADD_CREDITS}'`);
    expect(brief(report)).toEqual([
      'breaks missing-column users.credits',
      'breaks missing-column users.bonusActive',
      'breaks missing-column users.bonusEndsAt',
      `breaks ledger-failed _prisma_migrations ${ADD_CREDITS}`,
    ]);
    // Schema findings come from the catalog comparison, ledger findings from _prisma_migrations.
    expect(report.findings.map((f) => f.category)).toEqual(['schema', 'schema', 'schema', 'ledger']);
    expect(report.findings.map((f) => f.repairSql).slice(0, 3)).toEqual([
      'ALTER TABLE "users" ADD COLUMN "credits" integer DEFAULT 100 NOT NULL;',
      'ALTER TABLE "users" ADD COLUMN "bonusActive" boolean DEFAULT false NOT NULL;',
      'ALTER TABLE "users" ADD COLUMN "bonusEndsAt" timestamp(3) without time zone;',
    ]);
    expect(report.findings[3]!.hint).toContain(`prisma migrate resolve --applied ${ADD_CREDITS}`);

    // Repair by hand with the suggested SQL: only the ledger row remains.
    for (const f of report.findings.slice(0, 3)) await sql(url, f.repairSql!);
    const repaired = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
    // With its columns in place, re-running the migration (resolve --rolled-back, deploy) would fail with 42701: resolve --applied is the way out.
    expect(brief(repaired)).toEqual([
      `breaks ledger-failed _prisma_migrations ${ADD_CREDITS}`,
      `breaks ledger-effects-present _prisma_migrations ${ADD_CREDITS}`,
    ]);
    expect(repaired.findings[1]!.message).toMatch(/SQLSTATE 42701/);
    expect(repaired.findings.map((f) => f.category)).toEqual(['ledger', 'ledger']);

    // What `prisma migrate resolve --applied` writes: the failed row rolled back, a new finished row.
    await sql(url, `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL`, [ADD_CREDITS]);
    await sql(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 0)`,
      [crypto.randomUUID(), prismaChecksum(ADD_CREDITS), ADD_CREDITS],
    );
    const resolved = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(resolved)).toEqual([]);
  });

  it('finds a rolled-back migration that was not applied again', async () => {
    const { report } = await checkBroken(`UPDATE "_prisma_migrations" SET rolled_back_at = now(), finished_at = NULL WHERE migration_name = '${ADD_CREDITS}'`);
    // Its columns are still there: the deploy that runs it again fails with 42701.
    expect(brief(report)).toEqual([
      `differs ledger-rolled-back _prisma_migrations ${ADD_CREDITS}`,
      `breaks ledger-effects-present _prisma_migrations ${ADD_CREDITS}`,
    ]);
  });

  it('finds an applied migration whose file was edited since (checksum mismatch)', async () => {
    const { report } = await checkBroken(`UPDATE "_prisma_migrations" SET checksum = repeat('a', 64) WHERE migration_name = '${ADD_CREDITS}'`);
    expect(brief(report)).toEqual([`differs ledger-checksum-mismatch _prisma_migrations ${ADD_CREDITS}`]);
  });

  it('finds an unapplied migration, and a recorded migration the repository does not have', async () => {
    const { report } = await checkBroken(`DELETE FROM "_prisma_migrations" WHERE migration_name = '${ADD_CREDITS}';
      INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at) VALUES ('x', repeat('b', 64), '20240101000000_from_elsewhere', now())`);
    expect(brief(report)).toEqual([
      `differs migration-not-applied _prisma_migrations ${ADD_CREDITS}`,
      'differs ledger-unknown-migration _prisma_migrations 20240101000000_from_elsewhere',
      `breaks ledger-effects-present _prisma_migrations ${ADD_CREDITS}`,
    ]);
  });

  it('sees through a ledger that says applied while columns are missing (resolve --applied too early)', async () => {
    const { report } = await checkBroken('ALTER TABLE users DROP COLUMN credits');
    expect(brief(report)).toEqual(['breaks missing-column users.credits', `differs ledger-effects-missing _prisma_migrations ${ADD_CREDITS}`]);
    expect(report.notes[0]).toMatch(/records all 2 migrations as applied.*prisma migrate status/);
    expect(formatReport(report)).toContain('note: The migration ledger records all 2 migrations as applied');
  });

  it('compares enum, native and precision types the way Prisma maps them', async () => {
    const { report } =
      await checkBroken(`ALTER TABLE users ALTER COLUMN "createdAt" TYPE timestamp; ALTER TABLE sessions ALTER COLUMN "expiresAt" TYPE timestamptz(3);
      ALTER TABLE users ALTER COLUMN plan DROP DEFAULT; ALTER TABLE users ALTER COLUMN plan TYPE text; ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'FREE'`);
    expect(brief(report)).toEqual(['breaks type-mismatch users.plan', 'differs type-mismatch users.createdAt', 'differs type-mismatch sessions.expiresAt']);
    expect(report.findings.map((f) => [f.expected, f.actual])).toEqual([
      ['Plan', 'text'],
      ['timestamp(3) without time zone', 'timestamp without time zone'],
      ['timestamp with time zone', 'timestamp(3) with time zone'],
    ]);
  });

  it('reads the ledger in the schema named by ?schema= in the URL', async () => {
    const db = await clone('other_schema');
    await sql(
      db.url,
      'CREATE SCHEMA app; ALTER TABLE users SET SCHEMA app; ALTER TABLE sessions SET SCHEMA app; ALTER TABLE "_prisma_migrations" SET SCHEMA app',
    );
    const inPublic = await checkDrift({ app: 'shop-prisma', databaseUrl: db.url, repoRoot: FIXTURES });
    expect(brief(inPublic)).toEqual(['breaks missing-table users', 'breaks missing-table sessions', 'differs ledger-missing _prisma_migrations']);
    const inApp = await checkDrift({ app: 'shop-prisma', databaseUrl: `${db.url}?schema=app`, repoRoot: FIXTURES });
    expect(brief(inApp)).toEqual([]);
  });
});
