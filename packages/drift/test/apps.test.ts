/**
 * The drift check on every app of the repository, through each app's own
 * drift.config.ts: a database built from the app's migrations, then the state
 * its incident is about. (The incidents replay the full story; this proves the
 * configurations work and the findings are the ones the stories need.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { checkSample, markdownFiles } from '@incident-replay/incident';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Databases } from '@incident-replay/pg-harness';
import { checkDrift, findRepoRoot, formatReport, listDriftApps, reportJson, type DriftReport } from '../src/index.js';
import { applyPrismaMigrations, databases, sql } from './helpers.js';

const ROOT = findRepoRoot();
const app = (name: string) => path.join(ROOT, 'apps', name);
let dbs: Databases;

beforeAll(() => {
  dbs = databases();
});
afterAll(async () => {
  await dbs.dropAll();
});

const brief = (r: DriftReport) => [
  ...(r.error ? [`error: ${r.error}`] : []),
  ...r.findings.map((f) => `${f.severity} ${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}${f.migration ? ` ${f.migration}` : ''}`),
];
const check = (name: string, url: string) => checkDrift({ app: name, databaseUrl: url });
/** Checks the sample of packages/drift/README.md named `name` against real output (times, ports, ids masked). */
const expectSample = (name: string, output: string) => checkSample(ROOT, markdownFiles(ROOT), name, output);

describe('every app has a drift configuration', () => {
  it('lists the apps of the repository', () => {
    const apps = fs.readdirSync(path.join(ROOT, 'apps')).filter((a) => fs.existsSync(path.join(ROOT, 'apps', a, 'package.json')));
    expect(listDriftApps(ROOT)).toEqual(apps.sort());
  });
});

describe('nextauth-drizzle (000)', () => {
  it('is clean after all migrations; without 0012 it finds users.session_version missing and 0012 unapplied', async () => {
    const db = await dbs.create('drift_app_000');
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    await migrate(drizzle(pool), { migrationsFolder: path.join(app('nextauth-drizzle'), 'db/migrations') }).finally(() => pool.end());
    expect(brief(await check('nextauth-drizzle', db.url))).toEqual([]);

    const journal = JSON.parse(fs.readFileSync(path.join(app('nextauth-drizzle'), 'db/migrations/meta/_journal.json'), 'utf8')) as {
      entries: { tag: string; when: number }[];
    };
    const m12 = journal.entries.find((e) => e.tag.startsWith('0012'))!;
    await sql(
      db.url,
      `DROP INDEX IF EXISTS idx_users_session_version; ALTER TABLE users DROP COLUMN session_version; DELETE FROM drizzle.__drizzle_migrations WHERE created_at = $1`.replace(
        '$1',
        String(m12.when),
      ),
    );
    const report = await check('nextauth-drizzle', db.url);
    expect(brief(report)).toEqual([
      'breaks missing-column users.session_version',
      'differs missing-index users.id,session_version',
      `differs migration-not-applied __drizzle_migrations ${m12.tag}`,
    ]);
    expect(report.findings[0]!.repairSql).toBe('ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 1 NOT NULL;');
    expect(report.findings[0]!.source).toEqual({ file: 'apps/nextauth-drizzle/lib/db/schema.ts', model: 'users', field: 'sessionVersion' });
    // Positions from the TypeScript compiler API: the column's property, the table's export for the two-column index.
    const schemaLines = fs.readFileSync(path.join(app('nextauth-drizzle'), 'lib/db/schema.ts'), 'utf8').split('\n');
    expect(report.findings[0]!.location).toEqual({
      file: 'apps/nextauth-drizzle/lib/db/schema.ts',
      line: schemaLines.findIndex((l) => l.includes('sessionVersion: integer(')) + 1,
      column: 5,
    });
    expect(report.findings[1]!.location).toEqual({
      file: 'apps/nextauth-drizzle/lib/db/schema.ts',
      line: schemaLines.findIndex((l) => l.startsWith('export const users = ')) + 1,
      column: 14,
    });
  });
});

describe('authjs-edge (001)', () => {
  it('is clean on the database its migration builds (the incident is not a schema problem)', async () => {
    const db = await dbs.create('drift_app_001');
    await sql(db.url, fs.readFileSync(path.join(app('authjs-edge'), 'drizzle/0000_create_users.sql'), 'utf8'));
    const report = await check('authjs-edge', db.url);
    expect(brief(report)).toEqual([]);
    expect(report.checked).toEqual({ tables: 1, columns: 7, migrations: 0 });
  });
});

describe('prisma-login (002)', () => {
  it('finds the five unlimitedPose* columns missing, the FAILED migration, then the same columns behind a ledger that says applied', async () => {
    const db = await dbs.create('drift_app_002');
    await applyPrismaMigrations(db.url, 'prisma-login');
    // The postmortem's state: 20251014 made its tables, then was recorded as FAILED (P3009 blocks the next deploy).
    const failed = '20251014_add_avatar_creator_complete';
    await sql(db.url, `UPDATE "_prisma_migrations" SET finished_at = NULL, applied_steps_count = 0 WHERE migration_name = '${failed}'`);
    const broken = await check('prisma-login', db.url);
    expect(brief(broken)).toEqual([
      ...['unlimitedPoseActive', 'unlimitedPoseDailyQuota', 'unlimitedPoseQuotaUsed', 'unlimitedPoseQuotaResetAt', 'unlimitedPoseExpiresAt'].map(
        (c) => `breaks missing-column users.${c}`,
      ),
      `breaks ledger-failed _prisma_migrations ${failed}`,
      `breaks ledger-effects-present _prisma_migrations ${failed}`,
    ]);
    expect(broken.exitCode).toBe(1);
    expectSample('drift-prisma-login-002', formatReport(broken));
    // prisma migrate resolve --applied: the failed row is marked rolled back and a new applied row is recorded.
    await sql(
      db.url,
      `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${failed}';
       INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         SELECT gen_random_uuid()::text, checksum, migration_name, now(), now(), 0 FROM "_prisma_migrations" WHERE migration_name = '${failed}'`,
    );
    const report = await check('prisma-login', db.url);
    expect(brief(report)).toEqual(
      ['unlimitedPoseActive', 'unlimitedPoseDailyQuota', 'unlimitedPoseQuotaUsed', 'unlimitedPoseQuotaResetAt', 'unlimitedPoseExpiresAt'].map(
        (c) => `breaks missing-column users.${c}`,
      ),
    );
    expect(report.notes[0]).toMatch(/records all 3 migrations as applied/);
    // The postmortem's hotfix SQL: columns present, but nullable and TIMESTAMP(6), not what Prisma declares.
    await sql(db.url, fs.readFileSync(path.join(app('prisma-login'), 'FIX_PRODUCTION_LOGIN_NOW.sql'), 'utf8'));
    expect(brief(await check('prisma-login', db.url))).toEqual([
      'differs nullability users.unlimitedPoseActive',
      'differs nullability users.unlimitedPoseDailyQuota',
      'differs nullability users.unlimitedPoseQuotaUsed',
      'differs type-mismatch users.unlimitedPoseQuotaResetAt',
      'differs type-mismatch users.unlimitedPoseExpiresAt',
    ]);
    // None of those breaks the app: with failOn 'breaks' the check passes, still listing them.
    const lenient = await checkDrift({ app: 'prisma-login', databaseUrl: db.url, failOn: 'breaks' });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.findings).toHaveLength(5);
    expect(formatReport(lenient)).toContain('nothing that breaks the app: 5 differences');
  });
});

describe('better-auth apps (003)', () => {
  for (const v of ['1.4', '1.7']) {
    it(`better-auth-${v}: the postmortem's "wrong" schema is clean; after its fix, session.token is missing`, async () => {
      const name = `better-auth-${v}`;
      const db = await dbs.create(`drift_app_003_${v.replace('.', '')}`);
      await applyPrismaMigrations(db.url, name, ['20251101000000_init']);
      const before = await check(name, db.url);
      expect(brief(before)).toEqual(['differs migration-not-applied _prisma_migrations 20251123_fix_session_token_structure']);
      await applyPrismaMigrations(db.url, name, ['20251123_fix_session_token_structure']);
      const after = await check(name, db.url);
      // The fix also dropped session_token_key: Prisma's @unique on token (upserts on it would fail with 42P10).
      expect(brief(after)).toEqual(['breaks missing-column session.token', 'breaks missing-unique session.token']);
      expect(after.findings[1]!.source).toEqual({ file: `apps/${name}/prisma/schema.prisma`, model: 'Session', field: 'token' });
      expect(after.findings[1]!.repairSql).toBe('CREATE UNIQUE INDEX CONCURRENTLY "session_token_key" ON "session" ("token");');
      // Better Auth's need, at the Prisma adapter's model and field in schema.prisma (its line).
      expect(after.findings[0]!.source).toEqual({ file: `apps/${name}/prisma/schema.prisma`, model: 'Session', field: 'token' });
      expect(after.findings[0]!.location).toMatchObject({ file: `apps/${name}/prisma/schema.prisma`, line: expect.any(Number) });
      expect(after.findings[0]!.repairSql).toBe('ALTER TABLE "session" ADD COLUMN "token" text NOT NULL;');
      if (v === '1.4') expectSample('drift-better-auth-14-json', reportJson(after));
    });
  }

  it('better-auth-0.8: clean on its own schema (0.8 keeps the token in session.id)', async () => {
    const db = await dbs.create('drift_app_003_08');
    await applyPrismaMigrations(db.url, 'better-auth-0.8');
    expect(brief(await check('better-auth-0.8', db.url))).toEqual([]);
  });

  it('better-auth-0.8 against a session table with a NOT NULL token: inserts would fail (23502)', async () => {
    const db = await dbs.create('drift_app_003_08_token');
    await applyPrismaMigrations(db.url, 'better-auth-0.8');
    await sql(db.url, 'ALTER TABLE "session" ADD COLUMN token text NOT NULL');
    expect(brief(await check('better-auth-0.8', db.url))).toEqual(['breaks extra-required-column session.token']);
  });
});

describe('an empty database: every migration pending, judged in order (issue 18)', () => {
  it('better-auth-1.4 (its fix drops what its init creates) and nextauth-drizzle: no "breaks" from the ledger, and the migrations then apply without error', async () => {
    const ba = await dbs.create('drift_empty_ba14');
    const baReport = await check('better-auth-1.4', ba.url);
    expect(brief(baReport).filter((b) => b.includes('ledger') || b.includes('migration'))).toEqual(['differs ledger-missing _prisma_migrations']);
    expect(baReport.notes).toEqual([]);
    await applyPrismaMigrations(ba.url, 'better-auth-1.4');

    const na = await dbs.create('drift_empty_000');
    const naReport = await check('nextauth-drizzle', na.url);
    expect(brief(naReport).filter((b) => b.includes('ledger') || b.includes('migration'))).toEqual(['differs ledger-missing __drizzle_migrations']);
    expect(naReport.notes).toEqual([]);
    const pool = new pg.Pool({ connectionString: na.url, max: 1 });
    await migrate(drizzle(pool), { migrationsFolder: path.join(app('nextauth-drizzle'), 'db/migrations') }).finally(() => pool.end());
    expect(brief(await check('nextauth-drizzle', na.url))).toEqual([]);
  });
});
