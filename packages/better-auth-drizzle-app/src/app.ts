import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { betterAuthSessionGuard, createServer, validateSchemaFromEnv, type AuthLike, type SessionServer } from '@incident-replay/better-auth-app';
import { authOptions, type DrizzleAdapterOf } from './auth.js';
import { SCHEMA_REVISIONS, schemaRevision, type SchemaRevision } from './schema-revisions.js';

/** One version's library functions, as the app folder imports them from its own better-auth. */
export interface BetterAuthLibrary<A> {
  /** The exact version, e.g. `1.7.0`. */
  version: string;
  betterAuth(options: ReturnType<typeof authOptions<A>>): unknown;
  drizzleAdapter: DrizzleAdapterOf<A>;
  /** `getAuthTables` of that version's `better-auth/db`: the tables and fields Better Auth itself defines. */
  getAuthTables(options: { emailAndPassword: { enabled: boolean } }): Record<string, { fields: Record<string, { required?: boolean }> } | undefined>;
}

/**
 * The account table's fields as the version itself defines them (`lib.getAuthTables` for the
 * app's email + password options): field name → required (Better Auth's `required` defaults to true).
 *
 * @throws Error when that version defines no account table
 */
export function accountFields(lib: Pick<BetterAuthLibrary<unknown>, 'getAuthTables' | 'version'>): Record<string, boolean> {
  const { account } = lib.getAuthTables({ emailAndPassword: { enabled: true } });
  if (!account) throw new Error(`Better Auth ${lib.version} defines no account table`);
  return Object.fromEntries(Object.entries(account.fields).map(([name, f]) => [name, f.required !== false]));
}

/** A running instance of the app (in-process): its fetch handler, Better Auth, and its pool's close. */
export interface DrizzleAuthApp extends SessionServer {
  version: string;
  revision: SchemaRevision;
  auth: AuthLike;
  /** Closes the app's pool. */
  close(): Promise<void>;
}

/**
 * Builds the app: a node-postgres pool on `DATABASE_URL` (it connects on the first query, never
 * at import), Drizzle with the schema of `SCHEMA_REVISION`, Better Auth with {@link authOptions},
 * and the server of @incident-replay/better-auth-app (`/api/auth/*`, and `/api/profile` behind
 * `auth.api.getSession`).
 *
 * @param env `DATABASE_URL`, `BETTER_AUTH_SECRET`, `BETTER_AUTH_URL`, `SCHEMA_REVISION` (see
 *   {@link SCHEMA_REVISIONS}), `VALIDATE_SCHEMA` (`false`: Better Auth's schema validation off)
 * @throws Error when DATABASE_URL or BETTER_AUTH_SECRET is unset, SCHEMA_REVISION unknown, or VALIDATE_SCHEMA neither `false` nor unset
 */
export function createDrizzleAuthApp<A>(lib: BetterAuthLibrary<A>, env: Record<string, string | undefined> = process.env): DrizzleAuthApp {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: point it at the app database (postgres://user:pass@host:port/db).');
  const revision = schemaRevision(env.SCHEMA_REVISION);
  const { schema } = SCHEMA_REVISIONS[revision];
  const pool = new pg.Pool({ connectionString: url });
  // node-postgres re-emits an idle client's backend error on the pool; unhandled, it would end the process.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  const db = drizzle({ client: pool, schema });
  const auth = lib.betterAuth(authOptions(lib.drizzleAdapter, db, schema, env, validateSchemaFromEnv(env))) as AuthLike;
  const server = createServer({ auth, guard: betterAuthSessionGuard(auth) });
  return { version: lib.version, revision, auth, fetch: server.fetch, close: () => pool.end() };
}
