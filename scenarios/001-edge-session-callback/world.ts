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
import { Browser, BuiltNextApp, IN_PROCESS_URL, type AppUnderTest, type IncidentEnv } from '@incident-replay/incident';
import { startNeonHttpProxy, type NeonHttpProxy } from '@incident-replay/neon-http-proxy';
import { APP_DIR, loadInProcessApp, type EdgeQueryOutcome, type InProcessApp } from './in-process-app';

// The app's own bcrypt library, so the hash is exactly what its sign-in compares against.
const bcrypt = createRequire(path.join(APP_DIR, 'package.json'))('bcryptjs') as { hashSync(password: string, rounds: number): string };

export const SOURCE = '001_94afe4549f0b720e.txt';

/** The postmortem's log line, character for character (its first line; the error message goes on with "\nparams: …"). */
export const DOCUMENTED_LOG_LINE =
  'Database connection error in session callback: "Failed query: select "id", "name", "email", "password", "role", "created_at", "updated_at" from "users" "users" where "users"."id" = $1 limit $2';

/** The statement of that line, as the Neon endpoint receives it. */
export const DOCUMENTED_QUERY = DOCUMENTED_LOG_LINE.slice(DOCUMENTED_LOG_LINE.indexOf('select'));

/** Where the middleware sends a signed-in user whose session has no role `admin` (a GET /admin verdict, see probes.ts). */
export const FORBIDDEN = '307 → /forbidden';

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

export interface World {
  url: string;
  neon: NeonHttpProxy;
  env: Record<string, string>;
  adaId: string;
  /** Ada's session-token cookie from her sign-in (a valid Auth.js JWT). */
  adaToken: string;
  /** The app on the runner's host; `deploy` picks the session callback. */
  app: EdgeApp;
  /** Ada's browser on the app; it keeps her cookies across deploys. */
  browser: Browser;
  /** What the Edge middleware's own query did for one GET /admin with the endpoint up. */
  edgeQueryWhileUp: { neonOutcomes: string[]; role: string | undefined };
  /** The token-only callback with the endpoint down: where GET /admin ended, how many "Database connection error" lines. */
  tokenOnlyEndpointDown: { admin: string; errorLines: number };
}

/**
 * The users table (a template database, cloned), the Neon endpoint in front of it, and the app
 * on `env.host`, nothing deployed yet; stopped when the incident ends.
 */
export async function setup(env: IncidentEnv): Promise<World> {
  const tpl = await env.databases.createTemplate('authjs_edge', buildUsersDatabase);
  const db = await tpl.clone('authjs_edge');
  const neon = await startNeon(db.name);
  env.onTeardown(() => neon.stop());
  const vars = appEnv(db.url, neon.fetchEndpoint);
  const app = await startApp(env, vars);
  const edgeQueryWhileUp = { neonOutcomes: [], role: undefined };
  const tokenOnlyEndpointDown = { admin: '', errorLines: 0 };
  return { url: db.url, neon, env: vars, adaId: '', adaToken: '', app, browser: app.browser(), edgeQueryWhileUp, tokenOnlyEndpointDown };
}
