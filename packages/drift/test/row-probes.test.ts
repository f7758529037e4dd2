/**
 * probeRowFailures: pending statements that fail on production's rows, judged by read-only probes
 * through a role that may only CONNECT and SELECT, and checked against PostgreSQL itself: each
 * case's statements run, in order, on a writable clone of production, and a `fails` verdict must be
 * where PostgreSQL really raises that SQLSTATE first; where PostgreSQL raises 23502 / 23505, the
 * probe must have said `fails` or `may fail` there; and where the probe says nothing, PostgreSQL
 * runs through.
 */
import type { Databases, TestDatabase } from '@incident-replay/pg-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadOnlySession } from '../src/read-only-session.js';
import { type PendingStatement, probeRowFailures, type RowFailure } from '../src/rehearse/row-probes.js';
import { createReadOnlyRole, databases, type ReadOnlyRole, sql } from './helpers.js';

/**
 * Production. users: emails duplicated and NULL, names unique, nicks unique but NULL thrice, city
 * never NULL; pairs: (1, NULL) twice; tags: a duplicated name, a duplicated post and a NULL post;
 * secrets: duplicated tokens the role may not read; app.items: a duplicated sku; empty_things: no rows.
 */
const PRODUCTION = `
  CREATE TABLE users (id int PRIMARY KEY, email text, name text NOT NULL, nick text, org int, code text, city text);
  INSERT INTO users VALUES (1, 'a@x.io', 'Ann', NULL, 1, 'x', 'Oslo'), (2, 'a@x.io', 'Bob', 'bobby', 1, 'y', 'Rome'),
                           (3, NULL, 'Cid', NULL, 2, 'z', 'Bern'), (4, NULL, 'Dee', NULL, NULL, 'z', 'Graz');
  CREATE TABLE pairs (a int, b int);
  INSERT INTO pairs VALUES (1, NULL), (1, NULL);
  CREATE TABLE tags (name text, post int);
  INSERT INTO tags VALUES ('a', 1), ('a', 1), ('b', NULL);
  CREATE TABLE secrets (id int, token text);
  INSERT INTO secrets VALUES (1, 't'), (2, 't');
  CREATE TABLE empty_things (id int, label text);
  CREATE SCHEMA app;
  CREATE TABLE app.items (id int, sku text);
  INSERT INTO app.items VALUES (1, 'S1'), (2, 'S1');
`;

/** A case: statements of one pending migration, and the verdict expected at each (`-` none). */
interface Case {
  name: string;
  statements: string[];
  expect: string[];
}

const CASES: Case[] = [
  { name: 'ADD COLUMN NOT NULL without DEFAULT, table with rows', statements: ['ALTER TABLE users ADD COLUMN tenant text NOT NULL'], expect: ['fails 23502'] },
  { name: 'ADD COLUMN NOT NULL without DEFAULT, empty table', statements: ['ALTER TABLE empty_things ADD COLUMN tenant text NOT NULL'], expect: ['-'] },
  { name: 'ADD COLUMN NOT NULL DEFAULT a literal', statements: [`ALTER TABLE users ADD COLUMN tenant text NOT NULL DEFAULT 'acme'`], expect: ['-'] },
  { name: 'ADD COLUMN NOT NULL DEFAULT NULL', statements: ['ALTER TABLE users ADD COLUMN tenant text NOT NULL DEFAULT NULL'], expect: ['fails 23502'] },
  {
    name: 'identity and serial columns fill themselves',
    statements: ['ALTER TABLE users ADD COLUMN seq int GENERATED ALWAYS AS IDENTITY NOT NULL', 'ALTER TABLE users ADD COLUMN n bigserial UNIQUE'],
    expect: ['-', '-'],
  },
  {
    name: 'a generated NOT NULL column',
    statements: ['ALTER TABLE users ADD COLUMN name_len int GENERATED ALWAYS AS (length(name)) STORED NOT NULL'],
    expect: ['may fail 23502'],
  },
  { name: 'ADD COLUMN … PRIMARY KEY without DEFAULT', statements: ['ALTER TABLE pairs ADD COLUMN id int PRIMARY KEY'], expect: ['fails 23502'] },
  { name: 'SET NOT NULL on a column holding NULL', statements: ['ALTER TABLE users ALTER COLUMN email SET NOT NULL'], expect: ['fails 23502'] },
  { name: 'SET NOT NULL on a column without NULL', statements: ['ALTER TABLE users ALTER COLUMN city SET NOT NULL'], expect: ['-'] },
  { name: 'SET NOT NULL on a table the role may not read', statements: ['ALTER TABLE secrets ALTER COLUMN token SET NOT NULL'], expect: ['may fail 23502'] },
  {
    name: 'SET NOT NULL on a column added before without DEFAULT',
    statements: ['ALTER TABLE users ADD COLUMN tenant text', 'ALTER TABLE users ALTER COLUMN tenant SET NOT NULL'],
    expect: ['-', 'fails 23502'],
  },
  {
    name: 'SET NOT NULL on a column added before with a DEFAULT that is no literal',
    statements: ['ALTER TABLE users ADD COLUMN tenant text DEFAULT md5(random()::text)', 'ALTER TABLE users ALTER COLUMN tenant SET NOT NULL'],
    expect: ['-', 'may fail 23502'],
  },
  {
    name: 'the backfill pattern: add, UPDATE, SET NOT NULL',
    statements: ['ALTER TABLE users ADD COLUMN tenant text', `UPDATE users SET tenant = 'acme'`, 'ALTER TABLE users ALTER COLUMN tenant SET NOT NULL'],
    expect: ['-', '-', 'may fail 23502'],
  },
  {
    name: 'a backfill of a production column before SET NOT NULL',
    statements: [`UPDATE users SET email = 'none-' || id WHERE email IS NULL`, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL'],
    expect: ['-', 'may fail 23502'],
  },
  { name: 'CREATE UNIQUE INDEX over duplicates', statements: ['CREATE UNIQUE INDEX users_email_key ON users(email)'], expect: ['fails 23505'] },
  { name: 'CREATE UNIQUE INDEX over NULLs (distinct)', statements: ['CREATE UNIQUE INDEX users_nick_key ON users(nick)'], expect: ['-'] },
  { name: 'NULLS NOT DISTINCT over NULLs', statements: ['CREATE UNIQUE INDEX users_nick_nnd ON users(nick) NULLS NOT DISTINCT'], expect: ['fails 23505'] },
  { name: 'ADD CONSTRAINT UNIQUE over unique pairs', statements: ['ALTER TABLE users ADD CONSTRAINT users_org_name_key UNIQUE (org, name)'], expect: ['-'] },
  { name: 'ADD CONSTRAINT UNIQUE, equal rows with a NULL', statements: ['ALTER TABLE pairs ADD CONSTRAINT pairs_a_b_key UNIQUE (a, b)'], expect: ['-'] },
  {
    name: 'ADD CONSTRAINT UNIQUE NULLS NOT DISTINCT, equal rows with a NULL',
    statements: ['ALTER TABLE pairs ADD CONSTRAINT pairs_a_b_key UNIQUE NULLS NOT DISTINCT (a, b)'],
    expect: ['fails 23505'],
  },
  { name: 'ADD PRIMARY KEY over a duplicate', statements: ['ALTER TABLE tags ADD PRIMARY KEY (name)'], expect: ['fails 23505'] },
  { name: 'ADD PRIMARY KEY over a NULL', statements: ['ALTER TABLE pairs ADD PRIMARY KEY (b)'], expect: ['fails 23502'] },
  { name: 'ADD PRIMARY KEY over a duplicate and a NULL', statements: ['ALTER TABLE tags ADD PRIMARY KEY (post)'], expect: ['fails 23505'] },
  { name: 'an expression unique index', statements: ['CREATE UNIQUE INDEX users_lower_email ON users (lower(email))'], expect: ['may fail 23505'] },
  { name: 'a partial unique index', statements: ['CREATE UNIQUE INDEX users_code_org1 ON users (code) WHERE org = 1'], expect: ['may fail 23505'] },
  {
    name: 'a unique index on a table the role may not read',
    statements: ['CREATE UNIQUE INDEX secrets_token_key ON secrets(token)'],
    expect: ['may fail 23505'],
  },
  { name: 'a schema-qualified table', statements: ['CREATE UNIQUE INDEX items_sku_key ON app.items(sku)'], expect: ['fails 23505'] },
  {
    name: 'a renamed column',
    statements: ['ALTER TABLE users RENAME COLUMN email TO mail', 'CREATE UNIQUE INDEX users_mail_key ON users(mail)'],
    expect: ['-', 'fails 23505'],
  },
  {
    name: 'a renamed table',
    statements: ['ALTER TABLE users RENAME TO people', 'ALTER TABLE people ALTER COLUMN email SET NOT NULL'],
    expect: ['-', 'fails 23502'],
  },
  {
    name: 'a table the migration creates',
    statements: ['CREATE TABLE fresh (id int, v text)', 'CREATE UNIQUE INDEX fresh_v_key ON fresh(v)', 'ALTER TABLE fresh ADD COLUMN w text NOT NULL'],
    expect: ['-', '-', '-'],
  },
  {
    name: 'a table the migration creates and fills',
    statements: ['CREATE TABLE fresh (id int, v text)', `INSERT INTO fresh VALUES (1, 'a'), (2, 'a')`, 'CREATE UNIQUE INDEX fresh_v_key ON fresh(v)'],
    expect: ['-', '-', 'may fail 23505'],
  },
  {
    name: 'a literal DEFAULT in every row, then a unique index',
    statements: [`ALTER TABLE users ADD COLUMN slug text NOT NULL DEFAULT ''`, 'CREATE UNIQUE INDEX users_slug_key ON users(slug)'],
    expect: ['-', 'fails 23505'],
  },
  { name: 'ADD COLUMN … DEFAULT a literal UNIQUE', statements: [`ALTER TABLE users ADD COLUMN token text DEFAULT 'x' UNIQUE`], expect: ['fails 23505'] },
  { name: 'TRUNCATE first', statements: ['TRUNCATE users', 'ALTER TABLE users ADD COLUMN t text NOT NULL'], expect: ['-', '-'] },
  {
    name: 'a DO block may change any rows',
    statements: [`DO $$ BEGIN UPDATE users SET email = id::text; END $$`, 'CREATE UNIQUE INDEX users_email_key ON users(email)'],
    expect: ['-', 'may fail 23505'],
  },
];

let dbs: Databases;
let role: ReadOnlyRole;
let session: ReadOnlySession;
let tablesWithRows: Set<string>;
let clone: (label: string) => Promise<TestDatabase>;

beforeAll(async () => {
  dbs = databases();
  ({ clone } = await dbs.createTemplate('row_probes', (url) => sql(url, PRODUCTION).then(() => undefined)));
  const prod = await clone('row_probes_prod');
  role = await createReadOnlyRole(prod.url, ['public', 'app'], ['public.secrets']);
  session = await ReadOnlySession.open(role.url);
  tablesWithRows = new Set();
  for (const t of ['public.users', 'public.pairs', 'public.tags', 'public.secrets', 'public.empty_things', 'app.items']) {
    const [schema, name] = t.split('.') as [string, string];
    if (await session.hasRows(schema, name)) tablesWithRows.add(t);
  }
});

afterAll(async () => {
  await session?.close();
  await dbs.dropAll();
  await role?.drop();
});

/** Where PostgreSQL stops: the first statement that fails, and its SQLSTATE. */
async function postgresRuns(statements: string[]): Promise<{ index: number; sqlstate: string } | undefined> {
  const db = await clone('row_probes_oracle');
  try {
    for (const [index, s] of statements.entries()) {
      const err = await sql(db.url, s).then(
        () => undefined,
        (e: { code?: string }) => e,
      );
      if (err) return { index, sqlstate: err.code ?? '?' };
    }
    return undefined;
  } finally {
    await db.drop();
  }
}

const verdict = (f: RowFailure) => `${f.verdict} ${f.sqlstate}`;

describe('probeRowFailures: the verdicts, and PostgreSQL running the statements on a writable clone', () => {
  it('tables with rows, as the role sees them', () => {
    expect([...tablesWithRows].sort()).toEqual(['app.items', 'public.pairs', 'public.tags', 'public.users']);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const file = `migrations/${c.name.replace(/\W+/g, '_')}/migration.sql`;
      const statements: PendingStatement[] = c.statements.map((s, i) => ({ sql: s, file, line: i + 1 }));
      const started = performance.now();
      const found = await probeRowFailures(session, statements, 'public', tablesWithRows);
      const ms = performance.now() - started;
      const at = (i: number) => found.filter((f) => f.line === i + 1);
      expect(
        c.statements.map((_s, i) => at(i).map(verdict)[0] ?? '-'),
        JSON.stringify(found, null, 1),
      ).toEqual(c.expect);
      expect(found.every((f) => f.file === file && f.statement === c.statements[f.line - 1]!.slice(0, 120))).toBe(true);
      // Every 'fails' names what was observed; every reason says something.
      for (const f of found) expect(f.reason.length, f.reason).toBeGreaterThan(20);

      const pg = await postgresRuns(c.statements);
      const firstFails = found.find((f) => f.verdict === 'fails');
      if (firstFails)
        expect(pg, `PostgreSQL must fail where the probe says it fails: ${firstFails.reason}`).toEqual({
          index: firstFails.line - 1,
          sqlstate: firstFails.sqlstate,
        });
      if (pg)
        expect(
          at(pg.index).map((f) => f.sqlstate),
          `PostgreSQL failed at statement ${pg.index + 1} with ${pg.sqlstate}`,
        ).toContain(pg.sqlstate);
      else expect(firstFails).toBeUndefined();
      console.info(
        `row-probes: ${c.name}: ${found.map((f) => `${verdict(f)} (${f.reason})`).join('; ') || 'nothing'} — ${Math.round(ms)} ms; PostgreSQL: ${pg ? `statement ${pg.index + 1} fails with ${pg.sqlstate}` : 'runs through'}`,
      );
    });
  }

  it('probes only read: the session is still READ ONLY and production unchanged', async () => {
    expect(await session.query('SHOW transaction_read_only')).toEqual([{ transaction_read_only: 'on' }]);
    const prodUrl = new URL(role.url);
    const admin = new URL(dbs.server.adminUrl);
    prodUrl.username = admin.username;
    prodUrl.password = admin.password;
    expect(await sql(prodUrl.toString(), `SELECT count(*)::int AS n FROM users WHERE email IS NULL`)).toEqual([{ n: 2 }]);
    expect(await sql(prodUrl.toString(), `SELECT to_regclass('fresh') IS NULL AS gone, to_regclass('people') IS NULL AS none`)).toEqual([
      { gone: true, none: true },
    ]);
  });
});
