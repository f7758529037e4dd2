/**
 * Repair SQL that repairs: for drifts injected into a clone of a migrated
 * fixture, every repair statement of the report is applied in report order on
 * that scratch database, then the drift check runs again (nothing left of what
 * was repaired) and so does the ORM's own oracle — Prisma's introspection +
 * `migrate diff` (`prismaSchemaDrift`) for Prisma apps, drizzle-kit's
 * `pushSchema` diff for Drizzle. The check itself never runs repair SQL; this
 * test does, on databases it throws away.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { prismaSchemaDrift } from '@incident-replay/prisma-offline';
import { checkDrift, repairStatements, type DriftReport } from '../src/index.js';
import * as shopDrizzle from './fixtures/apps/shop-drizzle/lib/schema.js';
import { FIXTURES, REPO_ROOT, applyPrismaMigrations, databases, drizzleKitPush, migrateShopDrizzle, migrateShopPrisma, sql } from './helpers.js';

/** The app whose Prisma CLI (with its offline prisma.config.ts) runs the oracle; `--schema` picks the schema. */
const PRISMA_CLI_APP = path.join(REPO_ROOT, 'apps/prisma-login');
const SHOP_PRISMA_SCHEMA = path.join(FIXTURES, 'apps/shop-prisma/prisma/schema.prisma');

let dbs: Databases;
let shopPrisma: (label: string) => Promise<{ url: string }>;
let prismaLogin: (label: string) => Promise<{ url: string }>;
let shopDrizzleDb: (label: string) => Promise<{ url: string }>;

beforeAll(async () => {
  dbs = databases();
  [{ clone: shopPrisma }, { clone: prismaLogin }, { clone: shopDrizzleDb }] = await Promise.all([
    dbs.createTemplate('drift_repair_shop_prisma', migrateShopPrisma),
    dbs.createTemplate('drift_repair_prisma_login', (url) => applyPrismaMigrations(url, 'prisma-login')),
    dbs.createTemplate('drift_repair_shop_drizzle', migrateShopDrizzle),
  ]);
});
afterAll(async () => {
  await dbs.dropAll();
});

const schemaFindings = (r: DriftReport) => r.findings.filter((f) => f.category === 'schema');
const brief = (r: DriftReport) => [
  ...(r.error ? [`error: ${r.error}`] : []),
  ...schemaFindings(r).map((f) => `${f.severity} ${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}`),
];

/**
 * Applies every repair statement of the report's schema findings, one by one and in report
 * order, as a person would after review. A statement that fails fails the test, naming it.
 */
async function applyRepairs(url: string, report: DriftReport): Promise<string[]> {
  const applied: string[] = [];
  for (const f of schemaFindings(report)) {
    for (const statement of repairStatements(f)) {
      expect(statement, 'a repair with a placeholder a person must fill').not.toContain('<');
      try {
        await sql(url, statement);
      } catch (err) {
        throw new Error(`repair of ${f.kind} ${f.table}.${f.column ?? ''} failed: ${statement}\n${(err as Error).message}`);
      }
      applied.push(statement);
    }
  }
  return applied;
}

/** drizzle-kit push's own diff of shop-drizzle's schema against the database: the statements it would run. */
async function drizzleKitDiff(url: string): Promise<string[]> {
  return drizzleKitPush(url, shopDrizzle);
}

describe('repairs of shop-prisma (Prisma migrate diff as the oracle)', () => {
  it('dropped column, dropped NOT NULL, changed default, dropped unique index, dropped FK (ON DELETE/UPDATE CASCADE), dropped enum value', async () => {
    const { url } = await shopPrisma('repair_prisma_many');
    await sql(
      url,
      `ALTER TABLE users DROP COLUMN "bonusEndsAt";
       ALTER TABLE users ALTER COLUMN "bonusActive" DROP NOT NULL;
       ALTER TABLE users ALTER COLUMN credits SET DEFAULT 5;
       DROP INDEX users_email_key;
       ALTER TABLE sessions DROP CONSTRAINT "sessions_userId_fkey";
       ALTER TYPE "Plan" RENAME TO "Plan_old";
       CREATE TYPE "Plan" AS ENUM ('PRO');
       ALTER TABLE users ALTER COLUMN plan DROP DEFAULT, ALTER COLUMN plan TYPE "Plan" USING plan::text::"Plan";
       ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'PRO';
       DROP TYPE "Plan_old";`,
    );
    const before = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(before).sort()).toEqual(
      [
        'breaks missing-column users.bonusEndsAt',
        'differs nullability users.bonusActive',
        'differs default-mismatch users.credits',
        // The column's default 'PRO' differs too: the ORM's is FREE.
        'differs default-mismatch users.plan',
        'breaks missing-unique users.email',
        'differs foreign-key-mismatch sessions.userId',
        'breaks missing-enum-value Plan.FREE',
      ].sort(),
    );
    const fk = before.findings.find((f) => f.kind === 'foreign-key-mismatch')!;
    expect(fk.repairSql).toContain('ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;');
    expect(before.findings.find((f) => f.kind === 'missing-enum-value')!.repairSql).toBe(`ALTER TYPE "Plan" ADD VALUE 'FREE' BEFORE 'PRO';`);
    expect((await prismaSchemaDrift(PRISMA_CLI_APP, url, SHOP_PRISMA_SCHEMA)).drift).toBe(true);

    await applyRepairs(url, before);
    const after = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(after)).toEqual([]);
    const prisma = await prismaSchemaDrift(PRISMA_CLI_APP, url, SHOP_PRISMA_SCHEMA);
    expect(prisma.script, 'Prisma sees no difference after the repairs').not.toMatch(/ALTER|CREATE|DROP/);
    expect(prisma.drift).toBe(false);
  });

  it('a renamed table: the repair renames it back (never a CREATE TABLE that collides), and a dropped table is created with its keys', async () => {
    const { url } = await shopPrisma('repair_prisma_tables');
    // sessions renamed as is (its constraints keep their names); users dropped with what depends on it.
    await sql(url, `ALTER TABLE sessions RENAME TO user_sessions; DROP TABLE users CASCADE;`);
    const before = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(before)).toEqual(['breaks missing-table users', 'breaks missing-table sessions']);
    const [users, sessions] = schemaFindings(before);
    expect(users!.repairSql).toContain('CONSTRAINT "users_pkey" PRIMARY KEY ("id")');
    expect(users!.repairSql).toContain('CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");');
    expect(sessions!.repairSql).toBe('ALTER TABLE "user_sessions" RENAME TO "sessions";');
    expect(sessions!.repairSql).not.toContain('CREATE TABLE');

    await applyRepairs(url, before);
    // The foreign key sessions → users went with DROP TABLE … CASCADE: the re-check finds it, with both actions.
    const mid = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(mid)).toEqual(['differs foreign-key-mismatch sessions.userId']);
    await applyRepairs(url, mid);
    expect(brief(await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES }))).toEqual([]);
    expect((await prismaSchemaDrift(PRISMA_CLI_APP, url, SHOP_PRISMA_SCHEMA)).drift).toBe(false);
  });

  it('ON UPDATE other than declared differs; its repair keeps the live MATCH FULL and DEFERRABLE', async () => {
    const { url } = await shopPrisma('repair_prisma_on_update');
    await sql(
      url,
      `ALTER TABLE sessions DROP CONSTRAINT "sessions_userId_fkey",
         ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES users (id) MATCH FULL ON DELETE CASCADE ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED`,
    );
    const report = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(report)).toEqual(['differs foreign-key-mismatch sessions.userId']);
    expect(schemaFindings(report)[0]!.actual).toBe('sessions_userId_fkey ON DELETE CASCADE ON UPDATE RESTRICT');
    expect(repairStatements(schemaFindings(report)[0]!)).toEqual([
      'ALTER TABLE "sessions" DROP CONSTRAINT "sessions_userId_fkey";',
      'ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users" ("id") MATCH FULL ON DELETE CASCADE ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED NOT VALID;',
      'ALTER TABLE "sessions" VALIDATE CONSTRAINT "sessions_userId_fkey";',
    ]);
    await applyRepairs(url, report);
    expect(brief(await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES }))).toEqual([]);
    const [live] = await sql<{ def: string }>(url, `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'sessions_userId_fkey'`);
    expect(live!.def).toBe('FOREIGN KEY ("userId") REFERENCES users(id) MATCH FULL ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED');
  });

  it('several tables of the same shape: the check says it cannot decide, and proposes no SQL', async () => {
    const { url } = await shopPrisma('repair_prisma_ambiguous');
    await sql(url, `ALTER TABLE sessions RENAME TO sessions_a; CREATE TABLE sessions_b (LIKE sessions_a);`);
    const report = await checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(report)).toEqual(['breaks missing-table sessions']);
    const f = schemaFindings(report)[0]!;
    expect(f.repairSql).toBeUndefined();
    expect(f.hint).toMatch(/^cannot decide which table was renamed: "sessions_a", "sessions_b" each have the columns and types of "sessions"/);
  });
});

describe('repairs of prisma-login (Prisma migrate diff as the oracle)', () => {
  it('a dropped FK with ON DELETE SET NULL ON UPDATE CASCADE, a table renamed with its constraints, a dropped table', async () => {
    const { url } = await prismaLogin('repair_login');
    await sql(
      url,
      `ALTER TABLE avatar_generations DROP CONSTRAINT "avatar_generations_avatarId_fkey";
       ALTER TABLE pose_library RENAME TO poses;
       ALTER INDEX pose_library_pkey RENAME TO poses_pkey;
       ALTER INDEX "pose_library_categoryId_idx" RENAME TO "poses_categoryId_idx";
       ALTER TABLE poses RENAME CONSTRAINT "pose_library_categoryId_fkey" TO "poses_categoryId_fkey";
       DROP TABLE generated_poses;`,
    );
    const before = await checkDrift({ app: 'prisma-login', databaseUrl: url });
    expect(brief(before)).toEqual([
      // What incident 002 is about: the migrations never added these five (their repair is part of the test too).
      'breaks missing-column users.unlimitedPoseActive',
      'breaks missing-column users.unlimitedPoseDailyQuota',
      'breaks missing-column users.unlimitedPoseQuotaUsed',
      'breaks missing-column users.unlimitedPoseQuotaResetAt',
      'breaks missing-column users.unlimitedPoseExpiresAt',
      'breaks missing-table pose_library',
      'breaks missing-table generated_poses',
      'differs foreign-key-mismatch avatar_generations.avatarId',
    ]);
    const [library, , fk] = schemaFindings(before).slice(5);
    expect(library!.repairSql).toBe(
      [
        'ALTER TABLE "poses" RENAME TO "pose_library";',
        'ALTER INDEX "poses_pkey" RENAME TO "pose_library_pkey";',
        'ALTER INDEX "poses_categoryId_idx" RENAME TO "pose_library_categoryId_idx";',
        'ALTER TABLE "pose_library" RENAME CONSTRAINT "poses_categoryId_fkey" TO "pose_library_categoryId_fkey";',
      ].join('\n'),
    );
    expect(fk!.repairSql).toContain('REFERENCES "avatars" ("id") ON DELETE SET NULL ON UPDATE CASCADE NOT VALID;');
    expect((await prismaSchemaDrift(PRISMA_CLI_APP, url)).drift).toBe(true);

    await applyRepairs(url, before);
    expect(brief(await checkDrift({ app: 'prisma-login', databaseUrl: url }))).toEqual([]);
    const prisma = await prismaSchemaDrift(PRISMA_CLI_APP, url);
    expect(prisma.script, 'Prisma sees no difference after the repairs').not.toMatch(/ALTER|CREATE|DROP/);
    expect(prisma.drift).toBe(false);
  });
});

describe('repairs of shop-drizzle (drizzle-kit push as the oracle)', () => {
  /** What drizzle-kit push wants on the clean database (it re-sets jsonb defaults by text): not drift. */
  let baseline: string[];
  beforeAll(async () => {
    baseline = await drizzleKitDiff((await shopDrizzleDb('repair_drizzle_clean')).url);
  });

  it('dropped column, dropped NOT NULL, changed default, dropped unique constraint, dropped FK', async () => {
    const { url } = await shopDrizzleDb('repair_drizzle_many');
    await sql(
      url,
      `ALTER TABLE customers DROP COLUMN name;
       ALTER TABLE orders ALTER COLUMN paid DROP NOT NULL;
       ALTER TABLE customers ALTER COLUMN tier SET DEFAULT 'gold';
       ALTER TABLE customers DROP CONSTRAINT customers_email_unique;
       ALTER TABLE orders DROP CONSTRAINT orders_customer_id_customers_id_fk;`,
    );
    const before = await checkDrift({ app: 'shop-drizzle', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(before)).toEqual([
      'breaks missing-column customers.name',
      'differs default-mismatch customers.tier',
      'differs nullability orders.paid',
      'breaks missing-unique customers.email',
      'differs foreign-key-mismatch orders.customer_id',
    ]);
    expect(await drizzleKitDiff(url)).not.toEqual(baseline);

    await applyRepairs(url, before);
    expect(brief(await checkDrift({ app: 'shop-drizzle', databaseUrl: url, repoRoot: FIXTURES }))).toEqual([]);
    expect(await drizzleKitDiff(url)).toEqual(baseline);
  });

  it('a table renamed with its key and sequence, and a dropped table that references it', async () => {
    const { url } = await shopDrizzleDb('repair_drizzle_tables');
    await sql(
      url,
      `DROP TABLE orders;
       ALTER TABLE customers RENAME TO clients;
       ALTER INDEX customers_pkey RENAME TO clients_pkey;
       ALTER SEQUENCE customers_id_seq RENAME TO clients_id_seq;`,
    );
    const before = await checkDrift({ app: 'shop-drizzle', databaseUrl: url, repoRoot: FIXTURES });
    expect(brief(before)).toEqual(['breaks missing-table customers', 'breaks missing-table orders']);
    const [customers, orders] = schemaFindings(before);
    expect(customers!.repairSql).toBe(
      [
        'ALTER TABLE "clients" RENAME TO "customers";',
        'ALTER INDEX "clients_pkey" RENAME TO "customers_pkey";',
        'ALTER SEQUENCE "clients_id_seq" RENAME TO "customers_id_seq";',
      ].join('\n'),
    );
    expect(orders!.repairSql).toContain('ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id")');

    await applyRepairs(url, before);
    expect(brief(await checkDrift({ app: 'shop-drizzle', databaseUrl: url, repoRoot: FIXTURES }))).toEqual([]);
    expect(await drizzleKitDiff(url)).toEqual(baseline);
  });
});
