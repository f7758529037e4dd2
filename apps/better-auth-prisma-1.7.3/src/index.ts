/**
 * The app of incident 004 on Prisma (better-auth#11274): Better Auth 1.7.3 over the Prisma adapter
 * (Prisma 6.19 client, JS engine over @prisma/adapter-pg), its schema in 1.7.0's account shape.
 */
import { betterAuthSessionGuard, createServer, validateSchemaFromEnv, type AuthLike, type SessionServer } from '@incident-replay/better-auth-app';
import { createPgAdapter } from '@incident-replay/prisma-offline/config';
import { PrismaClient } from '../generated/prisma/index.js';
import { BETTER_AUTH_VERSION, createAuth } from './auth.js';

export { BETTER_AUTH_VERSION } from './auth.js';

/** A running instance of the app (in-process): its fetch handler, Better Auth, and its client's close. */
export interface PrismaAuthApp extends SessionServer {
  version: string;
  auth: AuthLike;
  /** Disconnects the Prisma client (closes its pool). */
  close(): Promise<void>;
}

/**
 * Builds the app: the Prisma client on `DATABASE_URL` (it connects on the first query, never at
 * import), Better Auth 1.7.3, and the server of @incident-replay/better-auth-app (`/api/auth/*`,
 * and `/api/profile` behind `auth.api.getSession`).
 *
 * @param env `DATABASE_URL`, `BETTER_AUTH_SECRET`, `BETTER_AUTH_URL`, `VALIDATE_SCHEMA` (`false`: Better Auth's schema validation off)
 * @throws Error when DATABASE_URL is not a PostgreSQL URL, BETTER_AUTH_SECRET is unset, or VALIDATE_SCHEMA has another value
 */
export function createApp(env: Record<string, string | undefined> = process.env): PrismaAuthApp {
  const prisma = new PrismaClient({ adapter: createPgAdapter(env.DATABASE_URL) });
  const auth = createAuth(prisma, env, validateSchemaFromEnv(env));
  const server = createServer({ auth, guard: betterAuthSessionGuard(auth) });
  return { version: BETTER_AUTH_VERSION, auth, fetch: server.fetch, close: () => prisma.$disconnect() };
}

/**
 * The `Account.issuer` field as the generated client's runtime data model describes it
 * (`_runtimeDataModel`, what 1.7.3's Prisma adapter compares with the tables it writes), e.g.
 * `{ name: 'issuer', kind: 'scalar', type: 'String' }`; `undefined` when the model has no such
 * field. Prisma 6's client keeps a compact model: whether a field is required is not in it.
 * Creates a client on `databaseUrl` that never connects.
 *
 * @throws Error when `databaseUrl` is not a PostgreSQL URL
 */
export function accountIssuerInDataModel(databaseUrl: string): Record<string, unknown> | undefined {
  const client = new PrismaClient({ adapter: createPgAdapter(databaseUrl) }) as unknown as {
    _runtimeDataModel: { models: Record<string, { fields: Record<string, unknown>[] }> };
  };
  return client._runtimeDataModel.models.Account?.fields.find((f) => f.name === 'issuer');
}
