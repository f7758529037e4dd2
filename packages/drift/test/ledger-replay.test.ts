/**
 * Pending migrations judged in order, with PostgreSQL as the oracle: each case's migrations are
 * written as files, a prefix is applied to a real database and recorded in the ledger (Prisma's
 * `_prisma_migrations`, Drizzle's `drizzle.__drizzle_migrations` through drizzle-orm's own
 * migrator), the rest is pending. The check's verdict (breaks, at which migration, line and
 * SQLSTATE — or no failure) must be what PostgreSQL does when the pending statements really run,
 * one by one, on a clone; for Drizzle, drizzle-orm's migrator on another clone must agree too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { ledgerEffects } from '../src/effects.js';
import { checkDrizzleLedger, checkPrismaLedger, type LedgerResult } from '../src/ledgers.js';
import { ReadOnlySession } from '../src/read-only-session.js';
import { databases, PRISMA_LEDGER_DDL, sql } from './helpers.js';

/** A case: migrations as lists of one-line statements; the first `applied` are applied and recorded. */
interface Case {
  name: string;
  migrations: string[][];
  applied: number;
  /** Statements run by hand before the check (state the ledger does not record). */
  byHand?: string;
  /** The first statement PostgreSQL rejects: [migration index, statement index, SQLSTATE]; `undefined`: none. */
  fails?: [number, number, string];
  /** The replay cannot judge this one: a note, never `breaks`. */
  undecided?: true;
}

const CASES: Case[] = [
  {
    name: 'a DROP of what an earlier pending migration creates',
    applied: 1,
    migrations: [
      ['CREATE TABLE a (id int PRIMARY KEY);'],
      ['CREATE TABLE b (id int, x text);', 'CREATE INDEX b_x_idx ON b (x);'],
      ['DROP INDEX b_x_idx;', 'DROP TABLE b;', 'ALTER TABLE a ADD COLUMN y int;'],
    ],
  },
  {
    name: 'a drop-and-re-add in one file',
    applied: 1,
    migrations: [
      ['CREATE TABLE a (id int, email text);', 'CREATE UNIQUE INDEX a_email_key ON a (email);'],
      ['DROP INDEX a_email_key;', 'ALTER TABLE a DROP COLUMN email;', 'ALTER TABLE a ADD COLUMN email text;', 'CREATE UNIQUE INDEX a_email_key ON a (email);'],
    ],
  },
  {
    name: 'a column added and dropped in one file; dropping a column takes its index along',
    applied: 1,
    migrations: [
      ['CREATE TABLE a (id int);'],
      ['ALTER TABLE a ADD COLUMN tmp int;', 'CREATE INDEX a_tmp_idx ON a (tmp);', 'UPDATE a SET tmp = 1;', 'ALTER TABLE a DROP COLUMN tmp;'],
      ['CREATE INDEX a_tmp_idx ON a (id);'],
    ],
  },
  {
    name: 'a rename chain (table and column), then the old name reused',
    applied: 1,
    migrations: [
      ['CREATE TABLE a (id int, n text);'],
      ['ALTER TABLE a RENAME TO b;', 'ALTER TABLE b RENAME COLUMN n TO name;'],
      ['ALTER TABLE b RENAME TO c;', 'CREATE TABLE a (id int);', 'ALTER TABLE c ADD COLUMN n text;', 'ALTER INDEX IF EXISTS nope RENAME TO nope2;'],
    ],
  },
  {
    name: 'IF NOT EXISTS / IF EXISTS, then a plain DROP of what IF NOT EXISTS made',
    applied: 1,
    migrations: [
      ['CREATE TABLE a (id int);'],
      [
        'CREATE TABLE IF NOT EXISTS a (id int);',
        'ALTER TABLE a ADD COLUMN IF NOT EXISTS id int;',
        'DROP TABLE IF EXISTS gone;',
        'DROP INDEX IF EXISTS gone_idx;',
        'ALTER TABLE IF EXISTS gone ADD COLUMN x int;',
        'CREATE INDEX IF NOT EXISTS a_id_idx ON a (id);',
        'CREATE INDEX IF NOT EXISTS a_id_idx ON a (id);',
        'CREATE TABLE IF NOT EXISTS b (id int);',
      ],
      ['DROP INDEX a_id_idx;', 'DROP TABLE b;'],
    ],
  },
  {
    name: 'breaks: a pending migration creates again what an earlier pending one created',
    applied: 1,
    migrations: [['CREATE TABLE a (id int);'], ['CREATE TABLE b (id int);'], ['ALTER TABLE a ADD COLUMN z int;', 'CREATE TABLE b (id int);']],
    fails: [2, 1, '42P07'],
  },
  {
    name: 'breaks: an index on a column an earlier pending migration dropped',
    applied: 1,
    migrations: [['CREATE TABLE a (id int, x int);'], ['ALTER TABLE a DROP COLUMN x;'], ['CREATE INDEX a_x_idx ON a (x);']],
    fails: [2, 0, '42703'],
  },
  {
    name: 'breaks: an ALTER of a table an earlier pending migration renamed',
    applied: 1,
    migrations: [['CREATE TABLE a (id int);'], ['ALTER TABLE a RENAME TO b;'], ['CREATE TABLE c (id int);', 'ALTER TABLE a ADD COLUMN z int;']],
    fails: [2, 1, '42P01'],
  },
  {
    name: 'breaks: the names PostgreSQL gives unnamed PRIMARY KEY / UNIQUE constraints (b_e_key dropped and re-made, a_pkey taken)',
    applied: 1,
    byHand: 'CREATE TABLE x (id int PRIMARY KEY);',
    migrations: [
      ['CREATE TABLE a (id int);'],
      [
        'CREATE TABLE b (id int PRIMARY KEY, e text UNIQUE);',
        'ALTER TABLE b DROP CONSTRAINT b_e_key;',
        'CREATE UNIQUE INDEX b_e_key ON b (e);',
        'ALTER TABLE x RENAME TO y;',
        'ALTER TABLE a ADD PRIMARY KEY (id);',
        'CREATE INDEX x_pkey_1 ON b (e);',
        'CREATE INDEX a_pkey ON b (e);',
      ],
    ],
    fails: [1, 6, '42P07'],
  },
  {
    name: 'undecided: a DO block may create what the next migration creates',
    applied: 1,
    migrations: [['CREATE TABLE a (id int);'], ['DO $$ BEGIN CREATE TABLE c (id int); END $$;'], ['CREATE TABLE c (id int);']],
    fails: [2, 0, '42P07'],
    undecided: true,
  },
];

let dbs: Databases;
let tmp: string;
beforeAll(() => {
  dbs = databases();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-replay-'));
});
afterAll(async () => {
  await dbs.dropAll();
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Format = 'prisma' | 'drizzle';
const nameOf = (i: number) => `2025010${i}000000_m${i}`;
const tagOf = (i: number) => `000${i}_m${i}`;
const WHEN = 1_700_000_000_000;
/** A migration file's text: Prisma's one statement a line; Drizzle's with its breakpoints. */
const textOf = (f: Format, stmts: string[]) => (f === 'prisma' ? stmts.join('\n') : stmts.join('\n--> statement-breakpoint\n'));
/** The line statement `s` starts on. */
const lineOf = (f: Format, s: number) => (f === 'prisma' ? s + 1 : 2 * s + 1);

/** Writes a Drizzle migrations folder with the first `n` migrations in its journal. */
function writeDrizzle(dir: string, migrations: string[][], n: number): void {
  fs.mkdirSync(path.join(dir, 'meta'), { recursive: true });
  for (const [i, m] of migrations.slice(0, n).entries()) fs.writeFileSync(path.join(dir, `${tagOf(i)}.sql`), textOf('drizzle', m));
  const entries = migrations.slice(0, n).map((_, i) => ({ idx: i, version: '7', when: WHEN + i * 1000, tag: tagOf(i), breakpoints: true }));
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }));
}

async function drizzleMigrate(url: string, dir: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder: dir });
  } finally {
    await pool.end();
  }
}

/** Builds the case's folder and a template database with its prefix applied and recorded. */
async function prepare(c: Case, f: Format, label: string): Promise<{ dir: string; clone: (l: string) => Promise<{ url: string }> }> {
  const dir = path.join(tmp, label);
  if (f === 'prisma') {
    c.migrations.forEach((m, i) => {
      fs.mkdirSync(path.join(dir, nameOf(i)), { recursive: true });
      fs.writeFileSync(path.join(dir, nameOf(i), 'migration.sql'), textOf('prisma', m));
    });
  } else writeDrizzle(dir, c.migrations, c.migrations.length);
  const { clone } = await dbs.createTemplate(label, async (url) => {
    if (f === 'prisma') {
      await sql(url, PRISMA_LEDGER_DDL);
      for (let i = 0; i < c.applied; i++) {
        const text = textOf('prisma', c.migrations[i]!);
        await sql(url, text);
        await sql(
          url,
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
          [crypto.randomUUID(), crypto.createHash('sha256').update(text).digest('hex'), nameOf(i)],
        );
      }
    } else {
      const prefix = `${dir}-prefix`;
      writeDrizzle(prefix, c.migrations, c.applied);
      await drizzleMigrate(url, prefix);
    }
    if (c.byHand) await sql(url, c.byHand);
  });
  return { dir, clone };
}

/** The check's ledger findings and notes (read-only session, as checkDrift runs it). */
async function check(url: string, f: Format, dir: string): Promise<{ ledger: LedgerResult; found: Awaited<ReturnType<typeof ledgerEffects>> }> {
  const session = await ReadOnlySession.open(url);
  try {
    const ledger =
      f === 'prisma'
        ? await checkPrismaLedger(session, 'public', dir, 'migrations')
        : await checkDrizzleLedger(session, { schema: 'drizzle', table: '__drizzle_migrations' }, dir, 'migrations');
    const tables = await session.tables(['public']);
    const catalog = await session.catalog(['public']);
    return { ledger, found: await ledgerEffects(session, ledger, 'public', tables, catalog) };
  } finally {
    await session.close();
  }
}

/** PostgreSQL's answer: runs the pending statements one by one; the first error's [migration, line, SQLSTATE]. */
async function oracle(url: string, c: Case, f: Format): Promise<[string, number, string] | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let m = c.applied; m < c.migrations.length; m++) {
      for (const [s, stmt] of c.migrations[m]!.entries()) {
        try {
          await client.query(stmt);
        } catch (err) {
          return [f === 'prisma' ? nameOf(m) : tagOf(m), lineOf(f, s), (err as { code: string }).code];
        }
      }
    }
    return undefined;
  } finally {
    await client.end();
  }
}

describe.each(['prisma', 'drizzle'] as const)('pending migrations replayed in order (%s ledger), PostgreSQL as the oracle', (f) => {
  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_, c, i) => {
    const { dir, clone } = await prepare(c, f, `replay_${f}_${i}`);
    const db = await clone(`replay_${f}_${i}_check`);
    const { ledger, found } = await check(db.url, f, dir);
    // Every migration after the prefix is pending, and the ledger says so.
    expect(ledger.entries.map((e) => e.status)).toEqual(c.migrations.map((_, m) => (m < c.applied ? 'applied' : 'not-applied')));
    expect(ledger.findings.map((x) => x.kind)).toEqual(c.migrations.slice(c.applied).map(() => 'migration-not-applied'));

    const breaks = found.findings.filter((x) => x.kind === 'ledger-effects-present');
    expect(breaks.length).toBeLessThanOrEqual(1);
    const verdict = breaks[0] && [breaks[0].migration, breaks[0].location?.line, /SQLSTATE (\w{5})/.exec(breaks[0].message)?.[1]];
    const truth = await oracle(db.url, c, f);
    // The case says what PostgreSQL does; PostgreSQL agrees.
    expect(truth).toEqual(c.fails && [f === 'prisma' ? nameOf(c.fails[0]) : tagOf(c.fails[0]), lineOf(f, c.fails[1]), c.fails[2]]);
    if (c.undecided) {
      // Not judged: a note naming the statement, never "breaks".
      expect(breaks).toEqual([]);
      expect(found.notes.join('\n')).toMatch(
        /could not be judged, the first at migrations\/.*:1 \(it fails with 42P07 if table "c" already exists, which is not known after the DO block at /,
      );
    } else {
      expect(verdict).toEqual(truth);
      expect(found.notes).toEqual([]);
    }
    expect(found.findings.filter((x) => x.kind !== 'ledger-effects-present')).toEqual([]);

    if (f === 'drizzle') {
      // drizzle-orm's own migrator runs the pending migrations in one transaction: it fails iff PostgreSQL did, with that code.
      const other = await clone(`replay_${f}_${i}_migrator`);
      const err = await drizzleMigrate(other.url, dir).then(
        () => undefined,
        (e: { code?: string; cause?: { code?: string } }) => e.code ?? e.cause?.code ?? 'error',
      );
      expect(err).toBe(truth?.[2]);
    }
  });
});
