import { runPrismaCli, type PrismaCliResult } from '@incident-replay/prisma-offline';

/** `prisma migrate deploy` of an app's migrations up to and including `last` (prisma-offline). */
export { migrateDeployUpTo } from '@incident-replay/prisma-offline';

/** `prisma migrate deploy` with the app's own prisma/ folder (what the postmortem ran). */
export function migrateDeploy(appDir: string, databaseUrl: string): Promise<PrismaCliResult> {
  return runPrismaCli(appDir, ['migrate', 'deploy'], { databaseUrl });
}
