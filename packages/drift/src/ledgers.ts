import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DriftFinding, ExpectationSource } from './model.js';
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
 * drizzle-orm's migrator: it applies only entries whose `when` is later than the newest recorded
 * `created_at`. So an entry newer than that is pending (`migration-not-applied`), and an older entry
 * with no row is never going to be applied (`migration-skipped`). A row whose `created_at` matches
 * but whose hash differs means the file was edited after it ran.
 */
export async function checkDrizzleLedger(
  session: ReadOnlySession,
  ledger: { schema: string; table: string },
  folderAbs: string,
  folderRel: string,
): Promise<LedgerResult> {
  const journalPath = path.join(folderAbs, 'meta', '_journal.json');
  if (!fs.existsSync(journalPath))
    throw new Error(
      `${folderRel}/meta/_journal.json does not exist: fix "migrations.folder" in the app's drift.config.ts (it must be Drizzle's migrations folder)`,
    );
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { tag: string; when: number }[] };
  const local = journal.entries.map((e) => {
    const file = path.join(folderAbs, `${e.tag}.sql`);
    if (!fs.existsSync(file)) throw new Error(`${folderRel}/${e.tag}.sql is listed in meta/_journal.json but does not exist`);
    return { tag: e.tag, when: e.when, hash: sha256(fs.readFileSync(file).toString()) };
  });
  const { schema, table } = ledger;
  const src = (tag?: string): ExpectationSource => ({ file: tag ? `${folderRel}/${tag}.sql` : `${folderRel}/meta/_journal.json` });
  const findings: DriftFinding[] = [];
  const entry = (tag: string, status: LedgerEntry['status']): LedgerEntry => ({
    name: tag,
    fileAbs: path.join(folderAbs, `${tag}.sql`),
    fileRel: `${folderRel}/${tag}.sql`,
    status,
  });
  const ledgerRef = { schema, table, kind: 'drizzle' as const };
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
    `SELECT hash, created_at::text AS created_at FROM "${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`,
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
  const byWhen = new Map(rows.filter((r) => r.created_at !== null).map((r) => [Number(r.created_at), r.hash]));
  const newest = rows.reduce((max, r) => Math.max(max, Number(r.created_at ?? 0)), 0);
  let allApplied = true;
  // Drizzle records only migrations that committed (each runs in the migrator's transaction).
  const entries = local.map((m) => entry(m.tag, hashes.has(m.hash) || byWhen.has(m.when) ? 'applied' : 'not-applied'));
  for (const m of local) {
    if (hashes.has(m.hash)) continue;
    const recordedHash = byWhen.get(m.when);
    if (recordedHash !== undefined) {
      findings.push({
        category: 'ledger',
        kind: 'ledger-checksum-mismatch',
        severity: 'differs',
        schema,
        table,
        migration: m.tag,
        expected: `hash ${m.hash.slice(0, 12)}… (${m.tag}.sql in the repository)`,
        actual: `hash ${recordedHash.slice(0, 12)}… (recorded when applied)`,
        source: src(m.tag),
        message: `migration ${m.tag} was edited after it was applied`,
        hint: 'never edit an applied migration, add a new one',
      });
      continue;
    }
    allApplied = false;
    if (m.when > newest) {
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
      findings.push({
        category: 'ledger',
        kind: 'migration-skipped',
        severity: 'breaks',
        schema,
        table,
        migration: m.tag,
        expected: 'applied',
        actual: `not in ${schema}.${table}, older than the newest recorded migration`,
        source: src(m.tag),
        message: `migration ${m.tag} is not recorded and older than the last applied one: drizzle's migrator will never run it`,
        hint: `apply ${m.tag}.sql by hand after review, then record it`,
      });
    }
  }
  return { findings, migrations: local.length, allApplied, entries, ledger: ledgerRef, notes, ...(keptElsewhere ? { keptElsewhere } : {}) };
}
