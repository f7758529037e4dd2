/**
 * Applying the app's migrations the way its deploys did: Drizzle's own
 * migrator (`drizzle-orm/node-postgres/migrator`), which records each applied
 * file in the migration ledger `drizzle.__drizzle_migrations`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

/** apps/nextauth-drizzle */
export const APP_DIR = fileURLToPath(new URL('../../apps/nextauth-drizzle/', import.meta.url));
/** The app's migrations folder (SQL files + Drizzle's meta/_journal.json). */
export const MIGRATIONS_DIR = path.join(APP_DIR, 'db/migrations');
/** The migration the production database never received. */
export const MIGRATION_0012 = path.join(MIGRATIONS_DIR, '0012_add_session_versioning.sql');

// drizzle-orm and pg resolved exactly as the app resolves them.
const appRequire = createRequire(path.join(APP_DIR, 'package.json'));

/**
 * Runs Drizzle's migrator against `url` with the app's migrations up to and
 * including `lastTag` (the rest of the journal is cut off, as if the deploy
 * predates them). Without `lastTag`, applies everything.
 *
 * @throws Error when `lastTag` is not in the journal, or the migrator fails
 */
export async function runDrizzleMigrator(url: string, lastTag?: string): Promise<void> {
  const { drizzle } = appRequire('drizzle-orm/node-postgres') as typeof import('drizzle-orm/node-postgres');
  const { migrate } = appRequire('drizzle-orm/node-postgres/migrator') as typeof import('drizzle-orm/node-postgres/migrator');
  let folder = MIGRATIONS_DIR;
  let tmp: string | undefined;
  if (lastTag) {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const cut = journal.entries.findIndex((e) => e.tag === lastTag);
    if (cut < 0) throw new Error(`migration ${lastTag} is not in ${MIGRATIONS_DIR}/meta/_journal.json`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drizzle-migrations-'));
    fs.mkdirSync(path.join(tmp, 'meta'));
    journal.entries = journal.entries.slice(0, cut + 1);
    fs.writeFileSync(path.join(tmp, 'meta/_journal.json'), JSON.stringify(journal));
    for (const e of journal.entries) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(tmp, `${e.tag}.sql`));
    folder = tmp;
  }
  const db = drizzle(url);
  try {
    await migrate(db, { migrationsFolder: folder });
  } finally {
    await db.$client.end();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Runs a SQL file as `psql -f` would for this file: the whole text in one
 * simple-protocol round trip (no parameters, so several statements are
 * allowed). Returns the NOTICE messages Postgres sent (e.g. "already exists, skipping").
 */
export async function runSqlFile(url: string, file: string): Promise<string[]> {
  const pg = appRequire('pg') as typeof import('pg');
  const client = new pg.Client({ connectionString: url });
  const notices: string[] = [];
  client.on('notice', (n) => notices.push(n.message ?? String(n)));
  await client.connect();
  try {
    await client.query(fs.readFileSync(file, 'utf8'));
  } finally {
    await client.end();
  }
  return notices;
}

/**
 * Mints a NextAuth v4 session JWT with the app's own next-auth (`encode`
 * from `next-auth/jwt`), standing for a token a user's browser already held.
 */
export async function mintSessionJwt(token: Record<string, unknown>, secret: string): Promise<string> {
  const { encode } = appRequire('next-auth/jwt') as typeof import('next-auth/jwt');
  return encode({ token, secret });
}
