import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP_DIR, FAILED_MIGRATION, MIGRATIONS_DIR } from '@incident-replay/app-prisma-login';

/** Name of the migration file Prisma reads in each migration folder. */
const MIGRATION_FILE = 'migration.sql';

/** The app's migrations in order (folder names). */
export function appMigrationNames(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** The SQL of one of the app's migrations. */
export function appMigrationSql(name: string): string {
  return fs.readFileSync(path.join(MIGRATIONS_DIR, name, MIGRATION_FILE), 'utf8');
}

/**
 * Inserts `block` into the failed migration before its first foreign key, as
 * the postmortem's prevention step says ("before foreign key constraints").
 *
 * @throws Error when the migration has no `-- AddForeignKey` section
 */
export function withAltersBeforeForeignKeys(block: string): string {
  const sql = appMigrationSql(FAILED_MIGRATION);
  const at = sql.indexOf('-- AddForeignKey');
  if (at < 0) throw new Error(`${FAILED_MIGRATION}/migration.sql has no "-- AddForeignKey" section to insert before`);
  return `${sql.slice(0, at)}${block.trimEnd()}\n\n${sql.slice(at)}`;
}

/**
 * A throwaway copy of the app's `prisma/` folder — schema.prisma,
 * migration_lock.toml and the chosen migrations (optionally with replaced
 * SQL) — for `prisma … --schema <schemaPath>` run from the app folder
 * (Prisma finds migrations next to the schema). Removed by `remove()`.
 *
 * @param migrations folder names to include, each with its SQL (default: the app's own file)
 */
export function prismaDirWith(label: string, migrations: { name: string; sql?: string }[]): { schemaPath: string; remove(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `002-${label}-`));
  const prismaDir = path.join(root, 'prisma');
  fs.mkdirSync(path.join(prismaDir, 'migrations'), { recursive: true });
  fs.copyFileSync(path.join(APP_DIR, 'prisma', 'schema.prisma'), path.join(prismaDir, 'schema.prisma'));
  fs.copyFileSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(prismaDir, 'migrations', 'migration_lock.toml'));
  for (const m of migrations) {
    fs.mkdirSync(path.join(prismaDir, 'migrations', m.name));
    fs.writeFileSync(path.join(prismaDir, 'migrations', m.name, MIGRATION_FILE), m.sql ?? appMigrationSql(m.name));
  }
  return { schemaPath: path.join(prismaDir, 'schema.prisma'), remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Folder of the corrected versions of the failed migration's ALTERs. */
const CORRECTED_DIR = new URL('./corrected/', import.meta.url);

/**
 * The failed migration as corrected with one of the files in corrected/
 * (the postmortem's ALTERs, or the ALTER `prisma migrate diff` prints),
 * inserted before its foreign keys.
 *
 * @throws Error when the file is missing or the migration has no foreign-key section
 */
export function correctedMigrationSql(altersFile: 'postmortem-alters.sql' | 'prisma-generated-alters.sql'): string {
  return withAltersBeforeForeignKeys(fs.readFileSync(new URL(altersFile, CORRECTED_DIR), 'utf8'));
}

/**
 * {@link prismaDirWith} holding every app migration, with `failedMigrationSql`
 * as the SQL of the failed one (20251014).
 */
export function prismaDirWithFailedMigrationAs(label: string, failedMigrationSql: string): { schemaPath: string; remove(): void } {
  return prismaDirWith(label, appMigrationNames().map((name) => ({ name, ...(name === FAILED_MIGRATION ? { sql: failedMigrationSql } : {}) })));
}
