/**
 * The drift check writes nothing (it runs as a role that may only CONNECT and
 * SELECT, and its session refuses writes), and every way it cannot check ends
 * in exit code 2 with one line that says why.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Databases } from '@incident-replay/pg-harness';
import { checkDrift, formatReport } from '../src/index.js';
import { ReadOnlySession } from '../src/read-only-session.js';
import { FIXTURES, databases, migrateShopDrizzle, sql } from './helpers.js';

let dbs: Databases;
let url: string;
const role = `ir_drift_reader_${crypto.randomBytes(3).toString('hex')}`;
const password = crypto.randomBytes(9).toString('hex');

function asRole(dbUrl: string, user: string, pw: string): string {
  const u = new URL(dbUrl);
  u.username = user;
  u.password = pw;
  return u.toString();
}

/** Everything a write could change: every table's rows, the catalog's columns and defaults, counts of writes. */
async function fingerprint(dbUrl: string): Promise<string> {
  const rows = await sql<{ f: string }>(
    dbUrl,
    `SELECT md5(string_agg(x, '|' ORDER BY x)) AS f FROM (
       SELECT format('%s.%s.%s.%s.%s.%s', table_schema, table_name, column_name, data_type, is_nullable, coalesce(column_default, '')) AS x FROM information_schema.columns WHERE table_schema IN ('public', 'drizzle')
       UNION ALL SELECT 'ledger:' || string_agg(hash || created_at, ',' ORDER BY id) FROM drizzle.__drizzle_migrations
       UNION ALL SELECT 'customers:' || count(*) FROM customers
       UNION ALL SELECT 'stats:' || relname || ':' || (n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables) s`,
  );
  return rows[0]!.f;
}

beforeAll(async () => {
  dbs = databases();
  const db = await dbs.create('drift_readonly');
  url = db.url;
  await migrateShopDrizzle(url);
  // Drift to find: a column the app expects is gone.
  await sql(url, 'ALTER TABLE customers DROP COLUMN credits');
  // A role with CONNECT and SELECT only (plus USAGE to look tables up by name), no write privilege anywhere.
  const dbName = new URL(url).pathname.slice(1);
  await sql(url, `CREATE ROLE ${role} LOGIN PASSWORD '${password}' NOINHERIT`);
  await sql(
    url,
    `REVOKE ALL ON DATABASE ${dbName} FROM PUBLIC; GRANT CONNECT ON DATABASE ${dbName} TO ${role};
    REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public, drizzle TO ${role};
    GRANT SELECT ON ALL TABLES IN SCHEMA public, drizzle TO ${role}`,
  );
});

afterAll(async () => {
  await dbs?.dropAll();
  // Roles are server-wide: remove the one this file made.
  await sql(dbs.server.adminUrl, `DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
});

describe('drift check is read-only', () => {
  it('checks as a role with only CONNECT + SELECT, finds the drift, and changes nothing', async () => {
    const before = await fingerprint(url);
    const privileges = await sql<{ writes: boolean }>(
      url,
      `SELECT bool_or(has_table_privilege($1, c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE')) AS writes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'drizzle') AND c.relkind = 'r'`,
      [role],
    );
    expect(privileges[0]!.writes).toBe(false);

    const report = await checkDrift({ app: 'shop-drizzle', databaseUrl: asRole(url, role, password), repoRoot: FIXTURES });
    expect(report.error).toBeUndefined();
    expect(report.exitCode).toBe(1);
    expect(report.findings.map((f) => `${f.kind} ${f.table}.${f.column ?? f.migration}`)).toEqual([
      'missing-column customers.credits',
      'ledger-effects-missing __drizzle_migrations.0002_add_customers_credits',
    ]);
    expect(report.database).not.toContain(password);
    expect(await fingerprint(url)).toBe(before);
  });

  it('runs in a transaction PostgreSQL itself keeps read-only (a write fails with SQLSTATE 25006)', async () => {
    const session = await ReadOnlySession.open(url);
    try {
      const err = await session.query('CREATE TABLE drift_should_not_exist (id int)').catch((e: { code?: string }) => e);
      expect((err as { code?: string }).code).toBe('25006');
    } finally {
      await session.close();
    }
    const exists = await sql<{ t: string | null }>(url, `SELECT to_regclass('drift_should_not_exist')::text AS t`);
    expect(exists[0]!.t).toBeNull();
  });
});

describe('drift check: exit 2 with one clear line when it cannot check', () => {
  it('unreachable database', async () => {
    // Port 1 on loopback: nothing listens there.
    const report = await checkDrift({ app: 'shop-drizzle', databaseUrl: 'postgres://u:p@127.0.0.1:1/db', repoRoot: FIXTURES, timeoutMs: 3000 });
    expect(report.exitCode).toBe(2);
    expect(report.error).toBe('could not connect to 127.0.0.1:1: connection refused (is PostgreSQL running there?)');
    expect(formatReport(report)).toBe(
      'drift: could not check shop-drizzle: could not connect to 127.0.0.1:1: connection refused (is PostgreSQL running there?)\n',
    );
  });

  it('wrong password', async (ctx) => {
    // A server set up with trust authentication accepts any password: nothing to test there.
    const probe = new pg.Client({ connectionString: asRole(url, role, 'wrong') });
    const accepted = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (accepted) ctx.skip();
    const report = await checkDrift({ app: 'shop-drizzle', databaseUrl: asRole(url, role, 'wrong'), repoRoot: FIXTURES });
    expect(report.exitCode).toBe(2);
    expect(report.error).toMatch(
      new RegExp(`^could not connect to 127\\.0\\.0\\.1:\\d+: password authentication failed for user "${role}" \\(SQLSTATE 28P01\\)$`),
    );
    expect(report.database).toContain(':***@');
  });

  it('database that does not exist', async () => {
    const u = new URL(url);
    u.pathname = '/ir_no_such_database_here';
    const report = await checkDrift({ app: 'shop-drizzle', databaseUrl: u.toString(), repoRoot: FIXTURES });
    expect(report.exitCode).toBe(2);
    expect(report.error).toMatch(/database "ir_no_such_database_here" does not exist \(SQLSTATE 3D000\)$/);
  });

  it('unknown app', async () => {
    const report = await checkDrift({ app: 'no-such-app', databaseUrl: url, repoRoot: FIXTURES });
    expect(report.exitCode).toBe(2);
    expect(report.error).toBe(
      'unknown app "no-such-app": there is no apps/no-such-app/drift.config.ts (apps with one: defaults-drizzle, shop-drizzle, shop-prisma, skipped-drizzle)',
    );
  });

  it('a role that may connect but not read the ledger', async () => {
    await sql(url, `REVOKE SELECT ON drizzle.__drizzle_migrations FROM ${role}`);
    try {
      const report = await checkDrift({ app: 'shop-drizzle', databaseUrl: asRole(url, role, password), repoRoot: FIXTURES });
      expect(report.exitCode).toBe(2);
      expect(report.error).toBe('reading the database failed: permission denied for table __drizzle_migrations (SQLSTATE 42501)');
    } finally {
      await sql(url, `GRANT SELECT ON drizzle.__drizzle_migrations TO ${role}`);
    }
  });
});
