/**
 * The app's migration runner: Drizzle's migrator over db/migrations, which records each applied
 * file in the migration ledger `drizzle.__drizzle_migrations`. A deploy of an older revision of
 * the app applies fewer migrations: `upTo` names the last one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

/** Absolute path of the migrations folder (SQL files + meta/_journal.json). */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The migrations in journal order, by tag (`0000_init`, `0001_account_issuer`, `0002_account_issuer_optional`). */
export const MIGRATIONS = ['0000_init', '0001_account_issuer', '0002_account_issuer_optional'] as const;
export type MigrationTag = (typeof MIGRATIONS)[number];

/**
 * Applies the migrations up to and including `upTo` (default: all) to `url` with Drizzle's
 * migrator: the folder as that revision of the app shipped it (a copy whose journal ends at
 * `upTo`), so the ledger holds exactly what that deploy ran.
 *
 * @throws Error for an unknown tag; the driver's error when a migration fails
 */
export async function migrateDatabase(url: string, upTo: MigrationTag = MIGRATIONS[MIGRATIONS.length - 1]!): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ba-drizzle-migrations-'));
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const last = journal.entries.findIndex((e) => e.tag === upTo);
    if (last < 0) throw new Error(`no migration ${upTo} in ${MIGRATIONS_DIR}`);
    const entries = journal.entries.slice(0, last + 1);
    fs.mkdirSync(path.join(folder, 'meta'));
    fs.writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const e of entries) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
    await migrate(drizzle(pool), { migrationsFolder: folder });
  } finally {
    await pool.end();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
