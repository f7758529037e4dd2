import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { AuthSchema } from './schema-revisions.js';

/**
 * A version's `drizzleAdapter` (`better-auth/adapters/drizzle`), typed by what the app passes:
 * the Drizzle client, the provider and the schema object the adapter looks tables up in.
 */
export type DrizzleAdapterOf<A> = (db: NodePgDatabase<AuthSchema>, config: { provider: 'pg'; schema: AuthSchema }) => A;

/**
 * The app's Better Auth options, the same for every version (paperclip's shape): email + password
 * over the Drizzle adapter on node-postgres, the tables of `schema`. Better Auth's own logger
 * (default level: warnings and errors to the console) is left as it is, so its "User not found"
 * warning is the only line a failed sign-in logs.
 *
 * @param env reads `BETTER_AUTH_SECRET` and `BETTER_AUTH_URL` (default `http://localhost:3000`)
 * @param validateSchema Better Auth >= 1.7.3's schema validation (`advanced.database.validateSchema`); left undefined, the version's default
 * @throws Error when BETTER_AUTH_SECRET is unset
 */
export function authOptions<A>(
  drizzleAdapter: DrizzleAdapterOf<A>,
  db: NodePgDatabase<AuthSchema>,
  schema: AuthSchema,
  env: Record<string, string | undefined>,
  validateSchema?: boolean,
) {
  const secret = env.BETTER_AUTH_SECRET;
  if (!secret) throw new Error('BETTER_AUTH_SECRET is not set: the app refuses to run without one');
  return {
    secret,
    baseURL: env.BETTER_AUTH_URL || 'http://localhost:3000',
    database: drizzleAdapter(db, { provider: 'pg', schema }),
    emailAndPassword: { enabled: true },
    ...(validateSchema === undefined ? {} : { advanced: { database: { validateSchema } } }),
  };
}
