/**
 * What columns alone do not show (keys, uniques, foreign keys, enum labels),
 * the ledger against the effects of its migrations, repair SQL on tables with
 * rows, and source positions — each severity proven by the failure PostgreSQL
 * really gives (42P10, 23503, 22P02, 23502), and each position checked against
 * the real file of the repository's apps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { checkDrift, type DriftReport } from '../src/index.js';
import { FIXTURES, REPO_ROOT, applyPrismaMigrations, databases, migrateShopPrisma, sql } from './helpers.js';

let dbs: Databases;
let clone: (label: string) => Promise<{ url: string }>;

beforeAll(async () => {
  dbs = databases();
  ({ clone } = await dbs.createTemplate('drift_analysis_shop_prisma', migrateShopPrisma));
});
afterAll(async () => {
  await dbs.dropAll();
});

const brief = (r: DriftReport) => [
  ...(r.error ? [`error: ${r.error}`] : []),
  ...r.findings.map((f) => `${f.severity} ${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}${f.migration ? ` ${f.migration}` : ''}`),
];
const shop = (url: string) => checkDrift({ app: 'shop-prisma', databaseUrl: url, repoRoot: FIXTURES });
const repoApp = (app: string, url: string) => checkDrift({ app, databaseUrl: url });
/** 1-based line of the first line of a repository file that matches. */
const lineOf = (file: string, re: RegExp) =>
  fs
    .readFileSync(path.join(REPO_ROOT, file), 'utf8')
    .split('\n')
    .findIndex((l) => re.test(l)) + 1;
/** The SQLSTATE a statement fails with, or `ok`. */
const sqlstate = (url: string, text: string) =>
  sql(url, text).then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );
const USER = `INSERT INTO users (id, email, "updatedAt") VALUES ('u1', 'a@example.com', now())`;

describe('keys, uniques, foreign keys and enum labels', () => {
  it('a missing unique index breaks: ON CONFLICT on it fails with 42P10; the repair SQL restores it', async () => {
    const { url } = await clone('unique');
    await sql(url, 'DROP INDEX "users_email_key"');
    const report = await shop(url);
    // The init migration that created it is recorded as applied: the ledger-versus-effects check says so too.
    expect(brief(report)).toEqual(['breaks missing-unique users.email', 'differs ledger-effects-missing _prisma_migrations 20250101000000_init']);
    const f = report.findings[0]!;
    expect(f.repairSql).toBe('CREATE UNIQUE INDEX CONCURRENTLY "users_email_key" ON "users" ("email");');
    expect(f.repairImpact).toMatch(/SHARE UPDATE EXCLUSIVE/);
    expect(f.location).toEqual({ file: 'apps/shop-prisma/prisma/schema.prisma', line: 19, column: 3 });
    // What Prisma's upsert on email sends, as PostgreSQL answers it:
    expect(await sqlstate(url, `${USER} ON CONFLICT (email) DO NOTHING`)).toBe('42P10');
    await sql(url, f.repairSql!);
    expect(brief(await shop(url))).toEqual([]);
    expect(await sqlstate(url, `${USER} ON CONFLICT (email) DO NOTHING`)).toBe('ok');
  });

  it('a missing primary key breaks (42P10 for ON CONFLICT (id)); the foreign key that went with it only differs', async () => {
    const { url } = await clone('pkey');
    await sql(url, 'ALTER TABLE users DROP CONSTRAINT users_pkey CASCADE');
    const report = await shop(url);
    expect(brief(report)).toEqual([
      'breaks primary-key-mismatch users.id',
      'differs foreign-key-mismatch sessions.userId',
      'differs ledger-effects-missing _prisma_migrations 20250101000000_init',
    ]);
    expect(report.findings[2]!.actual).toBe('index "users_pkey" missing (line 5)');
    expect(await sqlstate(url, `${USER} ON CONFLICT (id) DO NOTHING`)).toBe('42P10');
    expect(report.findings[0]!.repairSql).toBe('ALTER TABLE "users" ADD CONSTRAINT "users_pkey" PRIMARY KEY ("id");');
    expect(report.findings[1]!.location).toEqual({ file: 'apps/shop-prisma/prisma/schema.prisma', line: 37, column: 3 });
    for (const r of report.findings.slice(0, 2)) for (const stmt of r.repairSql!.split(';\n')) await sql(url, stmt);
    expect(brief(await shop(url))).toEqual([]);
  });

  it('ON DELETE NO ACTION where the schema says Cascade breaks: deleting a user with a session fails with 23503', async () => {
    const { url } = await clone('fk');
    await sql(
      url,
      `ALTER TABLE sessions DROP CONSTRAINT "sessions_userId_fkey", ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES users (id)`,
    );
    const report = await shop(url);
    expect(brief(report)).toEqual(['breaks foreign-key-mismatch sessions.userId']);
    expect(report.findings[0]!).toMatchObject({
      expected: 'FOREIGN KEY (userId) REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE',
      actual: 'sessions_userId_fkey ON DELETE NO ACTION ON UPDATE NO ACTION',
    });
    // The repair keeps Prisma's ON UPDATE CASCADE (its default), not only the ON DELETE that broke.
    expect(report.findings[0]!.repairSql).toContain('ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;');
    await sql(url, `${USER}; INSERT INTO sessions (id, "userId", "expiresAt") VALUES (gen_random_uuid(), 'u1', now())`);
    expect(await sqlstate(url, `DELETE FROM users WHERE id = 'u1'`)).toBe('23503');
    for (const stmt of report.findings[0]!.repairSql!.split(';\n')) await sql(url, stmt);
    expect(brief(await shop(url))).toEqual([]);
    expect(await sqlstate(url, `DELETE FROM users WHERE id = 'u1'`)).toBe('ok');
  });

  it('an enum value the schema has and the database lacks breaks writes (22P02); an extra one differs', async () => {
    const { url } = await clone('enum');
    await sql(url, `ALTER TYPE "Plan" RENAME VALUE 'PRO' TO 'PREMIUM'`);
    const report = await shop(url);
    expect(brief(report)).toEqual(['breaks missing-enum-value Plan.PRO', 'differs extra-enum-value Plan.PREMIUM']);
    // After FREE, where the schema has it (without AFTER it would go last, behind PREMIUM).
    expect(report.findings[0]!.repairSql).toBe(`ALTER TYPE "Plan" ADD VALUE 'PRO' AFTER 'FREE';`);
    expect(report.findings[0]!.location).toEqual({ file: 'apps/shop-prisma/prisma/schema.prisma', line: 14, column: 3 }); // the value's own line in the enum
    expect(await sqlstate(url, `INSERT INTO users (id, email, plan, "updatedAt") VALUES ('u2', 'b@example.com', 'PRO', now())`)).toBe('22P02');
  });
});

describe('ledger versus effects (prisma-login, its real migrations)', () => {
  it('resolve --applied after a partial hand-fix: the applied migration misses a table and an index, with the line that creates each', async () => {
    const db = await dbs.create('drift_effects_partial');
    await applyPrismaMigrations(db.url, 'prisma-login');
    await sql(db.url, 'DROP TABLE generated_poses; DROP INDEX "avatars_userId_idx"');
    const report = await repoApp('prisma-login', db.url);
    const file = 'apps/prisma-login/prisma/migrations/20251014_add_avatar_creator_complete/migration.sql';
    const effects = report.findings.filter((f) => f.kind === 'ledger-effects-missing');
    expect(effects.map((f) => [f.severity, f.migration])).toEqual([['differs', '20251014_add_avatar_creator_complete']]);
    const tableLine = lineOf(file, /^CREATE TABLE "generated_poses"/);
    const indexLine = lineOf(file, /^CREATE INDEX "avatars_userId_idx"/);
    expect(effects[0]!.actual).toBe(`table "generated_poses" missing (line ${tableLine}), index "avatars_userId_idx" missing (line ${indexLine})`);
    expect(effects[0]!.location).toEqual({ file, line: tableLine, column: 1 });
    // The schema comparison says what that does to the app.
    expect(brief(report).filter((b) => !b.includes('ledger') && !b.includes('unlimitedPose'))).toEqual([
      'breaks missing-table generated_poses',
      'differs missing-index avatars.userId',
    ]);
  });

  it('a failed migration whose tables exist already: a re-run fails where prisma migrate deploy fails (42P07 on its first CREATE TABLE)', async () => {
    const db = await dbs.create('drift_effects_failed');
    await applyPrismaMigrations(db.url, 'prisma-login', ['20250901_init', '20250920_add_user_credits']);
    const file = 'apps/prisma-login/prisma/migrations/20251014_add_avatar_creator_complete/migration.sql';
    await sql(db.url, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
    await sql(
      db.url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, logs, applied_steps_count) VALUES ('f', repeat('0', 64), '20251014_add_avatar_creator_complete', now(), 'Database error code: 42P07', 0)`,
    );
    const report = await repoApp('prisma-login', db.url);
    const present = report.findings.find((f) => f.kind === 'ledger-effects-present')!;
    expect(present.severity).toBe('breaks');
    expect(present.location).toEqual({ file, line: lineOf(file, /^CREATE TABLE "avatar_projects"/), column: 1 });
    // The text scenario 002's broken-state step checks.
    expect(present.message).toContain('table "avatar_projects" already exists, SQLSTATE 42P07');
    // Listed by table: the columns and indexes of tables the migration itself creates come with them.
    expect(present.actual).toBe(
      `already in the database: ${['avatar_projects', 'avatars', 'avatar_generations', 'avatar_usage_history', 'pose_categories', 'pose_library', 'pose_generator_projects', 'pose_generations', 'generated_poses'].map((t) => `table "${t}"`).join(', ')}`,
    );
    // Running the file again is what a deploy after resolve --rolled-back does: PostgreSQL's answer.
    expect(await sqlstate(db.url, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))).toBe('42P07');
  });
});

describe('repair SQL that works on a table with rows', () => {
  it('a missing NOT NULL column without default: add nullable, fill (a decision for a person), SET NOT NULL — where the single ADD COLUMN fails with 23502', async () => {
    const db = await dbs.create('drift_repair_rows');
    await applyPrismaMigrations(db.url, 'better-auth-1.4', ['20251101000000_init']);
    await sql(
      db.url,
      `INSERT INTO "user" (id, name, email) VALUES ('u1', 'A', 'a@example.com');
      INSERT INTO "session" (id, token, "expiresAt", "updatedAt", "userId") VALUES ('s1', 't1', now(), now(), 'u1')`,
    );
    await sql(db.url, 'DROP INDEX "session_token_key"; ALTER TABLE "session" DROP COLUMN token');
    const report = await repoApp('better-auth-1.4', db.url);
    const f = report.findings.find((x) => x.kind === 'missing-column')!;
    expect(f.repairSql!.split('\n')).toEqual([
      'ALTER TABLE "session" ADD COLUMN "token" text;',
      "-- DECIDE: the value existing rows get (a person's decision; the placeholder below is not SQL on purpose)",
      'UPDATE "session" SET "token" = <value for existing rows> WHERE "token" IS NULL;',
      'ALTER TABLE "session" ALTER COLUMN "token" SET NOT NULL;',
    ]);
    expect(f.repairImpact).toMatch(/SET NOT NULL: ACCESS EXCLUSIVE lock while it scans the whole table/);
    expect(f.hint).toMatch(/has rows: a single ADD COLUMN … NOT NULL without a default fails with SQLSTATE 23502/);
    // Through the Prisma adapter, Better Auth's session.token is the schema.prisma field Session.token: its line.
    const schema = fs.readFileSync(path.join(REPO_ROOT, 'apps/better-auth-1.4/prisma/schema.prisma'), 'utf8').split('\n');
    const tokenLine = schema.findIndex((l, i) => i > schema.indexOf('model Session {') && l.trim().startsWith('token ')) + 1;
    expect(tokenLine).toBeGreaterThan(1);
    expect(f.location).toEqual({ file: 'apps/better-auth-1.4/prisma/schema.prisma', line: tokenLine, column: 3 });
    expect(await sqlstate(db.url, 'ALTER TABLE "session" ADD COLUMN "token" text NOT NULL')).toBe('23502');
    // The placeholder is not SQL: run as written it fails; with a value chosen, the sequence works.
    expect(await sqlstate(db.url, f.repairSql!)).toBe('42601');
    await sql(db.url, f.repairSql!.replace('<value for existing rows>', `'revoked-' || id`));
    expect((await repoApp('better-auth-1.4', db.url)).findings.filter((x) => x.kind === 'missing-column')).toEqual([]);
  });
});

describe('source positions in the real app files', () => {
  it('prisma-login: each missing unlimitedPose* column points at its field in schema.prisma', async () => {
    const db = await dbs.create('drift_positions_prisma');
    await applyPrismaMigrations(db.url, 'prisma-login');
    const report = await repoApp('prisma-login', db.url);
    const file = 'apps/prisma-login/prisma/schema.prisma';
    const got = report.findings.filter((f) => f.kind === 'missing-column').map((f) => [f.column, f.location]);
    expect(got).toEqual(
      ['unlimitedPoseActive', 'unlimitedPoseDailyQuota', 'unlimitedPoseQuotaUsed', 'unlimitedPoseQuotaResetAt', 'unlimitedPoseExpiresAt'].map((c) => [
        c,
        { file, line: lineOf(file, new RegExp(`^\\s+${c}\\s`)), column: 3 },
      ]),
    );
    expect(lineOf(file, /^\s+unlimitedPoseActive\s/)).toBe(27);
  });
});
