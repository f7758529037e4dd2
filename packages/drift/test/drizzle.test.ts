/**
 * The drift check on a Drizzle app (test/fixtures/apps/shop-drizzle), against
 * databases migrated by drizzle-orm's own migrator and then broken by hand:
 * one kind of drift per test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Databases } from '@incident-replay/pg-harness';
import { checkDrift, formatReport, type DriftReport } from '../src/index.js';
import { customers } from './fixtures/apps/shop-drizzle/lib/schema.js';
import { FIXTURES, databases, migrateShopDrizzle, sql } from './helpers.js';

let dbs: Databases;
let clone: (label: string) => Promise<{ url: string }>;

beforeAll(async () => {
  dbs = databases();
  ({ clone } = await dbs.createTemplate('drift_shop_drizzle', migrateShopDrizzle));
});
afterAll(async () => {
  await dbs.dropAll();
});

/** A fresh migrated copy, broken by `breakSql`, then checked. */
async function checkBroken(breakSql: string): Promise<{ url: string; report: DriftReport }> {
  const db = await clone('drizzle_case');
  if (breakSql) await sql(db.url, breakSql);
  const report = await checkDrift({ app: 'shop-drizzle', databaseUrl: db.url, repoRoot: FIXTURES });
  return { url: db.url, report };
}

const brief = (r: DriftReport) =>
  r.findings.map((f) => `${f.severity} ${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}${f.migration ? ` ${f.migration}` : ''}`);

describe('drift check: Drizzle schema and __drizzle_migrations', () => {
  it('finds no drift on a database the migrator built', async () => {
    const { report } = await checkBroken('');
    expect(report.error).toBeUndefined();
    expect(brief(report)).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.checked).toEqual({ tables: 2, columns: 14, migrations: 3 });
    expect(formatReport(report)).toContain('no drift');
  });

  it('finds a missing column, and its repair SQL repairs it', async () => {
    const { url, report } = await checkBroken('ALTER TABLE customers DROP COLUMN credits');
    expect(report.exitCode).toBe(1);
    // The ledger records 0002 as applied, yet what it adds is gone: the ledger-versus-effects check names it.
    expect(brief(report)).toEqual([
      'breaks missing-column customers.credits',
      'differs ledger-effects-missing __drizzle_migrations 0002_add_customers_credits',
    ]);
    expect(report.findings[1]!.actual).toBe('column "customers"."credits" missing (line 1)');
    const f = report.findings[0]!;
    expect(f).toMatchObject({
      expected: 'integer DEFAULT 0 NOT NULL',
      actual: 'no such column',
      source: { file: 'apps/shop-drizzle/lib/schema.ts', model: 'customers', field: 'credits' },
    });
    expect(f.repairSql).toBe('ALTER TABLE "customers" ADD COLUMN "credits" integer DEFAULT 0 NOT NULL;');
    // The check never runs it; a person does.
    await sql(url, f.repairSql!);
    const after = await checkDrift({ app: 'shop-drizzle', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(after)).toEqual([]);
  });

  it('finds a wrong type: across kinds it breaks, a shorter varchar only differs', async () => {
    const { report } =
      await checkBroken(`ALTER TABLE orders ALTER COLUMN paid DROP DEFAULT; ALTER TABLE orders ALTER COLUMN paid TYPE text USING paid::text; ALTER TABLE orders ALTER COLUMN paid SET DEFAULT 'false';
      ALTER TABLE customers ALTER COLUMN email TYPE varchar(100)`);
    expect(brief(report)).toEqual(['differs type-mismatch customers.email', 'breaks type-mismatch orders.paid']);
    expect(report.findings[0]).toMatchObject({ expected: 'character varying(255)', actual: 'character varying(100)' });
    expect(report.findings[1]).toMatchObject({ expected: 'boolean', actual: 'text' });
    expect(report.findings[1]!.repairSql).toBeUndefined();
  });

  it('finds nullability both ways: NOT NULL the app may leave empty breaks, a looser column differs', async () => {
    const { report } = await checkBroken(`ALTER TABLE customers ALTER COLUMN name SET NOT NULL; ALTER TABLE customers ALTER COLUMN tier DROP NOT NULL`);
    expect(brief(report)).toEqual(['breaks nullability customers.name', 'differs nullability customers.tier']);
    expect(report.findings[0]!.repairSql).toBe('ALTER TABLE "customers" ALTER COLUMN "name" DROP NOT NULL;');
  });

  it('finds defaults: a dropped default on a NOT NULL column breaks, a changed one differs', async () => {
    const { report } = await checkBroken(`ALTER TABLE customers ALTER COLUMN credits DROP DEFAULT; ALTER TABLE customers ALTER COLUMN tier SET DEFAULT 'pro'`);
    expect(brief(report)).toEqual(['differs default-mismatch customers.tier', 'breaks default-mismatch customers.credits']);
    expect(report.findings[0]).toMatchObject({
      expected: 'DEFAULT free',
      actual: "DEFAULT 'pro'::text",
      repairSql: `ALTER TABLE "customers" ALTER COLUMN "tier" SET DEFAULT 'free';`,
    });
    expect(report.findings[1]!.repairSql).toBe('ALTER TABLE "customers" ALTER COLUMN "credits" SET DEFAULT 0;');
  });

  it('finds an extra NOT NULL column without default, which really breaks inserts through Drizzle (23502)', async () => {
    const { url, report } = await checkBroken('ALTER TABLE customers ADD COLUMN legacy_code text NOT NULL');
    expect(brief(report)).toEqual(['breaks extra-required-column customers.legacy_code']);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const err = await drizzle(pool)
        .insert(customers)
        .values({ email: 'a@example.test' })
        .then(
          () => undefined,
          (e: unknown) => e as { cause?: { code?: string } },
        );
      expect(err?.cause?.code).toBe('23502');
    } finally {
      await pool.end();
    }
  });

  it('finds a missing table, with CREATE TABLE as repair', async () => {
    const { report } = await checkBroken('DROP TABLE orders');
    expect(brief(report)).toEqual(['breaks missing-table orders', 'differs ledger-effects-missing __drizzle_migrations 0001_create_orders']);
    expect(report.findings[0]!.repairSql).toContain('CREATE TABLE "orders" (');
    expect(report.findings[0]!.repairSql).toContain(`"meta" jsonb DEFAULT '{}' NOT NULL`);
  });

  it('finds a migration not yet applied (newer than the last recorded one)', async () => {
    const { report } = await checkBroken(
      `DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1735862400000; ALTER TABLE customers DROP COLUMN credits`,
    );
    expect(brief(report)).toEqual(['breaks missing-column customers.credits', 'differs migration-not-applied __drizzle_migrations 0002_add_customers_credits']);
    expect(report.notes).toEqual([]);
  });

  it('finds a migration the migrator will never run (older than the last recorded one)', async () => {
    const { report } = await checkBroken(`DELETE FROM drizzle.__drizzle_migrations WHERE created_at = 1735776000000`);
    // Its table is there, so running it now would fail on CREATE TABLE (42P07).
    expect(brief(report)).toEqual([
      'breaks migration-skipped __drizzle_migrations 0001_create_orders',
      'breaks ledger-effects-present __drizzle_migrations 0001_create_orders',
    ]);
    expect(report.findings[1]!.message).toMatch(/fails at line 1 \(table "orders" already exists, SQLSTATE 42P07\)/);
  });

  it('finds an applied migration whose file was edited since (hash mismatch)', async () => {
    const { report } = await checkBroken(`UPDATE drizzle.__drizzle_migrations SET hash = repeat('0', 64) WHERE created_at = 1735689600000`);
    expect(brief(report)).toEqual(['differs ledger-checksum-mismatch __drizzle_migrations 0000_create_customers']);
  });

  it('says when the ledger is complete but the schema is not (the trap)', async () => {
    const { report } = await checkBroken('ALTER TABLE customers DROP COLUMN credits');
    expect(report.notes.join(' ')).toMatch(/records all 3 migrations as applied, yet the schema is not what the app expects/);
  });
});
