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
import { runCli } from '../src/cli.js';
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

/**
 * {@link catalogLines} and, beyond it, what a copy of a schema must also reproduce (kept apart so that
 * the drizzle-kit oracles' recorded lines stay as they are): the schemas and extensions; each column's
 * position among the live ones, identity, generated kind and collation; sequences (type, start,
 * bounds, increment, cache, cycle, and the column that owns them); domains (base type, default,
 * NOT NULL, checks); composite types; index validity; tables' persistence, kind, partition key, storage
 * parameters and row-level security switches; functions and procedures (their `pg_get_functiondef`);
 * triggers (`pg_get_triggerdef`, enabled state); views; policies and rules. Objects that belong to an
 * extension are the extension's line alone. One line per fact, sorted.
 */
export async function schemaCopyLines(url: string, schemas: string[] = ['public']): Promise<string[]> {
  const rows = await sql<{ l: string }>(
    url,
    `SELECT 'schema ' || nspname AS l FROM pg_namespace WHERE nspname = ANY($1)
     UNION ALL
     SELECT 'extension ' || x.extname || ' ' || n.nspname || ' ' || x.extversion FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
     UNION ALL
     SELECT 'attribute ' || n.nspname || '.' || c.relname || ' #' || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) || ' ' || a.attname
            || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
            || ' collation=' || CASE WHEN a.attcollation <> t.typcollation THEN coalesce(co.collname, '?') ELSE '' END
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_collation co ON co.oid = a.attcollation
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
     UNION ALL
     SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || data_type::text || ' start ' || start_value || ' min ' || min_value || ' max ' || max_value
            || ' increment ' || increment_by || ' cache ' || cache_size || ' cycle ' || cycle
       FROM pg_sequences WHERE schemaname = ANY($1)
     UNION ALL
     SELECT 'sequence-owner ' || n.nspname || '.' || c.relname || ' ' || d.deptype::text || ' ' || t.relname || '.' || a.attname
       FROM pg_depend d JOIN pg_class c ON c.oid = d.objid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND c.relkind = 'S' AND d.deptype IN ('a', 'i') AND n.nspname = ANY($1)
     UNION ALL
     SELECT 'domain ' || n.nspname || '.' || t.typname || ' ' || format_type(t.typbasetype, t.typtypmod) || ' not null ' || t.typnotnull
            || ' default ' || coalesce(pg_get_expr(t.typdefaultbin, 0), '-')
            || ' ' || coalesce((SELECT string_agg(k.conname || ' ' || pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'), '')
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype = 'd' AND n.nspname = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
     UNION ALL
     SELECT 'type ' || n.nspname || '.' || t.typname || ' (' || (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')'
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
     UNION ALL
     SELECT 'index-state ' || n.nspname || '.' || i.relname || ' valid ' || x.indisvalid || ' ready ' || x.indisready
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = ANY($1)
     UNION ALL
     SELECT 'table-options ' || n.nspname || '.' || c.relname || ' kind ' || c.relkind::text || ' persistence ' || c.relpersistence::text
            || ' partition ' || coalesce(CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, '-') || ' with ' || coalesce(c.reloptions::text, '-')
            || ' rls ' || c.relrowsecurity || ' force ' || c.relforcerowsecurity
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
     UNION ALL
     SELECT 'routine ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || p.prokind::text
            || CASE WHEN p.prokind IN ('f', 'p') THEN ' ' || pg_get_functiondef(p.oid) ELSE '' END
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
     UNION ALL
     SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled ' || t.tgenabled::text
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = ANY($1)
     UNION ALL
     SELECT 'view ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || pg_get_viewdef(c.oid)
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1)
     UNION ALL
     SELECT 'policy ' || schemaname || '.' || tablename || ' ' || policyname || ' ' || cmd || ' ' || coalesce(qual, '-') || ' ' || coalesce(with_check, '-')
       FROM pg_policies WHERE schemaname = ANY($1)
     UNION ALL
     SELECT 'rule ' || schemaname || '.' || tablename || ' ' || rulename || ' ' || definition FROM pg_rules WHERE schemaname = ANY($1)
     ORDER BY 1`,
    [schemas],
  );
  return [...(await catalogLines(url, schemas)), ...rows.map((r) => r.l)].sort();
}

/** A login role that may only read: its name, a URL to the database as it, and how to remove it. */
export interface ReadOnlyRole {
  name: string;
  url: string;
  /** Revokes what it was granted in the database (when that still exists) and drops the role. */
  drop(): Promise<void>;
}

/**
 * Creates a role (unique name, random password) with exactly CONNECT on the database of `url`,
 * USAGE on `schemas` and SELECT on their tables (all, or all but `noSelect`, `schema.table`), and
 * takes CONNECT away from PUBLIC on that database, so it is the only grant the role reaches it by.
 * Roles are server-wide: call `drop()` after the test, once clones of that database holding its
 * grants are dropped (DROP ROLE refuses while a database still grants it something).
 */
export async function createReadOnlyRole(url: string, schemas: string[], noSelect: string[] = []): Promise<ReadOnlyRole> {
  const name = `ir_drift_ro_${crypto.randomBytes(4).toString('hex')}`;
  const password = crypto.randomBytes(9).toString('hex');
  const db = pg.escapeIdentifier(new URL(url).pathname.slice(1));
  const role = pg.escapeIdentifier(name);
  const list = schemas.map((s) => pg.escapeIdentifier(s)).join(', ');
  await sql(
    url,
    `CREATE ROLE ${role} LOGIN PASSWORD ${pg.escapeLiteral(password)} NOINHERIT;
     REVOKE ALL ON DATABASE ${db} FROM PUBLIC; GRANT CONNECT ON DATABASE ${db} TO ${role};
     REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA ${list} TO ${role};
     GRANT SELECT ON ALL TABLES IN SCHEMA ${list} TO ${role}`,
  );
  for (const t of noSelect) {
    const [s, n] = t.split('.') as [string, string];
    await sql(url, `REVOKE SELECT ON ${pg.escapeIdentifier(s)}.${pg.escapeIdentifier(n)} FROM ${role}`);
  }
  const u = new URL(url);
  u.username = name;
  u.password = password;
  return {
    name,
    url: u.toString(),
    drop: async () => {
      await sql(url, `DROP OWNED BY ${role}`).catch(() => undefined);
      await sql(inject('postgres').adminUrl, `DROP ROLE IF EXISTS ${role}`);
    },
  };
}

/**
 * Runs `schema-drift` (runCli) in `cwd` as a user would, with `env` as its environment, and
 * captures what it writes.
 *
 * @returns the exit code and the text written to stdout and stderr
 */
export async function runCliIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(args, {
    cwd,
    env,
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
  });
  return { code, ...out };
}
