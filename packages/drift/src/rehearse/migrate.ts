/**
 * Applies a revision's pending migrations to a scratch database, as the project's migrator does:
 * - Drizzle: drizzle-orm's own migrator from the project (`drizzle-orm/node-postgres/migrator`, on
 *   this tool's `pg` connection); when the project cannot load it, the files are applied as that
 *   migrator does (drizzle-orm 0.45 `PgDialect.migrate`): every migration newer than the newest
 *   recorded one, split at `--> statement-breakpoint`, all in one transaction, each recorded in
 *   the ledger with its SHA-256 and journal time;
 * - Prisma: as `prisma migrate deploy` does (the Prisma CLI itself is not run): each pending
 *   migration in folder order, its row written to `_prisma_migrations` before it starts, its
 *   script run as one implicit transaction, `finished_at` set when it succeeds; the first failure
 *   stops the deploy and leaves the row failed.
 * The first failure comes back with PostgreSQL's verbatim message, its SQLSTATE, and the file and
 * line of the statement.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { LoadedConfig } from '../config.js';
import { splitStatements, type MigrationStatement } from '../effects.js';
import { checkDrizzleLedger, checkPrismaLedger, type LedgerEntry } from '../ledgers.js';
import { importProjectPackage } from '../load-module.js';
import { prismaSchemaOf, ReadOnlySession, withoutPrismaParams } from '../read-only-session.js';

/** The `_prisma_migrations` table exactly as Prisma Migrate creates it. */
export const PRISMA_LEDGER_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** The migration that failed, where, and PostgreSQL's words. */
export interface MigrationFailure {
  /** Folder name (Prisma) or journal tag (Drizzle). */
  migration: string;
  /** The migration file, relative to the revision's repository root. */
  file: string;
  /** 1-based line of the failing statement (of the error position when PostgreSQL gave one). */
  line?: number;
  /** The SQLSTATE PostgreSQL returned, e.g. `42P07`; absent when the failure is not PostgreSQL's. */
  sqlstate?: string;
  /** PostgreSQL's message, verbatim (first line). */
  message: string;
  /** The statement's text, up to 200 characters. */
  statement?: string;
}

/** A pending migration's statement, for the row probes: its text, file and line. */
export interface PendingStatement {
  sql: string;
  /** Relative to the revision's repository root. */
  file: string;
  line: number;
  migration: string;
}

/** What {@link applyPendingMigrations} did. */
export interface MigrationRun {
  /** How the migrations were applied, in words (which migrator, or which rules). */
  how: string;
  /** The migrations found pending, in order. */
  pending: string[];
  /** The migrations that were applied and recorded. */
  applied: string[];
  failure?: MigrationFailure;
  /** Every statement of the pending migrations, in order. */
  statements: PendingStatement[];
}

/**
 * Applies the pending migrations of `config` (a revision's project) to the database at `url`.
 * Pending is decided by the ledger in that database, as the migrator decides it. A project without
 * migrations applies nothing.
 *
 * @param config the revision's loaded project (its `migrations`)
 * @param revisionRoot the revision's repository root, for the relative file names
 * @throws Error only for a connection failure or a migrations folder that cannot be read
 */
export async function applyPendingMigrations(url: string, config: LoadedConfig, revisionRoot: string): Promise<MigrationRun> {
  const m = config.migrations;
  if (!m) return { how: 'the project has no migrations', pending: [], applied: [], statements: [] };
  const folderAbs = path.join(config.appDir, m.folder);
  const rel = (abs: string) => path.relative(revisionRoot, abs).split(path.sep).join('/');
  const session = await ReadOnlySession.open(url);
  let entries: LedgerEntry[];
  let skipped = new Set<string>();
  try {
    entries =
      m.kind === 'prisma'
        ? (await checkPrismaLedger(session, prismaSchemaOf(url), folderAbs, rel(folderAbs))).entries
        : (
            await checkDrizzleLedger(
              session,
              { schema: m.ledgerSchema ?? 'drizzle', table: m.ledgerTable ?? '__drizzle_migrations' },
              folderAbs,
              rel(folderAbs),
            )
          ).entries;
    if (m.kind === 'drizzle') skipped = await drizzleSkips(session, m, folderAbs, entries);
  } finally {
    await session.close();
  }
  const failed = entries.find((e) => e.status === 'failed');
  const pendingEntries = entries.filter((e) => (e.status === 'not-applied' || e.status === 'rolled-back') && !skipped.has(e.name));
  const statements: PendingStatement[] = [];
  const parsed = new Map<string, MigrationStatement[]>();
  for (const e of pendingEntries) {
    const sql = fs.readFileSync(e.fileAbs, 'utf8');
    let list: MigrationStatement[];
    try {
      list = await splitStatements(m.kind === 'drizzle' ? sql.replaceAll('--> statement-breakpoint', '') : sql);
    } catch (err) {
      list = [];
      if (!failed)
        return {
          how: m.kind === 'prisma' ? PRISMA_HOW : DRIZZLE_OWN_HOW,
          pending: pendingEntries.map((p) => p.name),
          applied: [],
          statements,
          failure: { migration: e.name, file: rel(e.fileAbs), message: `does not parse: ${(err as Error).message}`, sqlstate: '42601' },
        };
    }
    parsed.set(e.name, list);
    for (const s of list) statements.push({ sql: s.sql, file: rel(e.fileAbs), line: s.line, migration: e.name });
  }
  const base = { pending: pendingEntries.map((e) => e.name), statements };
  if (m.kind === 'prisma') {
    if (failed)
      return {
        how: PRISMA_HOW,
        ...base,
        applied: [],
        failure: {
          migration: failed.name,
          file: rel(failed.fileAbs),
          message: `migration ${failed.name} is recorded as failed in _prisma_migrations: prisma migrate deploy refuses to run until it is resolved (prisma migrate resolve)`,
        },
      };
    return { how: PRISMA_HOW, ...base, ...(await applyPrisma(url, pendingEntries, parsed, rel)) };
  }
  const ledger = { schema: m.ledgerSchema ?? 'drizzle', table: m.ledgerTable ?? '__drizzle_migrations' };
  return { ...base, ...(await applyDrizzle(url, config, folderAbs, ledger, pendingEntries, parsed, rel)) };
}

/**
 * The unrecorded entries drizzle-orm's migrator will never run: it reads the newest `created_at` of
 * its ledger once and runs only journal entries whose `when` is later (drizzle-orm 0.45.4
 * `PgDialect.migrate`). Such an entry is not pending; the drift check reports it as
 * `migration-skipped`.
 *
 * @returns their names (journal tags)
 */
async function drizzleSkips(
  session: ReadOnlySession,
  m: { ledgerSchema?: string; ledgerTable?: string },
  folderAbs: string,
  entries: LedgerEntry[],
): Promise<Set<string>> {
  const schema = m.ledgerSchema ?? 'drizzle';
  const table = m.ledgerTable ?? '__drizzle_migrations';
  if (!(await session.tableExists(schema, table))) return new Set();
  const [row] = await session.query<{ newest: string | null }>(
    `SELECT max(created_at)::text AS newest FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`,
  );
  if (row?.newest === null || row?.newest === undefined) return new Set();
  const newest = Number(row.newest);
  const journal = JSON.parse(fs.readFileSync(path.join(folderAbs, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  const when = new Map(journal.entries.map((e) => [e.tag, e.when]));
  return new Set(entries.filter((e) => e.status === 'not-applied' && (when.get(e.name) ?? 0) <= newest).map((e) => e.name));
}

const PRISMA_HOW = 'applied as prisma migrate deploy does (each migration in folder order, recorded in _prisma_migrations; the Prisma CLI is not run)';
const DRIZZLE_OWN_HOW =
  "applied as drizzle-orm's migrator does (drizzle-orm could not be loaded from the project): pending migrations in journal order, one transaction";

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: withoutPrismaParams(url), application_name: 'schema-drift-rehearse' });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** The failure of a statement, from the driver's error: SQLSTATE, message, the line of its position. */
function failureOf(err: unknown, migration: string, file: string, stmt: MigrationStatement | undefined): MigrationFailure {
  const e = (err as { cause?: unknown }).cause && !(err as { code?: string }).code ? (err as { cause: unknown }).cause : err;
  const pe = e as { code?: string; message?: string; position?: string };
  let line = stmt?.line;
  if (stmt && pe.position) {
    const before = stmt.sql.slice(0, Number(pe.position) - 1);
    line = stmt.line + (before.match(/\n/g)?.length ?? 0);
  }
  return {
    migration,
    file,
    ...(line !== undefined ? { line } : {}),
    ...(typeof pe.code === 'string' && /^[0-9A-Z]{5}$/.test(pe.code) ? { sqlstate: pe.code } : {}),
    message: String(pe.message ?? e).split('\n')[0]!,
    ...(stmt ? { statement: stmt.sql.length > 200 ? `${stmt.sql.slice(0, 199)}…` : stmt.sql } : {}),
  };
}

async function applyPrisma(
  url: string,
  pending: LedgerEntry[],
  parsed: Map<string, MigrationStatement[]>,
  rel: (abs: string) => string,
): Promise<{ applied: string[]; failure?: MigrationFailure }> {
  const client = await connect(url);
  const schema = prismaSchemaOf(url);
  const applied: string[] = [];
  try {
    await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    await client.query(PRISMA_LEDGER_DDL);
    for (const e of pending) {
      const script = fs.readFileSync(e.fileAbs);
      const id = crypto.randomUUID();
      await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [
        id,
        crypto.createHash('sha256').update(script).digest('hex'),
        e.name,
      ]);
      const stmts = parsed.get(e.name) ?? [];
      // A script runs as one simple query: PostgreSQL wraps several statements in one implicit
      // transaction; a single statement runs alone (CREATE INDEX CONCURRENTLY stays possible).
      let current: MigrationStatement | undefined;
      try {
        if (stmts.length > 1) await client.query('BEGIN');
        for (const s of stmts) {
          current = s;
          await client.query(s.sql);
        }
        if (stmts.length > 1) await client.query('COMMIT');
      } catch (err) {
        if (stmts.length > 1) await client.query('ROLLBACK').catch(() => undefined);
        const failure = failureOf(err, e.name, rel(e.fileAbs), current);
        await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, failure.message]);
        return { applied, failure };
      }
      await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
      applied.push(e.name);
    }
    return { applied };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function applyDrizzle(
  url: string,
  config: LoadedConfig,
  folderAbs: string,
  ledger: { schema: string; table: string },
  pending: LedgerEntry[],
  parsed: Map<string, MigrationStatement[]>,
  rel: (abs: string) => string,
): Promise<{ how: string; applied: string[]; failure?: MigrationFailure }> {
  let migrator: { drizzle: (c: unknown) => unknown; migrate: (db: unknown, o: Record<string, string>) => Promise<void> } | undefined;
  try {
    const d = await importProjectPackage('drizzle-orm/node-postgres', config.appDir);
    const mm = await importProjectPackage('drizzle-orm/node-postgres/migrator', config.appDir);
    if (typeof d.drizzle === 'function' && typeof mm.migrate === 'function') migrator = { drizzle: d.drizzle as never, migrate: mm.migrate as never };
  } catch {
    migrator = undefined;
  }
  // Which statement failed, found by its text (the migrator reports the query it ran).
  const locate = (err: unknown): MigrationFailure => {
    const q = String((err as { query?: string }).query ?? '').trim();
    for (const e of pending) {
      const s = (parsed.get(e.name) ?? []).find((x) => q && (x.sql === q || q.startsWith(x.sql) || x.sql.startsWith(q.replace(/;\s*$/, ''))));
      if (s) return failureOf(err, e.name, rel(e.fileAbs), s);
    }
    const first = pending[0];
    return failureOf(err, first?.name ?? '?', first ? rel(first.fileAbs) : '', undefined);
  };
  const client = await connect(url);
  try {
    if (migrator) {
      const how = `applied with the project's drizzle-orm migrator (drizzle-orm/node-postgres/migrator, ledger ${ledger.schema}.${ledger.table})`;
      try {
        await migrator.migrate(migrator.drizzle(client), { migrationsFolder: folderAbs, migrationsSchema: ledger.schema, migrationsTable: ledger.table });
      } catch (err) {
        return { how, applied: [], failure: locate(err) };
      }
      return { how, applied: pending.map((e) => e.name) };
    }
    // drizzle-orm 0.45 PgDialect.migrate, on this connection.
    const journal = JSON.parse(fs.readFileSync(path.join(folderAbs, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
    const t = `${pg.escapeIdentifier(ledger.schema)}.${pg.escapeIdentifier(ledger.table)}`;
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(ledger.schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${t} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
    const last = (await client.query<{ created_at: string | null }>(`SELECT created_at FROM ${t} ORDER BY created_at DESC LIMIT 1`)).rows[0];
    const applied: string[] = [];
    let current: { name: string; stmt?: MigrationStatement; file: string } | undefined;
    try {
      await client.query('BEGIN');
      for (const j of journal.entries) {
        if (last && Number(last.created_at) >= j.when) continue;
        const file = path.join(folderAbs, `${j.tag}.sql`);
        const text = fs.readFileSync(file, 'utf8');
        for (const s of parsed.get(j.tag) ?? (await splitStatements(text.replaceAll('--> statement-breakpoint', '')))) {
          current = { name: j.tag, stmt: s, file: rel(file) };
          await client.query(s.sql);
        }
        await client.query(`INSERT INTO ${t} ("hash", "created_at") VALUES ($1, $2)`, [crypto.createHash('sha256').update(text).digest('hex'), j.when]);
        applied.push(j.tag);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      return { how: DRIZZLE_OWN_HOW, applied: [], failure: failureOf(err, current?.name ?? '?', current?.file ?? '', current?.stmt) };
    }
    return { how: DRIZZLE_OWN_HOW, applied };
  } finally {
    await client.end().catch(() => undefined);
  }
}
