/**
 * The world of incident 001: the users table on a harness database, the Neon
 * HTTP test double in front of it, and the app loaded in-process (Edge code
 * in an EdgeVM, Node code here) with a chosen session callback.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { Browser } from '@incident-replay/incident';
import { startNeonHttpProxy, type NeonHttpProxy } from '@incident-replay/neon-http-proxy';
import { APP_DIR, loadInProcessApp, type EdgeDbClient, type InProcessApp } from './in-process-app';

// The app's own bcrypt library, so the hash is exactly what its sign-in compares against.
const bcrypt = createRequire(path.join(APP_DIR, 'package.json'))('bcryptjs') as { hashSync(password: string, rounds: number): string };

/** Where the in-process app pretends to listen (cookies are scoped to it). */
export const APP_URL = 'http://localhost:3000';

/** The seeded admin. */
export const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery staple' };

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
 * Loads the app with `SESSION_CALLBACK=sessionCallback` (a fresh Edge
 * sandbox each time, like a new deployment) and returns it with a browser.
 */
export async function deploy(env: Record<string, string>, sessionCallback: SessionCallbackName, edgeDbClient: EdgeDbClient = 'neon-http'): Promise<{ app: InProcessApp; browser: Browser }> {
  const app = await loadInProcessApp({ env: { ...env, SESSION_CALLBACK: sessionCallback }, edgeDbClient });
  return { app, browser: new Browser(APP_URL, (input, init) => app.fetch(input, init)) };
}

/**
 * Signs in through Auth.js' credentials flow (GET /api/auth/csrf, then POST
 * /api/auth/callback/credentials) and returns the callback's response.
 */
export async function signIn(browser: Browser, email: string, password: string): Promise<Response> {
  const csrf = (await (await browser.request('/api/auth/csrf')).json()) as { csrfToken: string };
  return browser.request('/api/auth/callback/credentials', { method: 'POST', form: { csrfToken: csrf.csrfToken, email, password, callbackUrl: `${APP_URL}/admin` } });
}

/** The session-token cookie Auth.js v5 uses over http. */
export const SESSION_COOKIE = 'authjs.session-token';

/** True when a Set-Cookie header deletes the session cookie (empty value, expired). */
export function clearsSessionCookie(setCookies: string[]): boolean {
  return setCookies.some((c) => c.startsWith(`${SESSION_COOKIE}=;`) && /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c));
}
