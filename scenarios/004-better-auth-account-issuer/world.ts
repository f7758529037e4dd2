/**
 * What the steps of incident 004 share: the three app versions, production (one database the
 * deploys follow each other on), the people who sign up, and small helpers that record what they
 * observe.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { IncidentEnv, StepContext } from '@incident-replay/incident';
import type { TestDatabase } from '@incident-replay/pg-harness';
import { migrateDatabase, type SchemaRevision } from '@incident-replay/better-auth-drizzle-app';
import * as v1628 from '@incident-replay/app-better-auth-drizzle-1.6.28';
import * as v170 from '@incident-replay/app-better-auth-drizzle-1.7.0';
import * as v173 from '@incident-replay/app-better-auth-drizzle-1.7.3';
import * as prisma173 from '@incident-replay/app-better-auth-prisma-1.7.3';
import { attempt, startBetterAuthApp, type Answer, type HostedApp, type RunningApp } from '../shared/better-auth-host.js';
import { recordDriftCheck } from '../shared/drift-evidence.js';

/** The report of the incident: paperclip's bump 1.6.28 → 1.7.0, every email sign-in 401. */
export const PAPERCLIP = 'https://github.com/paperclipai/paperclip/issues/12334';
/** auto-author: the one log line, "User not found". */
export const AUTO_AUTHOR = 'https://github.com/frankbria/auto-author/issues/556';
/** b2b-saas-starter: sign-up with the old Drizzle schema. */
export const B2B_SAAS = 'https://github.com/brandhaug/b2b-saas-starter/pull/150';
/** Better Auth: 1.7.3 and a NOT NULL issuer (Prisma). */
export const BA_11274 = 'https://github.com/better-auth/better-auth/issues/11274';
/** nibrun: sign-ups failing after 1.7.3. */
export const NIBRUN = 'https://github.com/ilbertt/nibrun/pull/536';
/** Better Auth: the maintainers' note on 1.7's migration. */
export const BA_11196 = 'https://github.com/better-auth/better-auth/pull/11196';

/** One Better Auth version's app: what the host starts, its folder name, and its own account fields. */
export interface AppVersion extends HostedApp {
  /** The folder under apps/ (what the drift check takes). */
  app: string;
  /** `getAuthTables(options).account.fields` of this version: field → required. */
  accountFields(): Record<string, boolean>;
}

const version = (app: string, m: typeof v1628): AppVersion => ({
  version: m.BETTER_AUTH_VERSION,
  app,
  appDir: fileURLToPath(new URL(`../../apps/${app}`, import.meta.url)),
  createApp: m.createApp,
  accountFields: m.accountFields,
});

export const V1_6_28 = version('better-auth-drizzle-1.6.28', v1628);
export const V1_7_0 = version('better-auth-drizzle-1.7.0', v170);
export const V1_7_3 = version('better-auth-drizzle-1.7.3', v173);

/** #11274's shape: Better Auth 1.7.3 over the Prisma adapter, its Prisma schema in 1.7.0's account shape (issuer required), mapped onto production's tables. */
export const PRISMA_1_7_3: HostedApp & { app: string; accountIssuerInDataModel: typeof prisma173.accountIssuerInDataModel } = {
  version: `${prisma173.BETTER_AUTH_VERSION} (Prisma)`,
  app: 'better-auth-prisma-1.7.3',
  appDir: fileURLToPath(new URL('../../apps/better-auth-prisma-1.7.3', import.meta.url)),
  createApp: prisma173.createApp,
  accountIssuerInDataModel: prisma173.accountIssuerInDataModel,
};

/** The people who sign up: Alice and Bob on 1.6.28, Carol on 1.7.0 before its migration, Erin after it, Dave on 1.7.3, Grace on 1.7.3 with Prisma, Frank after the fix. */
const person = (name: string) => ({ name, email: `${name.toLowerCase()}@example.com`, password: `${name.toLowerCase()}-correct-horse-battery` });
export const ALICE = person('Alice');
export const BOB = person('Bob');
export const CAROL = person('Carol');
export const DAVE = person('Dave');
export const ERIN = person('Erin');
export const FRANK = person('Frank');
export const GRACE = person('Grace');
export type Person = ReturnType<typeof person>;

/** The world: production, its secret, and the instances the current step runs. */
export interface World {
  /** Production: migration 0000_init, then each deploy's own migrations. */
  prod: TestDatabase;
  secret: string;
  /**
   * Starts `v`'s app on production with the Drizzle schema `revision` (none for the Prisma app)
   * and any extra variables, e.g. `VALIDATE_SCHEMA`; the instances earlier steps started are
   * stopped first.
   */
  start(t: StepContext, v: HostedApp, revision: SchemaRevision | undefined, extra?: Record<string, string>): Promise<RunningApp>;
  /** Stops every running instance (their pools hold connections to production). */
  stopAll(): Promise<void>;
}

/** Builds the world: production with the app's first migration, as deployed on 1.6.28. */
export async function createWorld(env: IncidentEnv): Promise<World> {
  const prod = await env.databases.create('ba_drizzle_prod');
  await migrateDatabase(prod.url, '0000_init');
  const running: { app: RunningApp; t: StepContext }[] = [];
  const world: World = {
    prod,
    secret: randomBytes(32).toString('base64url'),
    async start(t, v, revision, extra = {}) {
      for (const r of running.filter((r) => r.t !== t)) await r.app.stop();
      running.splice(0, running.length, ...running.filter((r) => r.t === t));
      const env = { DATABASE_URL: prod.url, BETTER_AUTH_SECRET: world.secret, ...(revision ? { SCHEMA_REVISION: revision } : {}), ...extra };
      const app = await startBetterAuthApp(t, v, env);
      running.push({ app, t });
      return app;
    },
    async stopAll() {
      for (const r of running.splice(0)) await r.app.stop();
    },
  };
  return world;
}

/** POST /api/auth/sign-up/email for `p`, from a fresh browser. */
export const signUp = (t: StepContext, app: RunningApp, p: Person, label = `sign-up ${p.name}`): Promise<Answer> =>
  attempt(t, app, app.browser(), label, '/api/auth/sign-up/email', { name: p.name, email: p.email, password: p.password });

/** POST /api/auth/sign-in/email for `p` (with `password`, default theirs), from a fresh browser. */
export const signIn = (t: StepContext, app: RunningApp, p: Person, password = p.password, label = `sign-in ${p.name}`): Promise<Answer> =>
  attempt(t, app, app.browser(), label, '/api/auth/sign-in/email', { email: p.email, password });

/** The error code of a Better Auth JSON answer (`INVALID_EMAIL_OR_PASSWORD`), or the status alone. */
export function answered(a: Answer): string {
  if (a.err) return `rejected: ${a.err.errorClass}`;
  const code = (a.res?.json as { code?: string } | undefined)?.code;
  return `${a.res?.status}${code ? ` ${code}` : ''}`;
}

/** Users and accounts, counted; each account's user email and issuer (null: no value; absent column: `—`). */
export async function accounts(t: StepContext, url: string): Promise<{ users: number; accounts: Record<string, string | null> }> {
  const rows = await t.sql<{ email: string; account: boolean; issuer: string | null }>(
    'users and their account issuer',
    url,
    `SELECT u.email, a.id IS NOT NULL AS account, CASE WHEN to_jsonb(a) ? 'issuer' THEN to_jsonb(a)->>'issuer' ELSE '—' END AS issuer
       FROM "user" u LEFT JOIN account a ON a.user_id = u.id ORDER BY u.email`,
  );
  return { users: rows.length, accounts: Object.fromEntries(rows.filter((r) => r.account).map((r) => [r.email, r.issuer])) };
}

/**
 * Runs the read-only drift check for `v`'s app (its drift.config.ts: Better Auth's own tables for
 * that version, through its adapter, and the Drizzle or Prisma schema it runs with) on
 * production; returns its schema findings as `<kind> <table>.<column>`.
 */
export async function driftOf(t: StepContext, v: { app: string }, url: string): Promise<{ exitCode: number; findings: string[] }> {
  const { report, schema } = await recordDriftCheck(t, `drift check: ${v.app}`, { app: v.app, databaseUrl: url });
  return { exitCode: report.exitCode, findings: schema.map((f) => `${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}`) };
}
