import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';

/**
 * One row of Prisma's migration ledger `_prisma_migrations`, as Prisma
 * Migrate writes it: applied = `finished_at` set and `applied_steps_count` 1;
 * failed = `finished_at` and `rolled_back_at` NULL, `applied_steps_count` 0,
 * `logs` holding the error; `migrate resolve --applied` stamps
 * `rolled_back_at` on the failed row and inserts a new applied row.
 */
export interface LedgerRow {
  /** varchar(36), a UUID. */
  id: string;
  /** varchar(64): sha256 hex of the migration.sql bytes. */
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

/**
 * Reads `_prisma_migrations` in the order Prisma wrote it (`started_at`, then name).
 *
 * @param databaseUrl the database to read
 * @returns the rows; `[]` when the ledger table does not exist yet
 * @throws the driver error for anything but a missing table (SQLSTATE 42P01)
 */
export async function readMigrationLedger(databaseUrl: string): Promise<LedgerRow[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<LedgerRow>(
      `SELECT id, checksum, migration_name, started_at, finished_at, rolled_back_at, applied_steps_count, logs
         FROM _prisma_migrations ORDER BY started_at, migration_name`,
    );
    return rows;
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return [];
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * The checksum Prisma Migrate stores for a migration: sha256 of the
 * migration.sql file's bytes, lowercase hex (64 characters).
 *
 * @param migrationSqlPath path of a `migration.sql`
 * @throws Error (ENOENT) when the file does not exist
 */
export function migrationChecksum(migrationSqlPath: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(migrationSqlPath)).digest('hex');
}
