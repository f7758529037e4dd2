import pg from 'pg';

/**
 * Runs a SQL file's text the way `psql -f` does for a file without
 * transaction commands: each statement on its own, in order, and keeps the
 * server's NOTICE messages (`column … already exists, skipping`).
 * Statements are sent together as one simple-protocol query; for plain
 * `ALTER TABLE` lines the outcome is the same as psql's one-by-one run.
 *
 * @returns the notices the server sent, in order
 * @throws the driver error when a statement fails (SQLSTATE in `code`)
 */
export async function runSqlScript(url: string, sql: string): Promise<{ notices: string[] }> {
  const client = new pg.Client({ connectionString: url });
  const notices: string[] = [];
  client.on('notice', (n) => notices.push(n.message ?? String(n)));
  await client.connect();
  try {
    await client.query(sql);
    return { notices };
  } finally {
    await client.end();
  }
}
