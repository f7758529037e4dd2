import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPrismaCli, type PrismaCliResult } from '@incident-replay/prisma-offline';

/**
 * `prisma migrate deploy` for an app, limited to its migrations up to and
 * including `last`: the app's schema and those migration folders are copied
 * to a temporary prisma/ folder and the CLI is pointed at it with `--schema`
 * (Prisma finds migrations next to the schema). This builds the database as
 * it stood before a later migration was written; the ledger rows and their
 * checksums are the same as a deploy from the app's own folder would write.
 *
 * @param appDir the app (holding prisma.config.ts and prisma/)
 * @param databaseUrl the database to migrate
 * @param last the newest migration folder to include, e.g. `20251101000000_init`
 * @returns the CLI result
 * @throws Error when `last` is not one of the app's migrations
 */
export async function migrateDeployUpTo(appDir: string, databaseUrl: string, last: string): Promise<PrismaCliResult> {
  const source = path.join(appDir, 'prisma');
  const all = fs.readdirSync(path.join(source, 'migrations'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  if (!all.includes(last)) throw new Error(`migration "${last}" not found in ${source}/migrations (have: ${all.join(', ')})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ir-003-prisma-'));
  try {
    fs.mkdirSync(path.join(tmp, 'migrations'));
    fs.copyFileSync(path.join(source, 'schema.prisma'), path.join(tmp, 'schema.prisma'));
    fs.copyFileSync(path.join(source, 'migrations', 'migration_lock.toml'), path.join(tmp, 'migrations', 'migration_lock.toml'));
    for (const m of all.slice(0, all.indexOf(last) + 1)) fs.cpSync(path.join(source, 'migrations', m), path.join(tmp, 'migrations', m), { recursive: true });
    return await runPrismaCli(appDir, ['migrate', 'deploy', '--schema', path.join(tmp, 'schema.prisma')], { databaseUrl });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `prisma migrate deploy` with the app's own prisma/ folder (what the postmortem ran). */
export function migrateDeploy(appDir: string, databaseUrl: string): Promise<PrismaCliResult> {
  return runPrismaCli(appDir, ['migrate', 'deploy'], { databaseUrl });
}
