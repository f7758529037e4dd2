import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DriftFinding, ExpectationSource } from './model.js';
import { journalWhenPositions, type Position } from './positions.js';
import type { ReadOnlySession } from './read-only-session.js';

/** What a ledger check found, plus how many migrations the repository holds. */
export interface LedgerResult {
  findings: DriftFinding[];
  migrations: number;
  /** `true` when every migration of the repository is recorded as applied and nothing failed. */
  allApplied: boolean;
  /**
   * Every migration of the repository in order, with what the ledger's latest row for it says
   * (`not-applied` when it has none), for the ledger-versus-effects check (effects.ts).
   */
  entries: LedgerEntry[];
  /** The ledger table, for findings: schema and name. */
  ledger: { schema: string; table: string; kind: 'prisma' | 'drizzle' };
  /** One line each, for the report's notes (another migrator's ledger beside an empty configured one). */
  notes?: string[];
  /**
   * Set when the configured ledger is missing or empty while another migrator's ledger holds rows
   * (`schema.table` of the first): the history is kept elsewhere, so replaying every migration as
   * pending against this one would only repeat the one line that says so.
   */
  keptElsewhere?: string;
}

/**
 * Migration ledgers in the database other than `except` (`schema.table`): tables shaped like
 * drizzle-orm's (`id`, `hash`, `created_at`, whatever their name: `migrate()` takes
 * `migrationsTable` / `migrationsSchema`) and Prisma's `_prisma_migrations`, each with its row count.
 * A config that names one ledger while the app's runtime migrator writes another (Dokploy:
 * drizzle.config.ts says `public.migrations`, its `migrate()` writes `drizzle.__drizzle_migrations`)
 * shows up here.
 */
export async function otherLedgers(session: ReadOnlySession, except: string): Promise<{ name: string; rows: number }[]> {
  const tables = await session.query<{ s: string; t: string }>(
    `SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND (c.relname = '_prisma_migrations'
          OR (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                AND a.attname IN ('id', 'hash', 'created_at')) = 3
             AND (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) = 3)
      ORDER BY 1, 2`,
  );
  const out: { name: string; rows: number }[] = [];
  for (const { s, t: table } of tables) {
    const name = `${s}.${table}`;
    if (name === except) continue;
    const q = (x: string) => `"${x.replace(/"/g, '""')}"`;
    const [row] = await session.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${q(s)}.${q(table)}`);
    out.push({ name, rows: Number(row?.n ?? 0) });
  }
  return out;
}

/** ` — but drizzle.__drizzle_migrations exists (186 rows): …`, or `''` when there is no other ledger. */
function otherLedgerLine(others: { name: string; rows: number }[]): string {
  if (!others.length) return '';
  const list = others.map((o) => `${o.name} (${o.rows} row${o.rows === 1 ? '' : 's'})`).join(', ');
  return `; but ${list} ${others.length === 1 ? 'exists' : 'exist'}: the app's migrator may write there, not where this config says`;
}

/** One migration of the repository and its state in the ledger. */
export interface LedgerEntry {
  name: string;
  /** Absolute path of its SQL file. */
  fileAbs: string;
  /** The same, relative to the root of sources. */
  fileRel: string;
  status: 'applied' | 'failed' | 'rolled-back' | 'not-applied';
  /**
   * Drizzle only: set when no ledger row has this entry's hash, but a row whose hash no journal file
   * has carries the entry's `when` as its `created_at` (`status` is then `applied`, and the ledger
   * check reports `ledger-checksum-mismatch`). drizzle-orm's migrator compares only `created_at`,
   * so it never runs the entry again; whether the entry ever ran is a question for its effects
   * (effects.ts, `neverRan` of {@link compareLedgerEffects}): when nothing its SQL creates or drops
   * is in place, the check is run again with the entry in `neverRan` of {@link checkDrizzleLedger}.
   */
  recordedByCreatedAt?: { hash: string };
}

function sha256(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * Checks Prisma Migrate's ledger `_prisma_migrations` against the migration
 * folders (`<folder>/<name>/migration.sql`), following Prisma Migrate's own
 * rules: a row with `finished_at` and `rolled_back_at` both NULL is a failed
 * migration and blocks `migrate deploy` (error P3009) until `migrate resolve`;
 * a rolled-back row counts only until a later row of the same name succeeds;
 * `checksum` is the SHA-256 of migration.sql (compared with LF and CRLF line
 * endings, as Prisma tolerates both).
 *
 * @param schema the Postgres schema of the ledger (`?schema=` of the URL, default `public`)
 * @param folderAbs absolute path of prisma/migrations
 * @param folderRel the same, relative to the repository root (for sources)
 */
export async function checkPrismaLedger(session: ReadOnlySession, schema: string, folderAbs: string, folderRel: string): Promise<LedgerResult> {
  const local = listPrismaMigrations(folderAbs);
  const table = '_prisma_migrations';
  const src = (name?: string): ExpectationSource => ({ file: name ? `${folderRel}/${name}/migration.sql` : folderRel });
  const findings: DriftFinding[] = [];
  const entry = (name: string, status: LedgerEntry['status']): LedgerEntry => ({
    name,
    fileAbs: path.join(folderAbs, name, 'migration.sql'),
    fileRel: `${folderRel}/${name}/migration.sql`,
    status,
  });
  const ledger = { schema, table, kind: 'prisma' as const };
  if (!(await session.tableExists(schema, table))) {
    if (local.length) {
      findings.push({
        category: 'ledger',
        kind: 'ledger-missing',
        severity: 'differs',
        schema,
        table,
        expected: `${local.length} migrations recorded`,
        actual: 'no _prisma_migrations table',
        source: src(),
        message: `the database has no Prisma migration ledger, yet the app has ${local.length} migrations: nothing records what was applied`,
        hint: 'a database built without Prisma Migrate needs a baseline: prisma migrate resolve --applied <name> for each migration already in it',
      });
    }
    return { findings, migrations: local.length, allApplied: local.length === 0, entries: local.map((m) => entry(m.name, 'not-applied')), ledger };
  }
  const rows = await session.query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    started_at: Date;
    logs: string | null;
  }>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs FROM ${schema === 'public' ? '' : `"${schema.replace(/"/g, '""')}".`}"_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  const byName = new Map<string, typeof rows>();
  for (const r of rows) byName.set(r.migration_name, [...(byName.get(r.migration_name) ?? []), r]);
  const localNames = new Map(local.map((m) => [m.name, m]));
  let allApplied = true;

  // The latest row decides (resolve --applied leaves the rolled-back row of the failed attempt beside the applied one).
  const entries = local.map((m) => {
    const last = (byName.get(m.name) ?? []).at(-1);
    return entry(m.name, !last ? 'not-applied' : last.rolled_back_at !== null ? 'rolled-back' : last.finished_at === null ? 'failed' : 'applied');
  });
  for (const m of local) {
    const mine = byName.get(m.name) ?? [];
    const applied = mine.filter((r) => r.finished_at !== null && r.rolled_back_at === null);
    const failed = mine.filter((r) => r.finished_at === null && r.rolled_back_at === null);
    const rolledBack = mine.filter((r) => r.rolled_back_at !== null);
    if (failed.length) {
      allApplied = false;
      const firstLog = (failed[0]!.logs ?? '').split('\n').find((l) => l.trim()) ?? '';
      findings.push({
        category: 'ledger',
        kind: 'ledger-failed',
        severity: 'breaks',
        schema,
        table,
        migration: m.name,
        expected: 'applied',
        actual: `FAILED (started ${failed[0]!.started_at.toISOString()}, not finished${firstLog ? `; log: ${firstLog.slice(0, 160)}` : ''})`,
        source: src(m.name),
        message: `migration ${m.name} is recorded as failed: prisma migrate deploy refuses to run (P3009) until it is resolved`,
        hint: `repair the schema by hand, then: prisma migrate resolve --applied ${m.name} (or --rolled-back ${m.name} to re-run it)`,
      });
      continue;
    }
    if (!applied.length) {
      allApplied = false;
      if (rolledBack.length) {
        findings.push({
          category: 'ledger',
          kind: 'ledger-rolled-back',
          severity: 'differs',
          schema,
          table,
          migration: m.name,
          expected: 'applied',
          actual: `rolled back at ${rolledBack.at(-1)!.rolled_back_at!.toISOString()}, not re-applied`,
          source: src(m.name),
          message: `migration ${m.name} was marked rolled back and has not been applied since: the next prisma migrate deploy runs it again`,
          hint: 'run prisma migrate deploy (or check why it was rolled back first)',
        });
      } else {
        findings.push({
          category: 'ledger',
          kind: 'migration-not-applied',
          severity: 'differs',
          schema,
          table,
          migration: m.name,
          expected: 'applied',
          actual: 'no row in _prisma_migrations',
          source: src(m.name),
          message: `migration ${m.name} has not been applied to this database`,
          hint: 'run prisma migrate deploy',
        });
      }
      continue;
    }
    const last = applied.at(-1)!;
    if (last.checksum !== m.checksum && last.checksum !== m.checksumLf && last.checksum !== m.checksumCrlf) {
      findings.push({
        category: 'ledger',
        kind: 'ledger-checksum-mismatch',
        severity: 'differs',
        schema,
        table,
        migration: m.name,
        expected: `checksum ${m.checksum.slice(0, 12)}… (migration.sql in the repository)`,
        actual: `checksum ${last.checksum.slice(0, 12)}… (recorded when applied)`,
        source: src(m.name),
        message: `migration ${m.name} was edited after it was applied: the database ran different SQL than the file now holds`,
        hint: 'compare the file with what the database has; never edit an applied migration, add a new one',
      });
    }
  }
  for (const [name, mine] of byName) {
    if (localNames.has(name)) continue;
    if (mine.every((r) => r.rolled_back_at !== null)) continue;
    findings.push({
      category: 'ledger',
      kind: 'ledger-unknown-migration',
      severity: 'differs',
      schema,
      table,
      migration: name,
      expected: 'a migration folder of that name',
      actual: mine.some((r) => r.finished_at === null) ? 'recorded as FAILED' : 'recorded as applied',
      source: src(),
      message: `the ledger records migration ${name}, which is not in the repository: this database was migrated from other code`,
      hint: 'deploy the code that has this migration, or find who applied it',
    });
    if (mine.some((r) => r.finished_at === null && r.rolled_back_at === null)) allApplied = false;
  }
  return { findings, migrations: local.length, allApplied, entries, ledger };
}

/** Migration folders of Prisma Migrate, sorted by name, with their checksums. */
export function listPrismaMigrations(folderAbs: string): { name: string; checksum: string; checksumLf: string; checksumCrlf: string }[] {
  if (!fs.existsSync(folderAbs)) throw new Error(`migrations folder ${folderAbs} does not exist: fix "migrations.folder" in the app's drift.config.ts`);
  return fs
    .readdirSync(folderAbs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(folderAbs, d.name, 'migration.sql')))
    .map((d) => {
      const buf = fs.readFileSync(path.join(folderAbs, d.name, 'migration.sql'));
      const text = buf.toString('utf8');
      return { name: d.name, checksum: sha256(buf), checksumLf: sha256(text.replace(/\r\n/g, '\n')), checksumCrlf: sha256(text.replace(/\r?\n/g, '\r\n')) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Checks Drizzle's ledger (default `drizzle.__drizzle_migrations`: `hash` = SHA-256 of the .sql
 * file, `created_at` = the journal entry's `when`) against `meta/_journal.json`, following
 * drizzle-orm's migrator (0.45.4, `pg-core/dialect.js` `migrate`): it reads the newest
 * `created_at` once (`order by created_at desc limit 1`), then runs, in journal order, every entry
 * whose `when` is strictly greater (`Number(last.created_at) < migration.folderMillis`) and records
 * it; it never compares hashes. So:
 * - an entry with a row of its hash is recorded (applied);
 * - an entry with no such row whose `when` is later than the newest `created_at` is pending
 *   (`migration-not-applied`);
 * - an entry with no such row whose `when` is not later — older, or equal (a row of another entry
 *   with the same `when` counts: the migrator skips equal ones too) — is never run
 *   (`migration-skipped`, **breaks**, at the entry's `"when"` line in meta/_journal.json);
 * - a row whose hash no journal file has but whose `created_at` equals the `when` of an entry without
 *   a row of its own: either that file was edited after it ran or the row was written by hand
 *   (the repair of drizzle-orm#5769). It is `ledger-checksum-mismatch` (differs), and the entry
 *   counts as applied ({@link LedgerEntry.recordedByCreatedAt}) — unless the entry is in
 *   `neverRan`: the effects check found nothing its SQL creates or drops in place, so the row does
 *   not stand for a run of it, and it is `migration-skipped` (breaks) like any other;
 * - a row that matches no entry by hash nor by `created_at` is `ledger-unknown-migration`;
 * - an entry whose `when` is not later than every entry's before it is `journal-not-increasing`
 *   (at its `"when"` line): **breaks** where it is skipped on this database, else differs.
 *
 * @param neverRan entries recorded only by `created_at` whose effects are all absent (tag → what is
 *   absent, in words), from a first pass of the effects check (check.ts)
 */
export async function checkDrizzleLedger(
  session: ReadOnlySession,
  ledger: { schema: string; table: string },
  folderAbs: string,
  folderRel: string,
  neverRan?: Map<string, string>,
): Promise<LedgerResult> {
  const journalPath = path.join(folderAbs, 'meta', '_journal.json');
  if (!fs.existsSync(journalPath))
    throw new Error(
      `${folderRel}/meta/_journal.json does not exist: fix "migrations.folder" in the app's drift.config.ts (it must be Drizzle's migrations folder)`,
    );
  const journalText = fs.readFileSync(journalPath, 'utf8');
  const journal = JSON.parse(journalText) as { entries: { tag: string; when: number }[] };
  const whenAt = journalWhenPositions(journalText);
  const local: JournalEntry[] = journal.entries.map((e, i) => {
    const file = path.join(folderAbs, `${e.tag}.sql`);
    if (!fs.existsSync(file)) throw new Error(`${folderRel}/${e.tag}.sql is listed in meta/_journal.json but does not exist`);
    return { tag: e.tag, when: Number(e.when), hash: sha256(fs.readFileSync(file).toString()), ...(whenAt[i] ? { at: whenAt[i] } : {}) };
  });
  const { schema, table } = ledger;
  const journalRel = `${folderRel}/meta/_journal.json`;
  const src = (tag?: string): ExpectationSource => ({ file: tag ? `${folderRel}/${tag}.sql` : journalRel });
  const findings: DriftFinding[] = [];
  const entry = (tag: string, status: LedgerEntry['status']): LedgerEntry => ({
    name: tag,
    fileAbs: path.join(folderAbs, `${tag}.sql`),
    fileRel: `${folderRel}/${tag}.sql`,
    status,
  });
  const ledgerRef = { schema, table, kind: 'drizzle' as const };
  const order = { schema, table, journalRel };
  if (!(await session.tableExists(schema, table))) {
    const others = local.length ? await otherLedgers(session, `${schema}.${table}`) : [];
    if (local.length)
      findings.push({
        category: 'ledger',
        kind: 'ledger-missing',
        severity: 'differs',
        schema,
        table,
        expected: `${local.length} migrations recorded`,
        actual: `no ${schema}.${table} table${others.length ? `; ${others.map((o) => `${o.name} has ${o.rows} rows`).join(', ')}` : ''}`,
        source: src(),
        message: `the database has no Drizzle migration ledger ${schema}.${table}: drizzle's migrator would run all ${local.length} migrations from the start${otherLedgerLine(others)}`,
        hint: others.length
          ? `make migrations.table / migrations.schema of drizzle.config.ts name the ledger the app's migrate() writes (its migrationsTable / migrationsSchema), or the other way round`
          : 'if the schema was built another way, record the applied migrations before running the migrator',
      });
    findings.push(...journalOrderFindings(local, () => 'pending', order));
    const keptElsewhere = others.find((o) => o.rows > 0)?.name;
    return {
      findings,
      migrations: local.length,
      allApplied: local.length === 0,
      entries: local.map((m) => entry(m.tag, 'not-applied')),
      ledger: ledgerRef,
      ...(keptElsewhere ? { keptElsewhere } : {}),
    };
  }
  const rows = await session.query<{ hash: string; created_at: string | null }>(
    `SELECT hash, created_at::text AS created_at FROM "${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}" ORDER BY created_at, hash`,
  );
  const notes: string[] = [];
  let keptElsewhere: string | undefined;
  if (!rows.length && local.length) {
    const others = await otherLedgers(session, `${schema}.${table}`);
    const line = otherLedgerLine(others);
    if (line) notes.push(`The migration ledger ${schema}.${table} is empty${line}.`);
    keptElsewhere = others.find((o) => o.rows > 0)?.name;
  }
  const hashes = new Set(rows.map((r) => r.hash));
  const journalHashes = new Set(local.map((m) => m.hash));
  // Rows no journal file has by hash: a file edited after it ran, or a row written by hand.
  const foreign = rows.filter((r) => !journalHashes.has(r.hash));
  const foreignByWhen = new Map(foreign.filter((r) => r.created_at !== null).map((r) => [Number(r.created_at), r.hash]));
  const newest = rows.reduce((max, r) => Math.max(max, Number(r.created_at ?? 0)), 0);
  const paired = new Set<number>();
  let allApplied = true;
  const entries: LedgerEntry[] = [];
  const state = new Map<JournalEntry, 'skipped' | 'recorded' | 'pending'>();
  for (const m of local) {
    if (hashes.has(m.hash)) {
      // Drizzle records only migrations that committed (each run is one transaction).
      entries.push(entry(m.tag, 'applied'));
      state.set(m, 'recorded');
      continue;
    }
    const recordedHash = foreignByWhen.get(m.when);
    if (recordedHash !== undefined) paired.add(m.when);
    if (recordedHash !== undefined && !neverRan?.has(m.tag)) {
      state.set(m, 'recorded');
      entries.push({ ...entry(m.tag, 'applied'), recordedByCreatedAt: { hash: recordedHash } });
      findings.push({
        category: 'ledger',
        kind: 'ledger-checksum-mismatch',
        severity: 'differs',
        schema,
        table,
        migration: m.tag,
        expected: `hash ${m.hash.slice(0, 12)}… (${m.tag}.sql in the repository)`,
        actual: `hash ${recordedHash.slice(0, 12)}… (the row with created_at ${m.when}, its when)`,
        source: src(m.tag),
        message: `migration ${m.tag} was edited after it was applied, or its row was written by hand: the row with its when as created_at has another hash (drizzle's migrator compares only created_at, so it will not run it again either way)`,
        hint: 'never edit an applied migration, add a new one; if the row was written by hand, check that what the file does is in the database',
      });
      continue;
    }
    allApplied = false;
    entries.push(entry(m.tag, 'not-applied'));
    if (recordedHash !== undefined) {
      // The effects check found nothing of it in place: the row does not stand for a run of this file.
      state.set(m, 'skipped');
      findings.push(
        skippedFinding(m, order, newest, src(m.tag), {
          actual: `a row with created_at ${m.when} (its when) has hash ${recordedHash.slice(0, 12)}…, which no file of meta/_journal.json has; ${neverRan!.get(m.tag)}`,
          why: `the row with its when as created_at (hash ${recordedHash.slice(0, 12)}…) was not written by running this file: nothing its SQL creates or drops is in the database`,
        }),
      );
      continue;
    }
    if (m.when > newest) {
      state.set(m, 'pending');
      findings.push({
        category: 'ledger',
        kind: 'migration-not-applied',
        severity: 'differs',
        schema,
        table,
        migration: m.tag,
        expected: 'applied',
        actual: `not in ${schema}.${table}`,
        source: src(m.tag),
        message: `migration ${m.tag} has not been applied to this database`,
        hint: "run the app's Drizzle migrator (migrate())",
      });
    } else {
      state.set(m, 'skipped');
      findings.push(
        skippedFinding(m, order, newest, src(m.tag), {
          actual: `not in ${schema}.${table}; its when ${m.when} ${m.when === newest ? 'equals' : 'is older than'} the newest created_at ${newest}`,
        }),
      );
    }
  }
  findings.push(...journalOrderFindings(local, (m) => state.get(m) ?? 'pending', order));
  for (const r of foreign) {
    if (r.created_at !== null && paired.has(Number(r.created_at))) continue;
    const at = r.created_at === null ? undefined : Number(r.created_at);
    const raises = at !== undefined && at === newest && local.some((m) => !hashes.has(m.hash) && m.when <= at);
    findings.push({
      category: 'ledger',
      kind: 'ledger-unknown-migration',
      severity: 'differs',
      schema,
      table,
      migration: `hash ${r.hash.slice(0, 12)}…`,
      expected: 'a journal entry with this hash or with this created_at as its when',
      actual: `a row with hash ${r.hash.slice(0, 12)}…, created_at ${at === undefined ? 'NULL' : `${at} (${isoOf(at)})`}`,
      source: src(),
      message:
        `${schema}.${table} has a row no entry of meta/_journal.json matches, by hash or by when: it was written by hand or by other code` +
        (raises
          ? `; its created_at is the newest, so drizzle's migrator runs no entry whose when is not later than it (${at}) — a row added by hand to make the ledger's count match the journal's leaves the skipped migrations skipped`
          : ''),
      hint: 'find who wrote it; a hand-written row does not apply a migration',
    });
  }
  return { findings, migrations: local.length, allApplied, entries, ledger: ledgerRef, notes, ...(keptElsewhere ? { keptElsewhere } : {}) };
}

/** One entry of a Drizzle `meta/_journal.json`, with the SHA-256 of its .sql file and the position of its `"when"`. */
interface JournalEntry {
  tag: string;
  when: number;
  hash: string;
  at?: Position;
}

/** Where Drizzle ledger findings point: the ledger table and the journal file (relative to the root of sources). */
interface JournalRef {
  schema: string;
  table: string;
  journalRel: string;
}

/** The journal line of an entry's `"when"` as a finding's `location` (the file alone when it was not found). */
function journalLocation(m: JournalEntry, ref: JournalRef): NonNullable<DriftFinding['location']> {
  return { file: ref.journalRel, ...(m.at ? { line: m.at.line, ...(m.at.column ? { column: m.at.column } : {}) } : {}) };
}

/** `2025-01-03T00:00:00.000Z`, or the number itself when it is no date JavaScript can write. */
function isoOf(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** A `migration-skipped` finding for a journal entry the migrator will never run, at its `"when"` line. */
function skippedFinding(m: JournalEntry, ref: JournalRef, newest: number, source: ExpectationSource, detail: { actual: string; why?: string }): DriftFinding {
  return {
    category: 'ledger',
    kind: 'migration-skipped',
    severity: 'breaks',
    schema: ref.schema,
    table: ref.table,
    migration: m.tag,
    expected: 'applied',
    actual: detail.actual,
    source,
    location: journalLocation(m, ref),
    message:
      `migration ${m.tag} has not run, and drizzle's migrator will never run it: it runs only entries whose when is later than the newest created_at in ${ref.schema}.${ref.table} (${newest}), and this one's is ${m.when}` +
      (detail.why ? `; ${detail.why}` : ''),
    hint: `apply ${m.tag}.sql by hand after review, then record it (its hash, created_at ${m.when})`,
  };
}

/**
 * `journal-not-increasing`: each entry whose `when` is not later than the largest `when` before it
 * in meta/_journal.json. drizzle-orm's migrator runs an entry only when its `when` is later than the
 * newest `created_at` recorded before the run, so a database that recorded the earlier entry in an
 * earlier run never runs this one; a run that finds both pending runs both (it reads the newest
 * `created_at` once). Hence the severity: **breaks** where `stateOf` says the entry is skipped on
 * this database; differs where it is recorded, or pending with a `when` the next run still accepts.
 *
 * @param stateOf this database's state of an entry: `skipped` (no row, `when` not later than the newest `created_at`), `recorded` or `pending`
 */
function journalOrderFindings(local: JournalEntry[], stateOf: (m: JournalEntry) => 'skipped' | 'recorded' | 'pending', ref: JournalRef): DriftFinding[] {
  const out: DriftFinding[] = [];
  const now = Date.now();
  let top: JournalEntry | undefined;
  for (const m of local) {
    if (top && m.when <= top.when) {
      const state = stateOf(m);
      const future =
        top.when > now
          ? ` (a time still to come when checked: drizzle-kit writes the time it generates a migration, so every migration generated before then gets a smaller when)`
          : '';
      const here =
        state === 'skipped'
          ? `; on this database ${m.tag} is not recorded as run and its when is not later than the newest created_at: it never runs (migration-skipped)`
          : state === 'recorded'
            ? `; this database has ${m.tag} recorded`
            : `; on this database the next run still runs it (its when is later than the newest created_at)`;
      out.push({
        category: 'ledger',
        kind: 'journal-not-increasing',
        severity: state === 'skipped' ? 'breaks' : 'differs',
        schema: ref.schema,
        table: ref.table,
        migration: m.tag,
        expected: `a when later than ${top.when} (${top.tag}, ${isoOf(top.when)})`,
        actual: `when ${m.when} (${isoOf(m.when)})${m.when === top.when ? ', the same' : ', earlier'}`,
        source: { file: ref.journalRel },
        location: journalLocation(m, ref),
        message: `meta/_journal.json: the when of ${m.tag} (${isoOf(m.when)}) is not later than the when of ${top.tag} before it (${isoOf(top.when)})${future}: drizzle's migrator runs an entry only when its when is later than the newest created_at recorded, so a database that recorded ${top.tag} in an earlier run never runs ${m.tag}${here}`,
        hint: `where ${m.tag} never ran, apply ${m.tag}.sql by hand after review and record it; raising its when would make the migrator run it again where it is recorded. If ${top.tag}'s when is the wrong one (e.g. in the future), correct it and the created_at recorded for it`,
      });
    }
    if (!top || m.when > top.when) top = m;
  }
  return out;
}
