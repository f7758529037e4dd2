/**
 * apps/drizzle-kit-login on the host the runner chose. In-process, a request goes straight to the
 * app's fetch-style handler (src/handler.ts); built, to its Node server as deployed — src/main.ts
 * bundled by esbuild into dist/main.mjs (built once, when stale), run as `node dist/main.mjs` in a
 * child process on a free port. Either way the app's log lines land in the step's log (in-process
 * by console capture; built through startServerProcess's `logSource`, awaited after each response).
 */
import { Browser, IN_PROCESS_URL, startServerProcess, writeOut, type IncidentEnv } from '@incident-replay/incident';
import { freePort } from '@incident-replay/pg-harness';
import { APP_BUNDLE, ensureAppBuild } from '@incident-replay/incident/build';
import { APP_DIR, closeDb, handle } from '@incident-replay/app-drizzle-kit-login';

/** The running app: where it answers and a browser for it. */
export interface RunningApp {
  baseUrl: string;
  /** A browser with an empty cookie jar. */
  browser(): Browser;
}

/**
 * Starts the app on `env.host` against `databaseUrl`; it is stopped (pool closed, or process
 * stopped) when the incident ends.
 *
 * @throws Error when the bundle does not build, or the server exits or does not answer within 60 s
 */
export async function startApp(env: IncidentEnv, databaseUrl: string): Promise<RunningApp> {
  if (env.host === 'in-process') {
    env.setAppEnv({ DATABASE_URL: databaseUrl });
    env.onTeardown(closeDb);
    return { baseUrl: IN_PROCESS_URL, browser: () => new Browser(IN_PROCESS_URL, (url, init) => handle(new Request(url, init))) };
  }
  // The built host's build (`@incident-replay/incident/build`): src/main.ts bundled by esbuild.
  await ensureAppBuild(APP_DIR, writeOut);
  const port = await freePort();
  const server = await startServerProcess({
    command: process.execPath,
    args: [APP_BUNDLE],
    cwd: APP_DIR,
    port,
    env: { DATABASE_URL: databaseUrl, PORT: String(port) },
    readyPath: '/api/health',
    logSource: `drizzle-kit-login server (node ${APP_BUNDLE})`,
  });
  env.onTeardown(() => server.stop());
  return {
    baseUrl: server.url,
    browser: () =>
      new Browser(server.url, async (url, init) => {
        const res = await fetch(url, init);
        await server.quiet(); // the lines it logged for this request are now in the step's log
        return res;
      }),
  };
}
