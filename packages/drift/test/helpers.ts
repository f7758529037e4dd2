/**
 * Test databases for the drift check: the fixture apps under test/fixtures
 * migrated with their own tools (Drizzle's real migrator; Prisma's
 * migration.sql files plus the `_prisma_migrations` rows Prisma Migrate writes),
 * as harness templates that each test clones and then breaks by hand.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Databases } from '@incident-replay/pg-harness';
import { PRISMA_LEDGER_DDL } from '../src/rehearse/migrate.js';
// Brings in the typing of inject('postgres') (the globalSetup's ProvidedContext).
import type {} from '@incident-replay/incident/vitest-global-setup';

/** The fixture "repository": apps/shop-drizzle and apps/shop-prisma. */
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The run's database manager (server from the vitest globalSetup). */
export function databases(): Databases {
  const server = inject('postgres');
  return new Databases(server, server.runId);
}

/** Runs SQL as the admin role on `url` and returns the rows of the last statement. */
export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const res = await c.query<R>(text, params);
    return Array.isArray(res) ? ((res.at(-1) as pg.QueryResult<R> | undefined)?.rows ?? []) : res.rows;
  } finally {
    await c.end();
  }
}

/** Migrates shop-drizzle with drizzle-orm's own migrator (writes drizzle.__drizzle_migrations). */
export async function migrateShopDrizzle(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder: path.join(FIXTURES, 'apps/shop-drizzle/db/migrations') });
  } finally {
    await pool.end();
  }
}

/** The `_prisma_migrations` table exactly as Prisma Migrate creates it (one home: the rehearsal's migrator). */
export { PRISMA_LEDGER_DDL };

export const PRISMA_MIGRATIONS = path.join(FIXTURES, 'apps/shop-prisma/prisma/migrations');

/** SHA-256 of a migration.sql, as Prisma records it in `checksum`. */
export function prismaChecksum(name: string): string {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(PRISMA_MIGRATIONS, name, 'migration.sql')))
    .digest('hex');
}

/**
 * Applies shop-prisma's migrations in order and records each as Prisma Migrate does
 * (a row started, then finished with applied_steps_count 1).
 */
export async function migrateShopPrisma(url: string): Promise<void> {
  await sql(url, PRISMA_LEDGER_DDL);
  for (const name of fs
    .readdirSync(PRISMA_MIGRATIONS)
    .filter((n) => !n.endsWith('.toml'))
    .sort()) {
    await sql(url, fs.readFileSync(path.join(PRISMA_MIGRATIONS, name, 'migration.sql'), 'utf8'));
    await sql(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
      [crypto.randomUUID(), prismaChecksum(name), name],
    );
  }
}

/** The repository root (the apps live in `<root>/apps`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs a repository app's Prisma migrations (all, or `names`) in order and records each as Prisma Migrate does. */
export async function applyPrismaMigrations(url: string, appName: string, names?: string[]): Promise<void> {
  const dir = path.join(REPO_ROOT, 'apps', appName, 'prisma/migrations');
  if (!(await sql<{ t: string | null }>(url, `SELECT to_regclass('_prisma_migrations')::text AS t`))[0]!.t) await sql(url, PRISMA_LEDGER_DDL);
  for (const name of names ??
    fs
      .readdirSync(dir)
      .filter((n) => fs.existsSync(path.join(dir, n, 'migration.sql')))
      .sort()) {
    const text = fs.readFileSync(path.join(dir, name, 'migration.sql'));
    await sql(url, text.toString());
    await sql(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
      [crypto.randomUUID(), crypto.createHash('sha256').update(text).digest('hex'), name],
    );
  }
}

/**
 * A catalog summary of the given schemas, one line per fact (`column posts.tags text[] null default '{}'::text[]`,
 * `index …`, `constraint …`, `enum …`): what drizzle-kit's statements are judged by ({@link drizzleKitChanges}).
 */
export async function catalogLines(url: string, schemas: string[] = ['public']): Promise<string[]> {
  const rows = await sql<{ l: string }>(
    url,
    `SELECT 'table ' || n.nspname || '.' || c.relname AS l FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
     UNION ALL
     SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
            || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
            || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
     UNION ALL
     SELECT 'constraint ' || n.nspname || '.' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ANY($1)
     UNION ALL
     SELECT 'index ' || schemaname || '.' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = ANY($1)
     UNION ALL
     SELECT 'enum ' || n.nspname || '.' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = ANY($1) GROUP BY n.nspname, t.typname
     ORDER BY 1`,
    [schemas],
  );
  return rows.map((r) => r.l);
}

/** What drizzle-kit's push is told besides the schema: the config's filters. */
export interface DrizzleKitFilters {
  /** Database schemas drizzle-kit looks at (its `schemaFilter`); default `['public']`. */
  schemas?: string[];
  /** The config's `tablesFilter` (globs of table names); default: every table. */
  tablesFilter?: string[];
}

/**
 * Runs `task` with `process.stdout` swapped for a sink. drizzle-kit's push draws its spinner
 * ("Pulling schema from database...") through hanji's `renderWithTask`, which takes
 * `process.stdout` when it starts and has no quiet option: the spinner's later frames go to the
 * stream it took, so they end in the sink too, and the test run's output keeps only the tests'.
 */
export async function withQuietStdout<T>(task: () => Promise<T>): Promise<T> {
  const own = Object.getOwnPropertyDescriptor(process, 'stdout');
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  Object.defineProperty(process, 'stdout', { configurable: true, enumerable: own?.enumerable ?? true, get: () => sink });
  try {
    return await task();
  } finally {
    if (own) Object.defineProperty(process, 'stdout', own);
    else delete (process as { stdout?: unknown }).stdout;
  }
}

/** The statements drizzle-kit's push (`pushSchema` of `drizzle-kit/api`, its own diff) would run on `url`. */
export async function drizzleKitPush(url: string, schema: Record<string, unknown>, filters: DrizzleKitFilters = {}): Promise<string[]> {
  const { pushSchema } = await import('drizzle-kit/api');
  const { drizzle: nodePg } = await import('drizzle-orm/node-postgres');
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { statementsToExecute } = await withQuietStdout(() => pushSchema(schema, nodePg(pool), filters.schemas ?? ['public'], filters.tablesFilter));
    return statementsToExecute;
  } finally {
    await pool.end();
  }
}

/**
 * The oracle for a Drizzle schema: what drizzle-kit's push really changes in the database. drizzle-kit
 * 0.31's push re-sets every array and jsonb default it introspects (it compares their text), so a
 * non-empty statement list alone is no difference: the statements are applied to `url` (a disposable
 * clone) and the catalog ({@link catalogLines}) compared before and after. Returns the lines that
 * changed, `-` before and `+` after; empty when drizzle-kit sees nothing to do.
 */
export async function drizzleKitChanges(url: string, schema: Record<string, unknown>, filters: DrizzleKitFilters = {}): Promise<string[]> {
  const schemas = filters.schemas ?? ['public'];
  const before = await catalogLines(url, schemas);
  for (const s of await drizzleKitPush(url, schema, filters)) await sql(url, s);
  const after = new Set(await catalogLines(url, schemas));
  const had = new Set(before);
  return [...before.filter((l) => !after.has(l)).map((l) => `- ${l}`), ...[...after].filter((l) => !had.has(l)).map((l) => `+ ${l}`)];
}

/** Migrates `url` with drizzle-orm's own migrator (node-postgres), into the given ledger. */
export async function drizzleMigrate(url: string, migrationsFolder: string, ledger?: { migrationsTable?: string; migrationsSchema?: string }): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder, ...ledger });
  } finally {
    await pool.end();
  }
}
