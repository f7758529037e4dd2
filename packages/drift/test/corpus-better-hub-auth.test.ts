/**
 * Corpus: Better Hub's Better Auth configuration with the Prisma adapter (test/corpus/better-hub-auth,
 * better-auth/better-hub, MIT; see its SOURCE.md). The migrations are applied with Prisma's own
 * migrator (`prisma migrate deploy`, Prisma 6.19.3 offline); `schema-drift --better-auth
 * src/lib/auth.ts#auth` runs in the project folder as a user would. Two oracles: Prisma's own
 * introspection + `migrate diff` (`prismaSchemaDrift`) for the schema, and Better Auth itself —
 * `auth.api.signUpEmail` and `signInEmail` with Better Hub's auth module over its Prisma client,
 * against the same database. On the clean database all agree there is nothing that breaks; on the
 * database upstream's four migrations alone leave, and for each injected drift, the check names it
 * at the schema.prisma line and Better Auth fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { migrateDeployUpTo, prismaSchemaDrift, runPrismaCli } from '@incident-replay/prisma-offline';
import type { Databases } from '@incident-replay/pg-harness';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DriftReport } from '../src/index.js';
import { lineOf, statements } from './corpus-prisma.js';
import { databases, sql, runCliIn } from './helpers.js';

const PROJECT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus/better-hub-auth');
const SCHEMA = 'prisma/schema.prisma';
const schemaText = fs.readFileSync(path.join(PROJECT, SCHEMA), 'utf8');
/** Upstream's last migration; the fixture's fifth (`…_corpus_catch_up`) is Prisma's own catch-up. */
const UPSTREAM_LAST = '20260228005751_init';

let dbs: Databases;
let template: { clone: (label: string) => Promise<{ url: string }> };

beforeAll(async () => {
  dbs = databases();
  template = await dbs.createTemplate('better_hub_auth', async (url) => {
    const res = await runPrismaCli(PROJECT, ['migrate', 'deploy'], { databaseUrl: url });
    if (res.exitCode !== 0) throw new Error(`prisma migrate deploy failed (exit ${res.exitCode}):\n${res.output}`);
  });
});
afterAll(async () => {
  await dbs.dropAll();
});

/** `schema-drift --better-auth src/lib/auth.ts#auth --format json` in the project folder. */
async function check(url: string) {
  const { code, stdout, stderr } = await runCliIn(PROJECT, ['--better-auth', 'src/lib/auth.ts#auth', '--database-url', url, '--format', 'json']);
  return { code, stderr, report: JSON.parse(stdout) as DriftReport };
}

let oracleRuns = 0;

/**
 * The oracle: Better Hub's own `auth` (src/lib/auth.ts, loaded afresh so its Prisma client reads
 * this `DATABASE_URL`), `auth.api.signUpEmail` then `auth.api.signInEmail`. Says `ok` or the error.
 */
async function oracle(url: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  vi.resetModules();
  const { auth } = (await import(pathToFileURL(path.join(PROJECT, 'src/lib/auth.ts')).href)) as typeof import('./corpus/better-hub-auth/src/lib/auth.js');
  const { prisma } = (await import(pathToFileURL(path.join(PROJECT, 'src/lib/db.ts')).href)) as typeof import('./corpus/better-hub-auth/src/lib/db.js');
  const email = `oracle${++oracleRuns}@example.com`;
  try {
    await auth.api.signUpEmail({ body: { email, password: 'correct horse battery', name: 'Oracle' } });
    const r = await auth.api.signInEmail({ body: { email, password: 'correct horse battery' } });
    if (!r.token) return { ok: false, error: 'signInEmail returned no token' };
    return { ok: true };
  } catch (err) {
    const e = err as { message?: string; cause?: { message?: string } };
    return { ok: false, error: `${e.message ?? err}${e.cause?.message ? `: ${e.cause.message}` : ''}` };
  } finally {
    await prisma.$disconnect();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

const brief = (f: DriftReport['findings'][number]) => `${f.severity} ${f.kind} ${f.table}.${f.column ?? ''}`;

/**
 * What the clean database still shows: Better Auth's `getAuthTables` declares `user.email` unique
 * (its own schema generator writes `@unique`), Better Hub's schema.prisma does not, and no
 * migration creates one. Better Auth looks users up with `WHERE email = ?`, so it keeps working
 * (the oracle passes): a `differs`, which the test confirms from Better Auth's own schema and the
 * live catalog. Before the fix in better-auth.ts / compare-constraints.ts there were three more,
 * false: `differs missing-index session.userId`, `account.userId`, `verification.identifier`,
 * though the schema's `@@index([userId, expiresAt])`, `@@index([userId, providerId])` and
 * `@@index([identifier, expiresAt])` lead with those columns (and Prisma's diff is empty).
 */
const CLEAN = ['differs missing-unique user.email'];

describe('corpus better-hub-auth: Better Auth through the Prisma adapter', () => {
  it('clean database: Prisma sees no drift, Better Auth signs up and signs in, and the check reports only the unique Better Auth declares', async () => {
    const { url } = await template.clone('better_hub_auth_clean');
    const t = performance.now();
    const r = await check(url);
    console.info(`corpus better-hub-auth: one drift check took ${Math.round(performance.now() - t)} ms`);
    expect(r.stderr).toContain('better-auth src/lib/auth.ts (5 tables, via --better-auth)');
    // 25 Prisma models and Better Auth's 5 tables (user, session, account, verification, subscription), each set counted.
    expect(r.report.checked).toMatchObject({ tables: 30, migrations: 5 });
    expect(r.report.findings.map(brief)).toEqual(CLEAN);
    expect(r.code).toBe(1);
    expect(r.report.findings[0]!.location).toMatchObject({ file: SCHEMA, line: lineOf(schemaText, { block: 'model User', member: 'email' }) });
    // Better Auth's own schema for these options says unique; the database has no unique index on it.
    const require = createRequire(path.join(PROJECT, 'package.json'));
    // The fixture's own better-auth (1.5.1); this package does not depend on better-auth.
    const { getAuthTables } = (await import(pathToFileURL(require.resolve('better-auth/db')).href)) as {
      getAuthTables: (options: unknown) => Record<string, { fields: Record<string, { unique?: boolean }> }>;
    };
    const { auth } = (await import(pathToFileURL(path.join(PROJECT, 'src/lib/auth.ts')).href)) as typeof import('./corpus/better-hub-auth/src/lib/auth.js');
    expect(getAuthTables(auth.options).user!.fields.email!.unique).toBe(true);
    expect(
      await sql(
        url,
        `SELECT i.indexrelid FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                      WHERE i.indrelid = '"user"'::regclass AND i.indisunique AND a.attname = 'email'`,
      ),
    ).toEqual([]);
    const prisma = await prismaSchemaDrift(PROJECT, url);
    expect(statements(prisma.script)).toEqual([]);
    expect(prisma.drift).toBe(false);
    expect(await oracle(url)).toEqual({ ok: true });
  });

  it("upstream's four migrations alone: the check, Prisma's diff and Better Auth agree that the schema is short", async () => {
    const db = await dbs.create('better_hub_auth_upstream');
    const res = await migrateDeployUpTo(PROJECT, db.url, UPSTREAM_LAST);
    expect(res.exitCode, res.output).toBe(0);
    const r = await check(db.url);
    const found = r.report.findings.map(brief);
    // Better Auth's own needs (the Stripe plugin's), at schema.prisma's User.stripeCustomerId.
    expect(found.slice(0, 2)).toEqual(['breaks missing-column user.stripeCustomerId', 'breaks missing-table subscription.']);
    expect(r.report.findings[0]!.location).toMatchObject({ file: SCHEMA, line: lineOf(schemaText, { block: 'model User', member: 'stripeCustomerId' }) });
    expect(r.report.findings[1]!.location).toMatchObject({ file: SCHEMA, line: lineOf(schemaText, { block: 'model Subscription' }) });
    const prisma = await prismaSchemaDrift(PROJECT, db.url);
    const script = statements(prisma.script).join('\n');
    // Every table or column the check finds missing is one Prisma's diff adds, and the reverse.
    const missing = r.report.findings.filter((f) => f.kind === 'missing-table' || f.kind === 'missing-column');
    const added = [
      ...[...script.matchAll(/CREATE TABLE "([^"]+)"/g)].map((m) => `${m[1]}.`),
      ...[...script.matchAll(/ALTER TABLE "([^"]+)" ADD COLUMN\s+"([^"]+)"/g)].map((m) => `${m[1]}.${m[2]}`),
    ];
    expect(missing.map((f) => `${f.table}.${f.column ?? ''}`).sort()).toEqual(added.sort());
    expect(added).toHaveLength(13);
    // The rest: the pending catch-up migration, the changed colorTheme default, and the clean database's unique.
    expect(found.filter((f) => !/missing-(table|column)/.test(f)).sort()).toEqual(
      ['differs default-mismatch user_settings.colorTheme', 'differs migration-not-applied _prisma_migrations.', ...CLEAN].sort(),
    );
    expect(JSON.stringify(r.report.findings.find((f) => f.kind === 'migration-not-applied'))).toContain('20260325000000_corpus_catch_up');
    expect(script).toMatch(/ALTER COLUMN "colorTheme" SET DEFAULT 'better-auth'/);
    const o = await oracle(db.url);
    expect(o.ok).toBe(false);
    expect((o as { error: string }).error).toMatch(/user\.stripeCustomerId.*does not exist/);
  });

  const drifts = [
    {
      name: "session.token's column dropped",
      sql: 'ALTER TABLE "session" DROP COLUMN "token"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'session', column: 'token' },
      at: { block: 'model Session', member: 'token' },
      // Prisma Client (P2022) under Better Auth's create.
      oracle: /column `token of relation session` does not exist/,
    },
    {
      name: "the user table's email column renamed",
      sql: 'ALTER TABLE "user" RENAME COLUMN "email" TO "email_address"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'user', column: 'email' },
      at: { block: 'model User', member: 'email' },
      oracle: /column `user\.email` does not exist/,
    },
    {
      name: "account.password's column dropped",
      sql: 'ALTER TABLE "account" DROP COLUMN "password"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'account', column: 'password' },
      at: { block: 'model Account', member: 'password' },
      oracle: /column `password of relation account` does not exist/,
    },
  ];

  for (const d of drifts) {
    it(`${d.name}: ${d.finding.severity} ${d.finding.kind} at ${SCHEMA}:${lineOf(schemaText, d.at)}, and Better Auth fails`, async () => {
      const { url } = await template.clone(`better_hub_auth_${d.finding.table}`);
      await sql(url, d.sql);
      const r = await check(url);
      expect(r.code).toBe(1);
      const f = r.report.findings.find((x) => x.kind === d.finding.kind && x.table === d.finding.table && x.column === d.finding.column);
      expect(f, JSON.stringify(r.report.findings.map(brief))).toMatchObject({
        ...d.finding,
        source: { file: SCHEMA, model: d.at.block.slice(6), field: d.at.member },
      });
      expect(f!.location).toMatchObject({ file: SCHEMA, line: lineOf(schemaText, d.at) });
      const o = await oracle(url);
      expect(o.ok).toBe(false);
      expect((o as { error: string }).error).toMatch(d.oracle);
    });
  }
});
