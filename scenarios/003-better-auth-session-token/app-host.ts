/**
 * One instance of a Better Auth version's app, started on the host the
 * replay runs on: `in-process` calls its fetch handler directly; `built`
 * runs its Node server as deployed, built to JavaScript (`pnpm start` = build
 * if stale, then `node dist/main.mjs`: src/main.ts bundled by esbuild, the
 * libraries external; node:http through @hono/node-server) as a child
 * process on a free port. Steps see the same
 * thing either way: a base URL, browsers, and the server's output in the
 * step's log (in-process by console capture, built by startServerProcess's
 * `logSource`, awaited after every response).
 */
import { Browser, IN_PROCESS_URL, startServerProcess, writeOut, type HostName, type StepContext } from '@incident-replay/incident';
import { freePort, type TestDatabase } from '@incident-replay/pg-harness';
import { parseUnhandledError, type CreateAppOptions, type GuardKind, type UnhandledError } from '@incident-replay/better-auth-app';
import { APP_BUNDLE, ensureAppBuild } from '@incident-replay/better-auth-app/build';
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

/** What a host gives: a running instance whose browsers start with an empty jar. */
type Started = Omit<RunningApp, 'browser'> & { browser(): Browser };
type Starter = (v: BetterAuthVersion, o: AppOptions) => Promise<Started>;

/** The variables the app reads; BETTER_AUTH_SECRET is unset (not empty) for `secret: null`. */
function appEnv(o: AppOptions, baseUrl: string): Record<string, string | undefined> {
  return { DATABASE_URL: o.db.url, BETTER_AUTH_URL: baseUrl, BETTER_AUTH_SECRET: o.secret ?? undefined };
}

const inProcess: Starter = async (v, o) => {
  const app = v.createApp({ env: appEnv(o, IN_PROCESS_URL), guard: o.guard, prismaClient: o.prismaClient });
  return {
    baseUrl: IN_PROCESS_URL,
    browser: () => new Browser(IN_PROCESS_URL, (url, init) => app.fetch(new Request(url, init))),
    unhandledErrorOf: () => undefined,
    stop: () => app.close(),
  };
};

const built: Starter = async (v, o) => {
  // Built once per process when dist/main.mjs is missing or its sources changed (a fresh clone
  // without turbo); turbo's `build` of the apps already made it before `pnpm test`.
  await ensureAppBuild(v.appDir, writeOut);
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const server = await startServerProcess({
    command: process.execPath,
    // The app's `pnpm start` without pnpm and the build check: one Node process per server start,
    // no TypeScript loader (tsx's loader hooks cost ~3.4 s of CPU per start).
    args: [APP_BUNDLE],
    cwd: v.appDir,
    port,
    env: { ...appEnv(o, baseUrl), PORT: String(port), SESSION_GUARD: o.guard, PRISMA_CLIENT: o.prismaClient },
    readyPath: '/api/auth/ok',
    logSource: `better-auth ${v.version} server (node ${APP_BUNDLE})`,
  });
  const unhandled = new WeakMap<Response, UnhandledError>();
  return {
    baseUrl,
    browser: () =>
      new Browser(baseUrl, async (url, init) => {
        const from = server.output.length;
        const res = await fetch(url, init);
        await server.quiet(); // the lines it logged for this request are now in its output and the step's log
        const error = server
          .outputSince(from)
          .map(parseUnhandledError)
          .find((e) => e !== undefined);
        if (error) unhandled.set(res, error);
        return res;
      }),
    unhandledErrorOf: (res) => unhandled.get(res),
    stop: () => server.stop(),
  };
};

/** How each host starts the app. */
const STARTERS: Record<HostName, Starter> = { 'in-process': inProcess, built };

/**
 * Starts an instance of version `v`'s app on the host the step runs on
 * (`t.env.host`); it is stopped when the incident ends at the latest.
 *
 * @throws Error when the built server exits or does not answer within 60 s (with its last output)
 */
export async function startApp(t: StepContext, v: BetterAuthVersion, o: AppOptions): Promise<RunningApp> {
  const started = await STARTERS[t.env.host](v, o);
  t.env.onTeardown(() => started.stop());
  return {
    ...started,
    async browser(sessionCookie) {
      const b = started.browser();
      if (sessionCookie !== undefined) await b.setCookie(SESSION_COOKIE, encodeURIComponent(sessionCookie));
      return b;
    },
  };
}
