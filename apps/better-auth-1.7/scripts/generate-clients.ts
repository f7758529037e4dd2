// Generates both Prisma clients of the app (postinstall), without engine
// downloads: generated/prisma from prisma/schema.prisma, and
// generated/documented-fix from prisma/documented-fix/schema.prisma.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPrismaCli } from '@incident-replay/prisma-offline';

const appDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
for (const schema of ['prisma/schema.prisma', 'prisma/documented-fix/schema.prisma']) {
  const res = await runPrismaCli(appDir, ['generate', '--schema', schema]);
  if (res.exitCode !== 0) throw new Error(`prisma generate --schema ${schema} failed in ${appDir} (exit ${res.exitCode}):\n${res.output}`);
  console.log(`generated the Prisma client of ${schema} (${Math.round(res.durationMs)} ms)`);
}
