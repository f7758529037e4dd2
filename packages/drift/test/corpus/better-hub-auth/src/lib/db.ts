// Better Hub's Prisma client (apps/web/src/lib/db.ts of better-auth/better-hub, MIT), for the drift
// check's corpus: see ../../SOURCE.md. Upstream builds a pg Pool, hands it to `new PrismaPg(pool)`
// and caches the client on `process` (Next.js dev reloads); here the adapter is prisma-offline's
// `createPgAdapter` (PrismaPg 7.10.1 for Prisma Client 6.19.3, no engine download), made once per
// module load so a test can point a fresh import at another DATABASE_URL. Like upstream's Pool, it
// connects on the first query only; the placeholder URL is upstream's prisma.config.ts fallback.
import { createPgAdapter } from "@incident-replay/prisma-offline/config";
import { PrismaClient } from "../generated/prisma/client";

function makePrisma() {
	const adapter = createPgAdapter(
		process.env.DATABASE_URL ??
			"postgresql://placeholder:placeholder@localhost:5432/placeholder",
	);
	return new PrismaClient({ adapter });
}

/** Better Hub's Prisma client over `DATABASE_URL` (read when this module loads). */
export const prisma = makePrisma();
