/**
 * The world of incident 001: the users table on a harness database, the Neon
 * HTTP test double in front of it, and apps/authjs-edge on the runner's host
 * with a chosen session callback — in-process (Edge code in an EdgeVM, Node
 * code here, see in-process-app.ts) or built (`next build` + `next start`,
 * the middleware in Next's own Edge sandbox).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import {
  Browser,
  BuiltNextApp,
  IN_PROCESS_URL,
  signInWithCredentials,
  type AppUnderTest,
  type IncidentEnv,
  type ObservedResponse,
  type StepContext,
} from '@incident-replay/incident';
import { startNeonHttpProxy, type NeonHttpProxy } from '@incident-replay/neon-http-proxy';
import { APP_DIR, loadInProcessApp, type EdgeQueryOutcome, type InProcessApp } from './in-process-app';

// The app's own bcrypt library, so the hash is exactly what its sign-in compares against.
const bcrypt = createRequire(path.join(APP_DIR, 'package.json'))('bcryptjs') as { hashSync(password: string, rounds: number): string };

/** The seeded admin. */
export const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery staple' };

/** The session-token cookie Auth.js v5 uses over http. */
export const SESSION_COOKIE = 'authjs.session-token';

/** `SESSION_CALLBACK` values of apps/authjs-edge (src/features/auth/config/session-callbacks.ts). */
export type SessionCallbackName = 'database' | 'database-rethrow' | 'token';

/**
 * Applies the app's migration (drizzle/0000_create_users.sql) and seeds Ada
 * with role `admin`. Closes its connection (the database becomes a template).
 */
export async function buildUsersDatabase(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(fs.readFileSync(path.join(APP_DIR, 'drizzle/0000_create_users.sql'), 'utf8'));
    await c.query(`INSERT INTO users (name, email, password, role) VALUES ($1, $2, $3, 'admin')`, [ADA.name, ADA.email, bcrypt.hashSync(ADA.password, 4)]);
  } finally {
    await c.end();
  }
}

/** The environment the app reads, for one database and one Neon endpoint. */
export function appEnv(databaseUrl: string, neonEndpoint: string, secret = crypto.randomBytes(32).toString('base64url')): Record<string, string> {
  return { DATABASE_URL: databaseUrl, NEON_HTTP_ENDPOINT: neonEndpoint, AUTH_SECRET: secret, AUTH_TRUST_HOST: 'true' };
}

/** Starts the Neon HTTP test double, serving only `databaseName`. */
export function startNeon(databaseName: string): Promise<NeonHttpProxy> {
  return startNeonHttpProxy({ allowDatabase: (name) => name === databaseName });
}

/**
 * The in-process host: every {@link deploy} loads the app anew with
 * `SESSION_CALLBACK` set (a fresh Edge sandbox, like a new deployment), and
 * the session callback's query can be run alone inside that sandbox.
 */
export class InProcessEdgeApp implements AppUnderTest<SessionCallbackName> {
  readonly host = 'in-process' as const;
  readonly baseUrl = IN_PROCESS_URL;
  private app: InProcessApp | undefined;

  constructor(private readonly env: Record<string, string>) {}

  async deploy(callback: SessionCallbackName): Promise<void> {
    this.app = await loadInProcessApp({ env: { ...this.env, SESSION_CALLBACK: callback } });
  }

  fetch(input: string, init?: RequestInit): Promise<Response> {
    return this.deployed().fetch(input, init);
  }

  browser(): Browser {
    return new Browser(this.baseUrl, (input, init) => this.fetch(input, init));
  }

  /** The deployed session callback's query (`findFirst` by id), run alone in the Edge sandbox. */
  findUserInEdge(id: string): Promise<EdgeQueryOutcome> {
    return this.deployed().findUserInEdge(id);
  }

  private deployed(): InProcessApp {
    if (!this.app) throw new Error('apps/authjs-edge: request before any deploy()');
    return this.app;
  }
}

/** The app on either host. */
export type EdgeApp = InProcessEdgeApp | BuiltNextApp<SessionCallbackName>;

/**
 * The in-process app, for a step that `needs: 'in-process'`.
 *
 * @throws Error when the app runs on another host
 */
export function inProcess(app: EdgeApp): InProcessEdgeApp {
  if (!(app instanceof InProcessEdgeApp)) throw new Error(`this step needs the in-process host, not ${app.host}`);
  return app;
}

/**
 * Makes the app for `env.host`, reading `vars` (see {@link appEnv}); nothing is deployed yet.
 *
 * @throws Error when the built app does not build
 */
export async function startApp(env: IncidentEnv, vars: Record<string, string>): Promise<EdgeApp> {
  if (env.host === 'built') {
    const app = await BuiltNextApp.start<SessionCallbackName>({ appDir: APP_DIR, env: (callback) => ({ ...vars, SESSION_CALLBACK: callback }) });
    env.onTeardown(() => app.stop());
    return app;
  }
  env.setAppEnv(vars); // the Node side (Auth.js route handlers) reads process.env
  return new InProcessEdgeApp(vars);
}

/** Ada signs in through Auth.js' credentials flow (callback to /admin); records and returns the response. */
export async function signIn(t: StepContext, browser: Browser, label = 'sign in (credentials)'): Promise<ObservedResponse> {
  const res = await signInWithCredentials(browser, { email: ADA.email, password: ADA.password }, { callbackPath: '/admin' });
  return t.http(label, res, { method: 'POST', url: '/api/auth/callback/credentials' });
}

/**
 * GET /admin through the Edge middleware, recorded. The verdict is where it ended:
 * `page`, or `<status> → <redirect path>` (e.g. `307 → /forbidden`). `page` when it reaches the admin
 * page: in-process the middleware answers `x-middleware-next: 1` (continue), built the page
 * itself answers 200 with its heading.
 */
export async function visitAdmin(t: StepContext, browser: Browser, label: string): Promise<{ verdict: string; setCookies: string[] }> {
  const res = await t.http(label, await browser.request('/admin'), { method: 'GET', url: '/admin' });
  const page = res.headers.get('x-middleware-next') === '1' || (res.status === 200 && res.body.includes('Admin area'));
  const verdict = page ? 'page' : `${res.status} → ${new URL(res.headers.get('location') ?? '', browser.baseUrl).pathname}`;
  return { verdict, setCookies: res.headers.getSetCookie() };
}

/** The session as the Edge middleware builds it (GET /api/me). */
export interface EdgeSession {
  user?: { id?: string; role?: string; name?: string; email?: string };
  accessToken?: string;
}

/** GET /api/me, recorded; checks it answers 200 and returns the session (null when signed out). */
export async function edgeSession(t: StepContext, browser: Browser, label: string): Promise<EdgeSession | null> {
  const res = await t.http(label, await browser.request('/api/me'), { method: 'GET', url: '/api/me' });
  t.check(`${label}: status`, res.status, 200);
  return (res.json as { session: EdgeSession | null }).session;
}
