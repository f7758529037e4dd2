/**
 * The failed migration 20251014 as shipped and as corrected (corrected/),
 * and copies of the app's prisma/ folder that carry one of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { APP_DIR, FAILED_MIGRATION, MIGRATIONS_DIR } from '@incident-replay/app-prisma-login';
import { copyPrismaDir, type PrismaDirCopy } from '@incident-replay/prisma-offline';

/** The failed migration's file as the repository ships it. */
export const FAILED_MIGRATION_FILE = path.join(MIGRATIONS_DIR, FAILED_MIGRATION, 'migration.sql');

/** Folder of the corrected versions of the failed migration's ALTERs. */
const CORRECTED_DIR = new URL('./corrected/', import.meta.url);

/** The versions of 20251014: as shipped, or with one of the files in corrected/ inserted. */
export type MigrationVersion = 'original' | 'postmortem-alters.sql' | 'prisma-generated-alters.sql';

/**
 * The SQL of 20251014 as shipped (`original`), or corrected with one of the files
 * in corrected/ (the postmortem's ALTERs, or the ALTER `prisma migrate diff`
 * prints) inserted before its first foreign key, as the postmortem's prevention
 * step says ("before foreign key constraints").
 *
 * @throws Error when the file is missing or the migration has no `-- AddForeignKey` section
 */
export function failedMigrationSql(version: MigrationVersion): string {
  const sql = fs.readFileSync(FAILED_MIGRATION_FILE, 'utf8');
  if (version === 'original') return sql;
  const block = fs.readFileSync(new URL(version, CORRECTED_DIR), 'utf8');
  const at = sql.indexOf('-- AddForeignKey');
  if (at < 0) throw new Error(`${FAILED_MIGRATION}/migration.sql has no "-- AddForeignKey" section to insert before`);
  return `${sql.slice(0, at)}${block.trimEnd()}\n\n${sql.slice(at)}`;
}

/**
 * A throwaway copy of the app's prisma/ with every migration, 20251014 in the
 * given version, for `prisma … --schema <schemaPath>` run from the app folder.
 */
export function prismaDirWithFailedMigrationAs(label: string, version: MigrationVersion): PrismaDirCopy {
  return copyPrismaDir(APP_DIR, { label: `002-${label}`, sql: { [FAILED_MIGRATION]: failedMigrationSql(version) } });
}
