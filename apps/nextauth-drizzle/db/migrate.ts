/**
 * The app's migration runner: Drizzle's migrator over db/migrations, which
 * records each applied file in the migration ledger
 * `drizzle.__drizzle_migrations` (hash + created_at).
 *
 *   DATABASE_URL=… tsx db/migrate.ts [lastTag]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';

/** Absolute path of the migrations folder (SQL files + meta/_journal.json). */
// From __filename: tsx's ESM loader sets it correctly for CJS-typed files, but not __dirname.
export const MIGRATIONS_DIR = path.join(path.dirname(__filename), 'migrations');

/**
 * Applies the app's migrations to `url` with Drizzle's migrator, up to and
 * including `lastTag` when given (the journal is cut after it, standing for
 * a deploy that predates the later files).
 *
 * @throws Error when `lastTag` is not in the journal, or a migration fails
 *   (the temporary cut copy of the folder is removed either way)
 */
export async function migrateDatabase(url: string, lastTag?: string): Promise<void> {
  let tmp: string | undefined;
  try {
    let folder = MIGRATIONS_DIR;
    if (lastTag) {
      const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
      const cut = journal.entries.findIndex((e) => e.tag === lastTag);
      if (cut < 0) throw new Error(`migration ${lastTag} is not in ${MIGRATIONS_DIR}/meta/_journal.json`);
      // The cut copy is removed in the finally below, also when copying it fails.
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drizzle-migrations-'));
      fs.mkdirSync(path.join(tmp, 'meta'));
      journal.entries = journal.entries.slice(0, cut + 1);
      fs.writeFileSync(path.join(tmp, 'meta/_journal.json'), JSON.stringify(journal));
      for (const e of journal.entries) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(tmp, `${e.tag}.sql`));
      folder = tmp;
    }
    const pool = new Pool({ connectionString: url });
    try {
      await migrate(drizzle({ client: pool }), { migrationsFolder: folder });
    } finally {
      await pool.end();
    }
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Run as a script (not when imported by the replay or the tests).
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(2);
  }
  migrateDatabase(url, process.argv[2]).then(
    () => console.log('migrations applied'),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
