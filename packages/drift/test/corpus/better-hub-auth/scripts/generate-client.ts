// Generates Better Hub's Prisma client (src/generated/prisma, not committed) without engine
// downloads, on `pnpm install` (postinstall), as the repository's Prisma apps do.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePrismaClient } from '@incident-replay/prisma-offline';

await generatePrismaClient(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
