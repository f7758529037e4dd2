/**
 * Path given to Prisma for the query engine library. With
 * `engineType = "client"` nothing loads it; pointing at a path that is not a
 * library stops Prisma from looking for (and trying to download) one.
 */
export const DUMMY_QUERY_ENGINE_LIBRARY = '/dev/null/prisma-offline-no-query-engine.so.node';

/**
 * Path given to Prisma for the schema engine binary. With `engine: "js"` the
 * wasm schema engine does the work, but `prisma migrate resolve --rolled-back`
 * still spawns the binary (it exits 0 doing nothing with `/bin/true`), and a
 * missing binary would make the CLI try to download one.
 */
export const DUMMY_SCHEMA_ENGINE_BINARY = '/bin/true';

/**
 * Placeholder URL for commands that read no database (`prisma generate`):
 * Prisma 6 wants `env("DATABASE_URL")` of the datasource to resolve. Nothing
 * listens there.
 */
export const NO_DATABASE_URL = 'postgresql://prisma-offline:unused@127.0.0.1:1/no_database';

/**
 * Environment variables for a Prisma 6.19 CLI child process that must work
 * without engine downloads and without network: engine paths pinned to
 * dummies, telemetry (checkpoint) and update checks off, colours off (so
 * output can be matched), and `DATABASE_URL` set. Returns a new object;
 * `process.env` is never changed.
 *
 * Follows the Prisma 6 environment variable reference
 * (PRISMA_QUERY_ENGINE_LIBRARY, PRISMA_SCHEMA_ENGINE_BINARY, CHECKPOINT_DISABLE,
 * PRISMA_HIDE_UPDATE_MESSAGE, PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING).
 *
 * @param databaseUrl the database the command works on; {@link NO_DATABASE_URL} for `generate`
 * @returns the variables to add on top of the parent environment
 * @throws Error when `databaseUrl` is not a PostgreSQL URL
 */
export function offlinePrismaEnv(databaseUrl: string): Record<string, string> {
  if (typeof databaseUrl !== 'string' || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(
      `offlinePrismaEnv needs a PostgreSQL URL (postgresql://…), got ${JSON.stringify(databaseUrl)}. Pass NO_DATABASE_URL for commands that read no database (prisma generate).`,
    );
  }
  return {
    DATABASE_URL: databaseUrl,
    PRISMA_QUERY_ENGINE_LIBRARY: DUMMY_QUERY_ENGINE_LIBRARY,
    PRISMA_SCHEMA_ENGINE_BINARY: DUMMY_SCHEMA_ENGINE_BINARY,
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
    PRISMA_SKIP_POSTINSTALL_GENERATE: '1',
    PRISMA_GENERATE_SKIP_AUTOINSTALL: '1',
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_DISABLE_WARNINGS: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
}
