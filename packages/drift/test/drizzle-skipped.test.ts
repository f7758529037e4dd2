/**
 * Incident 005's drift-check part: drizzle-orm's Postgres migrator (0.45.4,
 * `pg-core/dialect.js` `migrate`) reads the newest `created_at` of
 * `__drizzle_migrations` once and runs only the journal entries whose `when` is
 * strictly greater; every other entry is skipped without a word
 * (drizzle-orm#5769). In drizzle-orm#5316 one migration's `when` had been edited
 * by hand into the future, so the next migration never ran.
 *
 * The fixture (test/fixtures/apps/skipped-drizzle) is that journal: 0001's `when`
 * is 2100-01-01, 0002, generated later, has an ordinary one. Every database here
 * is made by drizzle-orm's real migrator (`drizzleMigrate`), first with the
 * folder as it was before 0002 was generated (a temporary copy holding the
 * journal's first entries), then with the whole folder; what the migrator did is
 * asserted from the ledger and the catalog before the check is asked.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '@incident-replay/pg-harness';
import { checkDrift, formatGithub, formatSarif, type DriftFinding, type DriftReport } from '../src/index.js';
import { ledgerEffects } from '../src/effects.js';
import { checkDrizzleLedger } from '../src/ledgers.js';
import { journalWhenPositions } from '../src/positions.js';
import { ReadOnlySession } from '../src/read-only-session.js';
import { FIXTURES, databases, drizzleMigrate, sql } from './helpers.js';

const FOLDER = path.join(FIXTURES, 'apps/skipped-drizzle/db/migrations');
const JOURNAL_TEXT = fs.readFileSync(path.join(FOLDER, 'meta/_journal.json'), 'utf8');
const JOURNAL = JSON.parse(JOURNAL_TEXT) as { entries: { idx: number; tag: string; when: number }[] };
const [M0, M1, M2] = JOURNAL.entries as [(typeof JOURNAL.entries)[number], (typeof JOURNAL.entries)[number], (typeof JOURNAL.entries)[number]];
/** The journal as findings name it (relative to the fixture "repository"). */
const JOURNAL_REL = 'apps/skipped-drizzle/db/migrations/meta/_journal.json';

/** The 1-based line of the `"when"` of the entry whose tag this is, read from the journal's text. */
function whenLine(tag: string): number {
  const lines = JOURNAL_TEXT.split('\n');
  const t = lines.findIndex((l) => l.includes(`"tag": "${tag}"`));
  for (let i = t; i >= 0; i--) if (lines[i]!.includes('"when"')) return i + 1;
  throw new Error(`no "when" for ${tag}`);
}

/** SHA-256 of a migration file, as drizzle-orm's `readMigrationFiles` hashes it. */
const hashOf = (tag: string) =>
  crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(FOLDER, `${tag}.sql`)).toString())
    .digest('hex');

const temps: string[] = [];
/**
 * A temporary migrations folder holding the journal's first `count` entries (with `whens` replacing
 * their `when`, by tag) and their files: the folder as it was before the later ones were generated.
 */
function folderWith(count: number, whens: Record<string, number> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-skipped-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, 'meta'));
  const entries = JOURNAL.entries.slice(0, count).map((e) => ({ ...e, when: whens[e.tag] ?? e.when }));
  for (const e of entries) fs.copyFileSync(path.join(FOLDER, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), `${JSON.stringify({ ...JOURNAL, entries }, null, 2)}\n`);
  return dir;
}

/** The ledger as drizzle-orm's migrator left it, in insertion order. */
const ledgerRows = (url: string) =>
  sql<{ hash: string; created_at: string }>(url, 'SELECT hash, created_at::text AS created_at FROM drizzle.__drizzle_migrations ORDER BY id');
/** The columns of `projects`, in order. */
const columnsOf = async (url: string) =>
  (await sql<{ c: string }>(url, `SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'projects' ORDER BY ordinal_position`)).map(
    (r) => r.c,
  );
/** The SQLSTATE of a statement that fails, or `ok`. */
const sqlstate = (url: string, text: string) =>
  sql(url, text).then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

const check = (url: string, failOn?: 'any' | 'breaks') =>
  checkDrift({ app: 'skipped-drizzle', databaseUrl: url, repoRoot: FIXTURES, ...(failOn ? { failOn } : {}) });
const brief = (r: DriftReport) =>
  r.findings.map((f) => `${f.severity} ${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}${f.migration ? ` ${f.migration}` : ''}`);
const one = (r: DriftReport, kind: DriftFinding['kind']) => {
  const found = r.findings.filter((f) => f.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};

let dbs: Databases;
/** Copies of the database of drizzle-orm#5316 (0000 and 0001 recorded, 0002 skipped). */
let state005: (label: string) => Promise<{ url: string }>;

beforeAll(async () => {
  dbs = databases();
  // First deploy: the folder before 0002 existed; then the deploy that brings 0002.
  ({ clone: state005 } = await dbs.createTemplate('drift_005', async (url) => {
    await drizzleMigrate(url, folderWith(2));
    await drizzleMigrate(url, FOLDER);
  }));
});
afterAll(async () => {
  await dbs.dropAll();
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

describe("journal positions (the TypeScript compiler's JSON parser)", () => {
  it('gives the line of each entry’s "when", in journal order, also in a one-line-per-entry journal', () => {
    expect(journalWhenPositions(JOURNAL_TEXT).map((p) => p?.line)).toEqual([whenLine(M0.tag), whenLine(M1.tag), whenLine(M2.tag)]);
    expect(journalWhenPositions(JOURNAL_TEXT)[2]).toEqual({ line: 22, column: 7 });
    const compact = fs.readFileSync(path.join(FIXTURES, 'apps/shop-drizzle/db/migrations/meta/_journal.json'), 'utf8');
    expect(journalWhenPositions(compact).map((p) => p?.line)).toEqual([5, 6, 7]);
    expect(journalWhenPositions('{"entries": [{"tag": "x"}]}')).toEqual([undefined]);
    expect(journalWhenPositions('not json')).toEqual([]);
  });
});

describe("drizzle-orm#5316: 0001's when edited into the future, 0002 never runs", () => {
  it('the real migrator records 0000 and 0001, then exits without error and records nothing for 0002', async () => {
    const db = await dbs.create('drift_005_observe');
    await drizzleMigrate(db.url, folderWith(2));
    const first = await ledgerRows(db.url);
    expect(first).toEqual([
      { hash: hashOf(M0.tag), created_at: String(M0.when) },
      { hash: hashOf(M1.tag), created_at: String(M1.when) },
    ]);
    // The deploy that brings 0002: no error, and nothing changes.
    await expect(drizzleMigrate(db.url, FOLDER)).resolves.toBeUndefined();
    expect(await ledgerRows(db.url)).toEqual(first);
    expect(await columnsOf(db.url)).toEqual(['id', 'name', 'owner_id']);
    expect(M2.when).toBeLessThan(M1.when);
    // The app's query of the column 0002 adds.
    expect(await sqlstate(db.url, 'SELECT archived_at FROM projects')).toBe('42703');
  });

  it('the check finds 0002 skipped at its journal line, the journal out of order there, and the missing column (42703)', async () => {
    const db = await state005('drift_005_check');
    const report = await check(db.url);
    expect(report.error).toBeUndefined();
    expect(brief(report)).toEqual([
      'breaks missing-column projects.archived_at',
      `breaks migration-skipped __drizzle_migrations ${M2.tag}`,
      `breaks journal-not-increasing __drizzle_migrations ${M2.tag}`,
    ]);
    expect(report.exitCode).toBe(1);
    const skipped = one(report, 'migration-skipped');
    expect(skipped.location).toEqual({ file: JOURNAL_REL, line: whenLine(M2.tag), column: 7 });
    expect(skipped.source).toEqual({ file: `apps/skipped-drizzle/db/migrations/${M2.tag}.sql` });
    expect(skipped.actual).toBe(`not in drizzle.__drizzle_migrations; its when ${M2.when} is older than the newest created_at ${M1.when}`);
    expect(skipped.message).toBe(
      `migration ${M2.tag} has not run, and drizzle's migrator will never run it: it runs only entries whose when is later than the newest created_at in drizzle.__drizzle_migrations (${M1.when}), and this one's is ${M2.when}`,
    );
    const order = one(report, 'journal-not-increasing');
    expect(order.location).toEqual({ file: JOURNAL_REL, line: whenLine(M2.tag), column: 7 });
    expect(order.expected).toBe(`a when later than ${M1.when} (${M1.tag}, 2100-01-01T00:00:00.000Z)`);
    expect(order.actual).toBe(`when ${M2.when} (2025-01-03T00:00:00.000Z), earlier`);
    expect(order.message).toContain(`a database that recorded ${M1.tag} in an earlier run never runs ${M2.tag}`);
    expect(order.message).toContain('a time still to come when checked');
    expect(order.message).toContain(`on this database ${M2.tag} is not recorded as run`);
    const column = one(report, 'missing-column');
    expect(column.message).toContain('SQLSTATE 42703');
    expect(column.location).toMatchObject({ file: 'apps/skipped-drizzle/lib/schema.ts', line: 11 });
    // SARIF and annotations point at the journal's line.
    const sarif = JSON.parse(formatSarif(report)) as {
      runs: {
        results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[];
      }[];
    };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'migration-skipped')!;
    expect(result.level).toBe('error');
    expect(result.locations[0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: JOURNAL_REL }, region: { startLine: whenLine(M2.tag) } });
    expect(formatGithub(report)).toContain(`::error file=${JOURNAL_REL},line=${whenLine(M2.tag)},col=7,title=schema drift%3A migration-skipped`);
  });

  it("drizzle-orm#5769's repair, a row written by hand with created_at = now: the count guard passes, the check does not", async () => {
    const db = await state005('drift_005_repair');
    await sql(db.url, 'INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', ['manual-repair-0002', Date.now()]);
    // ledgr#80's count guard: the ledger's row count against the journal's entry count, after migrating.
    await expect(drizzleMigrate(db.url, FOLDER)).resolves.toBeUndefined();
    const [{ n }] = (await sql<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')) as [{ n: number }];
    expect(n).toBe(JOURNAL.entries.length);
    // …yet 0002 has still not run.
    expect(await columnsOf(db.url)).toEqual(['id', 'name', 'owner_id']);
    expect(await sqlstate(db.url, 'SELECT archived_at FROM projects')).toBe('42703');

    const report = await check(db.url, 'breaks');
    expect(brief(report)).toEqual([
      'breaks missing-column projects.archived_at',
      `breaks migration-skipped __drizzle_migrations ${M2.tag}`,
      `breaks journal-not-increasing __drizzle_migrations ${M2.tag}`,
      'differs ledger-unknown-migration __drizzle_migrations hash manual-repai…',
    ]);
    expect(report.exitCode).toBe(1);
    expect(one(report, 'migration-skipped').location).toEqual({ file: JOURNAL_REL, line: whenLine(M2.tag), column: 7 });
    // The hand-written row is not even the newest here: 0001's when (2100) is.
    expect(one(report, 'ledger-unknown-migration').message).toBe(
      'drizzle.__drizzle_migrations has a row no entry of meta/_journal.json matches, by hash or by when: it was written by hand or by other code',
    );
  });
});

describe('the equal case: created_at equal to an entry’s when', () => {
  it('a row of another entry with the same when: the migrator skips the later entry, the check says migration-skipped (not a checksum mismatch)', async () => {
    // 0001 and 0002 generated in the same millisecond (or one copied by hand): equal whens.
    const whens = { [M1.tag]: 1735776000000, [M2.tag]: 1735776000000 };
    const db = await dbs.create('drift_equal_other');
    await drizzleMigrate(db.url, folderWith(2, whens));
    const folder = folderWith(3, whens);
    await expect(drizzleMigrate(db.url, folder)).resolves.toBeUndefined();
    // `Number(last.created_at) < migration.folderMillis` is false for an equal when: 0002 is skipped.
    expect((await ledgerRows(db.url)).map((r) => r.hash)).toEqual([hashOf(M0.tag), hashOf(M1.tag)]);
    expect(await columnsOf(db.url)).toEqual(['id', 'name', 'owner_id']);

    const session = await ReadOnlySession.open(db.url);
    try {
      const ledger = await checkDrizzleLedger(session, { schema: 'drizzle', table: '__drizzle_migrations' }, folder, 'db/migrations');
      expect(ledger.findings.map((f) => `${f.severity} ${f.kind} ${f.migration}`)).toEqual([
        `breaks migration-skipped ${M2.tag}`,
        `breaks journal-not-increasing ${M2.tag}`,
      ]);
      expect(ledger.findings[0]!.actual).toBe(`not in drizzle.__drizzle_migrations; its when 1735776000000 equals the newest created_at 1735776000000`);
      expect(ledger.findings[0]!.location).toEqual({ file: 'db/migrations/meta/_journal.json', line: whenLine(M2.tag), column: 7 });
      expect(ledger.findings[1]!.actual).toBe('when 1735776000000 (2025-01-02T00:00:00.000Z), the same');
      expect(ledger.entries.map((e) => e.status)).toEqual(['applied', 'applied', 'not-applied']);
      // Replayed over the live schema, 0002 would run (its column is absent): nothing more to say.
      const tables = await session.tables(['public']);
      const effects = await ledgerEffects(session, ledger, 'public', tables, await session.catalog(['public']));
      expect(effects.findings).toEqual([]);
    } finally {
      await session.close();
    }
    // drizzle-orm#5769's repair here: the hand-written row is the newest, and the finding says what that does.
    await sql(db.url, 'INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', ['manual-repair-0002', Date.now()]);
    const after = await ReadOnlySession.open(db.url);
    try {
      const ledger = await checkDrizzleLedger(after, { schema: 'drizzle', table: '__drizzle_migrations' }, folder, 'db/migrations');
      expect(ledger.findings.map((f) => `${f.severity} ${f.kind} ${f.migration}`)).toEqual([
        `breaks migration-skipped ${M2.tag}`,
        `breaks journal-not-increasing ${M2.tag}`,
        'differs ledger-unknown-migration hash manual-repai…',
      ]);
      expect(ledger.findings[2]!.message).toMatch(
        /; its created_at is the newest, so drizzle's migrator runs no entry whose when is not later than it \(\d+\) — a row added by hand to make the ledger's count match the journal's leaves the skipped migrations skipped$/,
      );
    } finally {
      await after.close();
    }
  });

  it('a row with the entry’s when and a hash no file has, nothing of the entry in place: migration-skipped', async () => {
    // 0002 "recorded" by hand (a wrong hash, its own when) on a database that had only 0000; then the
    // deploy: 0001's when is later and runs, 0002's equals the row's created_at and is skipped.
    const db = await dbs.create('drift_equal_foreign');
    await drizzleMigrate(db.url, folderWith(1));
    await sql(db.url, 'INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', ['recorded-by-hand', M2.when]);
    await expect(drizzleMigrate(db.url, FOLDER)).resolves.toBeUndefined();
    expect(await ledgerRows(db.url)).toEqual([
      { hash: hashOf(M0.tag), created_at: String(M0.when) },
      { hash: 'recorded-by-hand', created_at: String(M2.when) },
      { hash: hashOf(M1.tag), created_at: String(M1.when) },
    ]);
    expect(await columnsOf(db.url)).toEqual(['id', 'name', 'owner_id']);
    // The count guard passes here too.
    expect((await ledgerRows(db.url)).length).toBe(JOURNAL.entries.length);

    const report = await check(db.url);
    expect(brief(report)).toEqual([
      'breaks missing-column projects.archived_at',
      `breaks migration-skipped __drizzle_migrations ${M2.tag}`,
      `breaks journal-not-increasing __drizzle_migrations ${M2.tag}`,
    ]);
    const skipped = one(report, 'migration-skipped');
    expect(skipped.location).toEqual({ file: JOURNAL_REL, line: whenLine(M2.tag), column: 7 });
    expect(skipped.actual).toBe(
      `a row with created_at ${M2.when} (its when) has hash recorded-by-…, which no file of meta/_journal.json has; nothing its SQL creates or drops is in place: column "projects"."archived_at" missing (line 1)`,
    );
    expect(skipped.message).toContain('was not written by running this file');
  });

  it('a row with the entry’s when and another hash, its effects in place: an edited file (ledger-checksum-mismatch, differs)', async () => {
    // A fresh database: one migrator run applies all three, whatever the order of the whens.
    const db = await dbs.create('drift_equal_edited');
    await drizzleMigrate(db.url, FOLDER);
    expect((await ledgerRows(db.url)).map((r) => r.hash)).toEqual([hashOf(M0.tag), hashOf(M1.tag), hashOf(M2.tag)]);
    expect(await columnsOf(db.url)).toEqual(['id', 'name', 'owner_id', 'archived_at']);
    const fresh = await check(db.url);
    expect(brief(fresh)).toEqual([`differs journal-not-increasing __drizzle_migrations ${M2.tag}`]);
    expect(one(fresh, 'journal-not-increasing').message).toContain(`this database has ${M2.tag} recorded`);
    expect((await check(db.url, 'breaks')).exitCode).toBe(0);

    // 0002's file edited after it ran: its row keeps the old hash (what the migrator recorded then).
    const old = crypto.createHash('sha256').update('ALTER TABLE "projects" ADD COLUMN "archived_at" timestamp;\n').digest('hex');
    await sql(db.url, 'UPDATE drizzle.__drizzle_migrations SET hash = $1 WHERE created_at = $2', [old, M2.when]);
    const rows = await ledgerRows(db.url);
    // The migrator never compares hashes: it runs nothing again.
    await expect(drizzleMigrate(db.url, FOLDER)).resolves.toBeUndefined();
    expect(await ledgerRows(db.url)).toEqual(rows);
    const report = await check(db.url);
    expect(brief(report)).toEqual([
      `differs ledger-checksum-mismatch __drizzle_migrations ${M2.tag}`,
      `differs journal-not-increasing __drizzle_migrations ${M2.tag}`,
    ]);
    expect(one(report, 'ledger-checksum-mismatch').message).toContain("drizzle's migrator compares only created_at");
  });
});
