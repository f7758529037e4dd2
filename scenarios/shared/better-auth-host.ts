/**
 * One instance of a Better Auth app (apps/better-auth-*), started on the host the replay runs on:
 * `in-process` calls its fetch handler directly; `built` runs its Node server as deployed, built to
 * JavaScript (`pnpm start` = build if stale, then `node dist/main.mjs`: src/main.ts bundled by
 * esbuild, the libraries external; node:http through @hono/node-server) as a child process on a
 * free port. Steps see the same thing either way: a base URL, browsers, the error the app did not
 * answer itself, and the server's output in the step's log (in-process by console capture, built
 * by startServerProcess's `logSource`, awaited after every response). Shared by incidents 003 and
 * 004; it needs the incident model and @incident-replay/better-auth-app, which may not depend on it.
 */
import { Browser, IN_PROCESS_URL, startServerProcess, writeOut, type HostName, type ObservedResponse, type StepContext } from '@incident-replay/incident';
import { freePort } from '@incident-replay/pg-harness';
import { parseUnhandledError, type SessionServer, type UnhandledError } from '@incident-replay/better-auth-app';
import { APP_BUNDLE, ensureAppBuild } from '@incident-replay/incident/build';

/** An app a host can start: its folder (built host) and its factory (in-process). */
export interface HostedApp {
  /** The Better Auth version it pins, e.g. `1.7.0` (names the server in the log). */
  version: string;
  /** The app folder (apps/better-auth-*), absolute. */
  appDir: string;
  /**
   * The in-process app from the same environment variables its `src/main.ts` reads (the host
   * adds `BETTER_AUTH_URL`).
   */
  createApp(env: Record<string, string | undefined>): SessionServer & { close(): Promise<void> };
}

/** A running instance of an app. */
export interface RunningApp {
  /** Where it answers: Better Auth's baseURL, and the Origin a browser sends. */
  baseUrl: string;
  /** A browser with an empty cookie jar that talks to this instance. */
  browser(): Browser;
  /**
   * The error the app threw instead of answering `res`: only the built server has one to report
   * (it answered 500 and logged the error); in-process the request itself rejects.
   */
  unhandledErrorOf(res: Response): UnhandledError | undefined;
  /** Stops it (closes its pool, or stops the process). Idempotent. */
  stop(): Promise<void>;
}

type Starter = (app: HostedApp, env: Record<string, string | undefined>) => Promise<RunningApp>;

const inProcess: Starter = async (app, env) => {
  const instance = app.createApp({ ...env, BETTER_AUTH_URL: IN_PROCESS_URL });
  let stopped: Promise<void> | undefined;
  return {
    baseUrl: IN_PROCESS_URL,
    browser: () => new Browser(IN_PROCESS_URL, (url, init) => instance.fetch(new Request(url, init))),
    unhandledErrorOf: () => undefined,
    stop: () => (stopped ??= instance.close()),
  };
};

const built: Starter = async (app, env) => {
  // Built once per process when dist/main.mjs is missing or its sources changed (a fresh clone
  // without turbo); turbo's `build` of the apps already made it before `pnpm test`.
  await ensureAppBuild(app.appDir, writeOut);
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const server = await startServerProcess({
    command: process.execPath,
    // The app's `pnpm start` without pnpm and the build check: one Node process per server start,
    // no TypeScript loader (tsx's loader hooks cost ~3.4 s of CPU per start).
    args: [APP_BUNDLE],
    cwd: app.appDir,
    port,
    env: { ...env, BETTER_AUTH_URL: baseUrl, PORT: String(port) },
    readyPath: '/api/auth/ok',
    logSource: `better-auth ${app.version} server (node ${APP_BUNDLE})`,
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

/** How each host starts an app. */
const STARTERS: Record<HostName, Starter> = { 'in-process': inProcess, built };

/**
 * Starts an instance of `app` on the host the step runs on (`t.env.host`) with the environment
 * variables `env` (an `undefined` value leaves the variable unset); it is stopped when the
 * incident ends at the latest.
 *
 * @throws Error when the built server exits or does not answer within 60 s (with its last output)
 */
export async function startBetterAuthApp(t: StepContext, app: HostedApp, env: Record<string, string | undefined>): Promise<RunningApp> {
  const running = await STARTERS[t.env.host](app, env);
  t.env.onTeardown(() => running.stop());
  return running;
}

/** How an app handled a request it may fail: its response, and/or the error it did not answer itself. */
export interface Answer {
  res?: ObservedResponse;
  err?: { errorClass: string; message: string; code?: string; findings?: unknown };
}

/** What a browser sends: GET, or a JSON POST with Origin, as a browser's (Better Auth's CSRF check reads it). */
function requestInit(b: Browser, json: unknown): RequestInit & { method: string; json?: unknown } {
  return json === undefined ? { method: 'GET' } : { method: 'POST', json, headers: { origin: b.baseUrl } };
}

/**
 * Sends a request from browser `b` (a POST when `json` is given) and records the answer. It
 * throws when the in-process app throws: use {@link attempt} where a failure is expected.
 */
export async function send(t: StepContext, b: Browser, label: string, path: string, json?: unknown): Promise<ObservedResponse> {
  const init = requestInit(b, json);
  return t.http(label, await b.request(path, init), { method: init.method, url: path });
}

/**
 * Sends a request the app may fail on, and records either outcome. The error it did not
 * answer itself is the rejection in-process, and on the built host the one its server
 * logged for this request (it answered 500).
 */
export async function attempt(
  t: StepContext,
  app: Pick<RunningApp, 'unhandledErrorOf'>,
  b: Browser,
  label: string,
  path: string,
  json?: unknown,
): Promise<Answer> {
  const init = requestInit(b, json);
  let response: Response;
  try {
    response = await b.request(path, init);
  } catch (raw) {
    return { err: { ...t.error(label, raw), findings: (raw as { findings?: unknown } | null)?.findings } };
  }
  const res = await t.http(label, response, { method: init.method, url: path });
  const logged = app.unhandledErrorOf(response);
  if (!logged) return { res };
  t.value(`${label}: the error the server logged (it answered ${res.status})`, logged);
  return { res, err: { errorClass: logged.errorClass, message: logged.message, code: logged.code, findings: logged.findings } };
}

/** An answer in a word: `rejected: <class>` when the app failed with an error, else the status. */
export const outcome = (a: Answer): number | string | undefined => (a.err ? `rejected: ${a.err.errorClass}` : a.res?.status);
