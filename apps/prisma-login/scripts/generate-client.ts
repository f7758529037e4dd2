// postinstall: generates the Prisma Client into ./generated/client with the
// offline recipe (JS engines, no engine download), so `pnpm install` alone
// prepares Prisma. Prisma's own install scripts stay disabled.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePrismaClient } from '@incident-replay/prisma-offline';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const res = await generatePrismaClient(appDir);
process.stdout.write(res.output);
