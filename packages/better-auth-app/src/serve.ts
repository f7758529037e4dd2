import { serve } from '@hono/node-server';
import type { BetterAuthApp, CreateAppOptions, GuardKind } from './app.js';
import type { SessionServer } from './server.js';

/** What starts every line the server logs for an error the app did not answer itself. */
export const UNHANDLED_ERROR_PREFIX = '[server] unhandled error ';

/** An error the app threw instead of answering, as the server logs it (one JSON line). */
export interface UnhandledError {
  method: string;
  path: string;
  /** The error's class (`constructor.name`), e.g. `SchemaMismatchError`. */
  errorClass: string;
  message: string;
  /** The error's `code` property, when it has one (e.g. `SCHEMA_MISMATCH`). */
  code?: string;
  /** Better Auth 1.7's SchemaMismatchError lists what it found missing here. */
  findings?: unknown;
}

/**
 * Serves the app over real HTTP on `port` (what `pnpm start` runs) through
 * @hono/node-server's fetch ↔ node:http bridge. A request the app throws on
 * (instead of answering) gets 500, and the error is logged as one line:
 * {@link UNHANDLED_ERROR_PREFIX} + JSON ({@link UnhandledError}) — the
 * bridge alone would answer 500 and log nothing.
 *
 * @returns a function that closes the server
 */
export function listen(app: SessionServer, port: number): () => Promise<void> {
  const server = serve({
    fetch: async (req) => {
      try {
        return await app.fetch(req);
      } catch (err) {
        console.error(UNHANDLED_ERROR_PREFIX + JSON.stringify(describeError(req, err)));
        return Response.json({ message: 'Internal server error' }, { status: 500 });
      }
    },
    port,
  });
  console.log(`listening on http://localhost:${port}`);
  return () => new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Reads one line of server output: the {@link UnhandledError} it logged, or
 * `undefined` when the line is something else.
 */
export function parseUnhandledError(line: string): UnhandledError | undefined {
  const at = line.indexOf(UNHANDLED_ERROR_PREFIX);
  if (at < 0) return undefined;
  try {
    return JSON.parse(line.slice(at + UNHANDLED_ERROR_PREFIX.length)) as UnhandledError;
  } catch {
    return undefined;
  }
}

function describeError(req: Request, err: unknown): UnhandledError {
  const e = (err ?? {}) as { message?: unknown; code?: unknown; findings?: unknown };
  return {
    method: req.method,
    path: new URL(req.url).pathname,
    errorClass: err && typeof err === 'object' ? (err.constructor?.name ?? 'Object') : typeof err,
    message: String(e.message ?? err),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(e.findings !== undefined ? { findings: e.findings } : {}),
  };
}

/**
 * `pnpm start` of an app: builds it with `createApp` from environment
 * switches and serves it on `PORT` (default 3000).
 * - `SESSION_GUARD`: `session-id` (default, the guard before the fix) or `better-auth` (the fixed guard);
 * - `PRISMA_CLIENT`: `schema` (default, the client of prisma/schema.prisma) or `documented-fix`
 *   (the client generated after postmortem 003's migration; Better Auth 1.x apps only);
 * - `DATABASE_URL`, `BETTER_AUTH_URL`, and `BETTER_AUTH_SECRET` — left unset, the app runs on its
 *   own fallback secret, as the postmortem's app did.
 *
 * @throws Error naming the variable when a switch has another value
 */
export function serveFromEnv(
  createApp: (options: CreateAppOptions) => BetterAuthApp,
  env: Record<string, string | undefined> = process.env,
): () => Promise<void> {
  return listen(createApp(appOptionsFromEnv(env)), Number(env.PORT ?? 3000));
}

/**
 * The options `createApp` gets from environment switches, as {@link serveFromEnv} reads them
 * (`SESSION_GUARD`, `PRISMA_CLIENT`; `env` itself for the rest), so an in-process instance is
 * built from the same variables as the served one.
 *
 * @throws Error naming the variable when a switch has another value
 */
export function appOptionsFromEnv(env: Record<string, string | undefined>): CreateAppOptions {
  const guard = oneOf('SESSION_GUARD', env.SESSION_GUARD, ['session-id', 'better-auth'] as const satisfies readonly GuardKind[]);
  const prismaClient = oneOf('PRISMA_CLIENT', env.PRISMA_CLIENT, ['schema', 'documented-fix'] as const);
  return { env, guard, prismaClient };
}

/**
 * Better Auth's schema validation (`advanced.database.validateSchema`, >= 1.7.3) as the
 * `VALIDATE_SCHEMA` variable sets it: `false` turns it off; unset or empty leaves the version's
 * default (`undefined`).
 *
 * @throws Error naming the variable for any other value
 */
export function validateSchemaFromEnv(env: Record<string, string | undefined>): false | undefined {
  const value = env.VALIDATE_SCHEMA;
  if (value === undefined || value === '') return undefined;
  if (value === 'false') return false;
  throw new Error(`VALIDATE_SCHEMA="${value}" is not one of false (or unset: the version's default)`);
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined || value === '') return allowed[0]!;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name}="${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}
