import fs from 'node:fs';
import pg from 'pg';

/**
 * Runs a SQL file the way `psql -f` runs a file without transaction commands
 * or psql meta-commands, and keeps the server's NOTICE messages (e.g.
 * `column "x" of relation "users" already exists, skipping`).
 *
 * The whole file goes in one simple-protocol query (no parameters, so it may
 * hold several statements). PostgreSQL runs such a query as one implicit
 * transaction: where psql would go on after a failing statement, this stops
 * and rolls the file back. For files of plain DDL that succeed (the hand-run
 * `ALTER TABLE … ADD COLUMN IF NOT EXISTS` fixes, a migration file) the outcome
 * is the same as psql's one-by-one run.
 *
 * @param url the database's connection URL
 * @param file path of the `.sql` file (read as UTF-8)
 * @returns the NOTICE messages the server sent, in order (empty when none)
 * @throws the `pg` driver's error when a statement fails (SQLSTATE in `code`), or the fs error when the file cannot be read
 */
export async function runSqlFile(url: string, file: string): Promise<string[]> {
  const sql = fs.readFileSync(file, 'utf8');
  const client = new pg.Client({ connectionString: url });
  const notices: string[] = [];
  client.on('notice', (n) => notices.push(n.message ?? String(n)));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
  return notices;
}
