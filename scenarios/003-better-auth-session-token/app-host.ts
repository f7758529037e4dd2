/**
 * One instance of a Better Auth version's app of incident 003, started on the host the replay
 * runs on through the shared host (scenarios/shared/better-auth-host.ts): `in-process` calls its
 * fetch handler, `built` runs its Node server as a child process. What this file adds is 003's
 * switches (secret, guard, Prisma client) as the app's environment, and browsers that may start
 * with Alice's session cookie.
 */
import type { Browser, StepContext } from '@incident-replay/incident';
import type { TestDatabase } from '@incident-replay/pg-harness';
import { appOptionsFromEnv, type CreateAppOptions, type GuardKind, type UnhandledError } from '@incident-replay/better-auth-app';
import { startBetterAuthApp } from '../shared/better-auth-host.js';
import { SESSION_COOKIE } from './signed-cookie.js';
import type { BetterAuthVersion } from './versions.js';

/** How to start an instance: its database, secret (`null`: BETTER_AUTH_SECRET unset), guard and Prisma client. */
export interface AppOptions {
  db: TestDatabase;
  secret: string | null;
  guard: GuardKind;
  prismaClient: NonNullable<CreateAppOptions['prismaClient']>;
}

/** A running instance of the app. */
export interface RunningApp {
  /** Where it answers: Better Auth's baseURL, and the Origin a browser sends. */
  baseUrl: string;
  /**
   * A browser that talks to this instance: with an empty cookie jar, or holding the session
   * cookie `token.signature` (decoded; the jar gets it percent-encoded, as Better Auth sets it).
   */
  browser(sessionCookie?: string): Promise<Browser>;
  /**
   * The error the app threw instead of answering `res`: only the built server has one to
   * report (it answered 500 and logged the error); in-process the request itself rejects.
   */
  unhandledErrorOf(res: Response): UnhandledError | undefined;
  /** Stops it (closes its pool, or stops the process). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts an instance of version `v`'s app on the host the step runs on
 * (`t.env.host`); it is stopped when the incident ends at the latest.
 *
 * @throws Error when the built server exits or does not answer within 60 s (with its last output)
 */
export async function startApp(t: StepContext, v: BetterAuthVersion, o: AppOptions): Promise<RunningApp> {
  // BETTER_AUTH_SECRET is unset (not empty) for `secret: null`.
  const env = { DATABASE_URL: o.db.url, BETTER_AUTH_SECRET: o.secret ?? undefined, SESSION_GUARD: o.guard, PRISMA_CLIENT: o.prismaClient };
  const started = await startBetterAuthApp(t, { version: v.version, appDir: v.appDir, createApp: (e) => v.createApp(appOptionsFromEnv(e)) }, env);
  return {
    ...started,
    async browser(sessionCookie) {
      const b = started.browser();
      if (sessionCookie !== undefined) await b.setCookie(SESSION_COOKIE, encodeURIComponent(sessionCookie));
      return b;
    },
  };
}
