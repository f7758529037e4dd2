/**
 * The world of incident 000: the incident's database, Alice, a session JWT
 * her browser held from before the deploy, and apps/nextauth-drizzle on the
 * runner's host (see app.ts); the requests and drift checks the steps repeat.
 */
import { SESSION_COOKIE, startApp, type SessionVersionCode } from './app';
import { signInWithCredentials, type AppUnderTest, type Browser, type IncidentEnv, type ObservedResponse, type StepContext } from '@incident-replay/incident';
import { recordDriftCheck, type DriftEvidence } from '../shared/drift-evidence';

export { SESSION_COOKIE };

export const SOURCE = '000_b34f50e6b2a4b170.txt';
/** NEXTAUTH_SECRET of the app (the earlier JWT is minted with it). */
export const SECRET = 'replay-secret-000-not-for-production-000';
export const ALICE = { email: 'alice@example.com', password: 'correct horse battery staple' };

/** The postmortem's own verification query. */
export const VERIFY_COLUMN = `SELECT column_name, data_type, column_default
FROM information_schema.columns
WHERE table_name = 'users' AND column_name = 'session_version'`;

/** The fixed code's warning when the column is missing (one per JWT callback run). */
export const WARNING_LINE = /column users\.session_version does not exist \(SQLSTATE 42703\)/;

export interface World {
  url: string;
  aliceId: string;
  /** A session JWT Alice's browser held from before the deploy. */
  earlierJwt: string;
  /** The app on the runner's host; `deploy` picks the build of the auth code. */
  app: AppUnderTest<SessionVersionCode>;
}

/** Makes the incident's (empty) database and starts the app on it, pre-fix code deployed. */
export async function setup(env: IncidentEnv): Promise<World> {
  const db = await env.databases.create('session_version');
  const app = await startApp(env, { DATABASE_URL: db.url, NEXTAUTH_SECRET: SECRET });
  return { url: db.url, aliceId: '', earlierJwt: '', app };
}

/** Runs the read-only drift check on the incident's database and records it (packages/drift). */
export function drift(t: StepContext, w: World): Promise<DriftEvidence> {
  return recordDriftCheck(t, 'drift check', { app: 'nextauth-drizzle', databaseUrl: w.url });
}

/** GET /api/auth/session, recorded. */
export async function sessionWith(t: StepContext, browser: Browser, label: string): Promise<ObservedResponse> {
  return t.http(label, await browser.request('/api/auth/session'), { method: 'GET', url: '/api/auth/session' });
}

/** The email of the session's user, or undefined. */
export function sessionEmail(session: ObservedResponse): string | undefined {
  return (session.json as { user?: { email?: string } } | undefined)?.user?.email;
}

/** Alice signs in with NextAuth's credentials flow; records and returns the callback's response. */
export async function signIn(t: StepContext, browser: Browser, label = 'sign-in'): Promise<ObservedResponse> {
  const res = await signInWithCredentials(browser, { email: ALICE.email, password: ALICE.password }, { callbackPath: '/dashboard' });
  return t.http(label, res, { method: 'POST', url: '/api/auth/callback/credentials' });
}

/** POST /api/auth/forgot-password for Alice, recorded. */
export async function forgotPassword(t: StepContext, browser: Browser): Promise<ObservedResponse> {
  const res = await browser.request('/api/auth/forgot-password', { method: 'POST', json: { email: ALICE.email } });
  return t.http('forgot-password', res, { method: 'POST', url: '/api/auth/forgot-password' });
}
