/**
 * Corpus: Kaneo's Better Auth configuration with the Drizzle adapter (test/corpus/kaneo-auth, see
 * its SOURCE.md). The migrations are applied with drizzle-orm's own migrator, as Kaneo's
 * `runStartupTasks` does; `schema-drift --better-auth src/auth.ts#auth` runs in the project folder
 * as a user would. The oracle is Better Auth itself: `auth.api.signUpEmail` and `signInEmail` with
 * Kaneo's own auth module against the same database. On the clean database both agree there is
 * nothing wrong; for each injected drift the check names it at the Drizzle declaration and the
 * oracle fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { discoverProject } from '../src/discover.js';
import { loadExpectations } from '../src/sources/registry.js';
import type { DriftReport } from '../src/index.js';
import { databases, sql, runCliIn } from './helpers.js';

const PROJECT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus/kaneo-auth');
const SCHEMA = 'src/database/schema.ts';

let dbs: Databases;
let template: { clone: (label: string) => Promise<{ url: string }> };

beforeAll(async () => {
  dbs = databases();
  // Kaneo's startup: migrate(getDatabase(), { migrationsFolder: "../drizzle" }) (apps/api/src/index.ts).
  template = await dbs.createTemplate('kaneo_auth', async (url) => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await migrate(drizzle(pool), { migrationsFolder: path.join(PROJECT, 'drizzle') });
    } finally {
      await pool.end();
    }
  });
});
afterAll(async () => {
  await dbs.dropAll();
});

/** `schema-drift --better-auth src/auth.ts#auth --format json` in the project folder. */
async function check(url: string) {
  const { code, stdout, stderr } = await runCliIn(PROJECT, ['--better-auth', 'src/auth.ts#auth', '--database-url', url, '--format', 'json']);
  return { code, stderr, report: JSON.parse(stdout) as DriftReport };
}

let oracleRuns = 0;

/**
 * The oracle: Kaneo's own `auth` (src/auth.ts, loaded afresh so its lazily made pg Pool reads this
 * `DATABASE_URL`), `auth.api.signUpEmail` then `auth.api.signInEmail`. Says `ok` or the error.
 */
async function oracle(url: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  vi.resetModules();
  const { auth } = (await import(pathToFileURL(path.join(PROJECT, 'src/auth.ts')).href)) as typeof import('./corpus/kaneo-auth/src/auth.js');
  const { getDatabasePool } = (await import(
    pathToFileURL(path.join(PROJECT, 'src/database/index.ts')).href
  )) as typeof import('./corpus/kaneo-auth/src/database/index.js');
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
    await getDatabasePool().end();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

/** The 1-based line of the first line of `file` (in the project) that contains `text`. */
function lineOf(file: string, text: string): number {
  const line =
    fs
      .readFileSync(path.join(PROJECT, file), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1;
  expect(line, `${text} in ${file}`).toBeGreaterThan(0);
  return line;
}

/**
 * What the clean database still shows, none of it from Better Auth: Kaneo's Drizzle schema declares
 * `apikey.reference_id` NOT NULL with a foreign key to `user`, but its migrations never add it (its
 * start-up fix-up `migrateApiKeyReferenceId` adds it nullable, without the key); `label.workspace_id`
 * is made NOT NULL by the hand-written block of 0005 while the schema leaves it nullable (drizzle-kit's
 * push wants the same three changes). (A `DO` block of 0003 renames columns 0000 created: the ledger
 * check says in a note that it cannot see into it, and judges none of what was made before it.)
 */
const CLEAN_NOT_BETTER_AUTH = [
  'differs nullability apikey.reference_id',
  'breaks nullability label.workspace_id',
  'differs foreign-key-mismatch apikey.reference_id',
  // Kaneo's meta/_journal.json has three entries whose `when` is not later than an earlier entry's
  // (0006's 2024-12-09 after 0005's 2025-09-30; 0025 and 0026 before 0024's 2026-04-03): one
  // migrator run on a fresh database applies all 43, so here they only differ; a database that had
  // recorded 0005 (or 0024) in an earlier run never runs them (drizzle-orm#5316).
  'differs journal-not-increasing __drizzle_migrations.',
  'differs journal-not-increasing __drizzle_migrations.',
  'differs journal-not-increasing __drizzle_migrations.',
];

const brief = (f: DriftReport['findings'][number]) => `${f.severity} ${f.kind} ${f.table}.${f.column ?? ''}`;

describe('corpus kaneo-auth: Better Auth through the Drizzle adapter', () => {
  it("clean database: no finding from Better Auth's tables, and Better Auth signs up and signs in", async () => {
    const { url } = await template.clone('kaneo_auth_clean');
    const r = await check(url);
    expect(r.stderr).toContain('better-auth src/auth.ts (12 tables, via --better-auth)');
    // Before the adapter mapping: 100 findings, 95 of them Better Auth's names taken as database
    // names (missing-column user.emailVerified, missing-table teamMember, …).
    expect(r.report.findings.map(brief)).toEqual(CLEAN_NOT_BETTER_AUTH);
    expect(r.report.findings.filter((f) => f.kind === 'journal-not-increasing').map((f) => `${f.migration} ${f.location?.file}:${f.location?.line}`)).toEqual([
      `0006_rename_active_workspace_to_organization drizzle/meta/_journal.json:${lineOf('drizzle/meta/_journal.json', '"when": 1733703124000')}`,
      `0025_early_owl drizzle/meta/_journal.json:${lineOf('drizzle/meta/_journal.json', '"when": 1775156843372')}`,
      `0026_encrypt_notification_preference_secrets drizzle/meta/_journal.json:${lineOf('drizzle/meta/_journal.json', '"when": 1775102400000')}`,
    ]);
    expect(await oracle(url)).toEqual({ ok: true });
  });

  it("maps Better Auth's models and fields through the adapter's schema object to each pgTable and column", async () => {
    const c = await discoverProject({ cwd: PROJECT, betterAuth: 'src/auth.ts#auth' });
    const ba = (await loadExpectations(c, 'public')).expected.filter((t) => t.origin === 'better-auth');
    const table = (name: string) => {
      const t = ba.find((x) => x.name === name);
      expect(t, name).toBeDefined();
      return t!;
    };
    // organization → modelName "workspace" → schema.workspace = workspaceTable → pgTable "workspace".
    expect(table('workspace').source).toEqual({ file: SCHEMA, model: 'workspaceTable' });
    // member → "workspace_member" (schema key) → workspaceUserTable; fields organizationId → workspaceId
    // and createdAt → joinedAt (the plugin's `fields`) → the properties' columns.
    const member = table('workspace_member');
    expect(member.source).toEqual({ file: SCHEMA, model: 'workspaceUserTable' });
    expect(member.columns.map((x) => x.name).sort()).toEqual(['id', 'joined_at', 'role', 'user_id', 'workspace_id']);
    expect(member.columns.find((x) => x.name === 'workspace_id')?.source).toEqual({ file: SCHEMA, model: 'workspaceUserTable', field: 'workspaceId' });
    expect(member.foreignKeys?.map((k) => `${k.columns[0]} -> ${k.refTable}(${k.refColumns[0]})`).sort()).toEqual([
      'user_id -> user(id)',
      'workspace_id -> workspace(id)',
    ]);
    // organizationRole → "workspace_role"; teamMember (schema key) → team_member; deviceCode → device_code.
    expect(ba.map((t) => t.name).sort()).toEqual([
      'account',
      'apikey',
      'device_code',
      'invitation',
      'session',
      'team',
      'team_member',
      'user',
      'verification',
      'workspace',
      'workspace_member',
      'workspace_role',
    ]);
    expect(table('user').columns.find((x) => x.source.field === 'emailVerified')?.name).toBe('email_verified');
    // drizzle-orm fills $defaultFn / $onUpdate columns on insert.
    expect(table('session').filledElsewhere).toEqual(['updated_at']);
  });

  const drifts = [
    {
      name: "session.token's column dropped",
      sql: 'ALTER TABLE "session" DROP COLUMN "token"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'session', column: 'token' },
      at: { model: 'sessionTable', field: 'token', line: () => lineOf(SCHEMA, 'token: text("token")') },
      oracle: /token/,
    },
    {
      name: "the user table's email column renamed",
      sql: 'ALTER TABLE "user" RENAME COLUMN "email" TO "email_address"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'user', column: 'email' },
      at: { model: 'userTable', field: 'email', line: () => lineOf(SCHEMA, 'email: text("email").notNull().unique()') },
      oracle: /email/,
    },
    {
      name: "account.password's column dropped",
      sql: 'ALTER TABLE "account" DROP COLUMN "password"',
      finding: { kind: 'missing-column', severity: 'breaks', table: 'account', column: 'password' },
      at: { model: 'accountTable', field: 'password', line: () => lineOf(SCHEMA, 'password: text("password")') },
      oracle: /password/,
    },
  ];

  for (const d of drifts) {
    it(`${d.name}: found at the Drizzle declaration, and Better Auth fails`, async () => {
      const { url } = await template.clone(`kaneo_auth_${d.finding.table}`);
      await sql(url, d.sql);
      const r = await check(url);
      expect(r.code).toBe(1);
      const f = r.report.findings.find((x) => x.kind === d.finding.kind && x.table === d.finding.table && x.column === d.finding.column);
      expect(f, JSON.stringify(r.report.findings.map(brief))).toMatchObject({ ...d.finding, source: { file: SCHEMA, model: d.at.model, field: d.at.field } });
      expect(f!.location).toMatchObject({ file: SCHEMA, line: d.at.line() });
      const o = await oracle(url);
      expect(o.ok).toBe(false);
      expect((o as { error: string }).error).toMatch(d.oracle);
    });
  }
});
