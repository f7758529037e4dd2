/**
 * Benchmark: how long the drift check takes on an app with 20 tables (160
 * columns) against a local PostgreSQL, for the Drizzle and the Prisma form of
 * the same schema, each with its migration ledger. Prints the first (cold)
 * check, which includes loading the app's configuration and, for Prisma,
 * parsing schema.prisma; then the median and slowest of 20 warm checks.
 * Target: ≤ 300 ms per check. `pnpm --filter @incident-replay/drift bench`
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Databases, startPostgres } from '@incident-replay/pg-harness';
import { checkDrift } from '../src/index.js';
import { PRISMA_LEDGER_DDL } from '../src/rehearse/migrate.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const APP = path.join(FIXTURES, 'apps/twenty-tables');
const RUNS = 20;
const TARGET_MS = 300;

async function build(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder: path.join(APP, 'db/migrations') });
    const name = '20250101000000_init';
    const text = fs.readFileSync(path.join(APP, 'prisma/migrations', name, 'migration.sql'));
    await pool.query(text.toString());
    await pool.query(PRISMA_LEDGER_DDL);
    await pool.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`, [
      crypto.randomUUID(),
      crypto.createHash('sha256').update(text).digest('hex'),
      name,
    ]);
  } finally {
    await pool.end();
  }
}

const server = await startPostgres();
const databases = new Databases(server);
let failed = false;
try {
  process.stdout.write(`${server.description}\n`);
  const db = await databases.create('drift_bench');
  await build(db.url);
  for (const app of ['twenty-tables', 'twenty-tables-prisma']) {
    const t0 = performance.now();
    const first = await checkDrift({ app, databaseUrl: db.url, repoRoot: FIXTURES });
    const cold = performance.now() - t0;
    if (first.exitCode !== 0)
      throw new Error(`${app}: expected no drift, got exit ${first.exitCode}: ${first.error ?? first.findings.map((f) => f.message).join('; ')}`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = await checkDrift({ app, databaseUrl: db.url, repoRoot: FIXTURES });
      times.push(performance.now() - t);
      if (r.exitCode !== 0) throw new Error(`${app}: run ${i} exit ${r.exitCode}`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const max = times.at(-1)!;
    const ok = median <= TARGET_MS;
    failed ||= !ok;
    process.stdout.write(
      `${app}: ${first.checked.tables} tables, ${first.checked.columns} columns, ${first.checked.migrations} migration(s): first check ${cold.toFixed(0)} ms (loads the config${app.endsWith('prisma') ? ' and parses schema.prisma' : ''}), then median ${median.toFixed(1)} ms, slowest ${max.toFixed(1)} ms over ${RUNS} checks — target ≤ ${TARGET_MS} ms: ${ok ? 'met' : 'NOT met'}\n`,
    );
  }
} finally {
  await databases.dropAll();
  await server.stop();
}
process.exit(failed ? 1 : 0);
