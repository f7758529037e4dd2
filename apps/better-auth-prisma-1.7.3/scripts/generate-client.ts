// Generates the app's Prisma client (postinstall) from prisma/schema.prisma into
// generated/prisma, without engine downloads (packages/prisma-offline).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPrismaCli } from '@incident-replay/prisma-offline';

const appDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const res = await runPrismaCli(appDir, ['generate', '--schema', 'prisma/schema.prisma']);
if (res.exitCode !== 0) throw new Error(`prisma generate failed in ${appDir} (exit ${res.exitCode}):\n${res.output}`);
console.log(`generated the Prisma client of prisma/schema.prisma (${Math.round(res.durationMs)} ms)`);
