import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPrismaCli, type PrismaCliResult } from './cli.js';

/** The file Prisma Migrate reads in each migration folder. */
const MIGRATION_FILE = 'migration.sql';

/** A throwaway copy of an app's `prisma/` folder (see {@link copyPrismaDir}). */
export interface PrismaDirCopy {
  /** `<copy>/prisma/schema.prisma`: pass it as `--schema` to a CLI run from the app folder. */
  schemaPath: string;
  /** The migration folders the copy holds, in order. */
  migrations: string[];
  /** Deletes the copy. Idempotent. */
  remove(): void;
}

/**
 * The app's Prisma migrations in the order Prisma Migrate applies them: the
 * folder names under `<appDir>/prisma/migrations`, sorted.
 *
 * @param appDir the app (holding `prisma/`)
 * @throws the fs error when `prisma/migrations` cannot be read
 */
export function prismaMigrationNames(appDir: string): string[] {
  return fs
    .readdirSync(path.join(appDir, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/**
 * Copies an app's `prisma/` folder — `schema.prisma`, `migrations/migration_lock.toml` and the
 * first migrations, up to and including `upTo` (default: all) — to a temporary folder, optionally
 * with other SQL for some migrations. Prisma finds migrations next to the schema, so
 * `prisma migrate deploy --schema <schemaPath>` run from the app folder (its prisma.config.ts,
 * its Prisma version) deploys exactly these: the database as it stood before a later migration
 * was written, or with a corrected migration. Ledger rows and checksums are what a deploy from the
 * app's own folder writes for the same files.
 *
 * @param appDir the app (holding `prisma/schema.prisma` and `prisma/migrations/`)
 * @param options.upTo the newest migration folder to include, e.g. `20250920_add_user_credits`
 * @param options.sql replacement `migration.sql` text per migration folder name
 * @param options.label part of the temporary folder's name, for a person looking at /tmp
 * @returns the copy; the caller removes it with `remove()` (in a finally)
 * @throws Error when `upTo` or a key of `sql` is not one of the included migrations; a file system
 *   error (e.g. ENOENT for a missing schema.prisma or migration_lock.toml) after the half-made copy is removed
 */
export function copyPrismaDir(appDir: string, options: { upTo?: string; sql?: Record<string, string>; label?: string } = {}): PrismaDirCopy {
  const source = path.join(appDir, 'prisma');
  const all = prismaMigrationNames(appDir);
  const end = options.upTo === undefined ? all.length : all.indexOf(options.upTo) + 1;
  if (end === 0) throw new Error(`migration "${options.upTo}" not found in ${source}/migrations (have: ${all.join(', ')})`);
  const migrations = all.slice(0, end);
  const unknown = Object.keys(options.sql ?? {}).filter((name) => !migrations.includes(name));
  if (unknown.length) throw new Error(`cannot replace the SQL of ${unknown.join(', ')}: not among the copied migrations (${migrations.join(', ')})`);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), `prisma-dir-${options.label ?? 'copy'}-`));
  const remove = () => fs.rmSync(root, { recursive: true, force: true });
  const target = path.join(root, 'prisma');
  try {
    fs.mkdirSync(path.join(target, 'migrations'), { recursive: true });
    fs.copyFileSync(path.join(source, 'schema.prisma'), path.join(target, 'schema.prisma'));
    fs.copyFileSync(path.join(source, 'migrations', 'migration_lock.toml'), path.join(target, 'migrations', 'migration_lock.toml'));
    for (const name of migrations) {
      fs.cpSync(path.join(source, 'migrations', name), path.join(target, 'migrations', name), { recursive: true });
      const sql = options.sql?.[name];
      if (sql !== undefined) fs.writeFileSync(path.join(target, 'migrations', name, MIGRATION_FILE), sql);
    }
  } catch (err) {
    remove(); // nobody gets a copy to remove: a half-made one goes now
    throw err;
  }
  return { schemaPath: path.join(target, 'schema.prisma'), migrations, remove };
}

/**
 * `prisma migrate deploy` of an app's migrations up to and including `last` only, through a
 * {@link copyPrismaDir} copy that is removed afterwards.
 *
 * @param appDir the app (holding prisma.config.ts and prisma/)
 * @param databaseUrl the database to migrate
 * @param last the newest migration folder to deploy, e.g. `20251101000000_init`
 * @returns the CLI result (a failing deploy is a result with its exit code, not an exception)
 * @throws Error when `last` is not one of the app's migrations
 */
export async function migrateDeployUpTo(appDir: string, databaseUrl: string, last: string): Promise<PrismaCliResult> {
  const copy = copyPrismaDir(appDir, { upTo: last, label: 'deploy' });
  try {
    return await runPrismaCli(appDir, ['migrate', 'deploy', '--schema', copy.schemaPath], { databaseUrl });
  } finally {
    copy.remove();
  }
}
