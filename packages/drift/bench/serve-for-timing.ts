/**
 * A throwaway PostgreSQL with the shop-prisma and shop-drizzle fixture databases, for timing the
 * packed CLI by hand (`hyperfine`): prints `PRISMA_URL=… DRIZZLE_URL=…` and keeps serving until
 * SIGINT/SIGTERM, then drops what it made and stops the server.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Databases, startPostgres } from '@incident-replay/pg-harness';
import { PRISMA_LEDGER_DDL } from '../src/rehearse/migrate.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/apps');
const server = await startPostgres();
const dbs = new Databases(server);
const prisma = await dbs.create('timing_prisma');
const drizzleDb = await dbs.create('timing_drizzle');
const client = new pg.Client({ connectionString: prisma.url });
await client.connect();
await client.query(PRISMA_LEDGER_DDL);
const migrations = path.join(FIXTURES, 'shop-prisma/prisma/migrations');
for (const name of fs
  .readdirSync(migrations)
  .filter((n) => !n.endsWith('.toml'))
  .sort()) {
  const buf = fs.readFileSync(path.join(migrations, name, 'migration.sql'));
  await client.query(buf.toString('utf8'));
  await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`, [
    crypto.randomUUID(),
    crypto.createHash('sha256').update(buf).digest('hex'),
    name,
  ]);
}
await client.end();
const pool = new pg.Pool({ connectionString: drizzleDb.url, max: 1 });
await migrate(drizzle(pool), { migrationsFolder: path.join(FIXTURES, 'shop-drizzle/db/migrations') });
await pool.end();
process.stdout.write(`PRISMA_URL=${prisma.url} DRIZZLE_URL=${drizzleDb.url}\n`);
const stop = async () => {
  await dbs.dropAll();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
