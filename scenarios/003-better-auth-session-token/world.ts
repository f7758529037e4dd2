/**
 * What the steps of incident 003 share: one World per Better Auth version
 * (production database, secret, what earlier steps left behind), the people
 * who sign in, and small helpers that record what they observe.
 */
import { randomBytes } from 'node:crypto';
import type { TestDatabase } from '@incident-replay/pg-harness';
import type { IncidentEnv, StepContext } from '@incident-replay/incident';
import type { Answer } from '../shared/better-auth-host.js';
import { migrateDeployUpTo } from '@incident-replay/prisma-offline';
import type { DriftReport } from '@incident-replay/drift';
import { recordDriftCheck } from '../shared/drift-evidence.js';
import { parseSigned } from './signed-cookie.js';
import { startApp, type AppOptions, type RunningApp } from './app-host.js';
import { VERSIONS, type BetterAuthVersion } from './versions.js';

/** The postmortem this incident replays, by file name. */
export const SOURCE = '003_7bbeb936609481b9.txt';
/** The app's own fallback when BETTER_AUTH_SECRET is unset (the postmortem's string). */
export const APP_FALLBACK_SECRET = 'fallback-secret-key';
export const ALICE = { name: 'Alice', email: 'alice@example.com', password: 'correct horse battery staple' };
export const BOB = { name: 'Bob', email: 'bob@example.com', password: 'tr0ub4dor&3-but-longer' };

/** One version's world: its production database and what earlier steps left behind. */
export interface World {
  v: BetterAuthVersion;
  /** Production: the app's first migration applied with `prisma migrate deploy`. */
  prod: TestDatabase;
  /** BETTER_AUTH_SECRET of production (random per run). */
  secret: string;
  /**
   * Starts an instance of the app on the step's host (default: production, the
   * pre-fix guard, the schema's Prisma client, the production secret). Instances
   * that earlier steps started are stopped first: one step, one set of servers.
   */
  start(t: StepContext, options?: Partial<AppOptions>): Promise<RunningApp>;
  /** Stops every running instance (their pools hold connections to production). */
  stopAll(): Promise<void>;
  /** Step 1's sign-in: its answers, and Alice's cookie decoded with the session row it belongs to. */
  deployed?: { signUp: number; signIn: number; getSession: number; user?: string; session: Record<string, unknown> };
  preFix?: { token: string; signature: string; sessionId: string };
  /** The copy of production the documented fix was applied to, and its session columns before. */
  copy?: { db: TestDatabase; columnsBefore: Record<string, string | null> };
  /** After the documented fix's restart: the new sign-in, get-session with Alice's earlier cookie, and the cookie the sign-in left (decoded, if any). */
  afterRestart?: { signIn: Answer; getSession: Answer; newCookie?: string };
}

/** Alice's session cookie from before any fix, decoded: `token.signature`. */
export const preFixCookie = (world: World) => `${world.preFix!.token}.${world.preFix!.signature}`;

/** The matrix: one World per version, keyed by version. */
export type Ctx = Record<string, World>;

/** The prefix of a version's step names, e.g. `[better-auth 1.4.0]`. */
export const tag = (v: BetterAuthVersion) => `[better-auth ${v.version}]`;
/** A claim's variant: the column of the README's version matrix. */
export const variant = (v: BetterAuthVersion) => `Better Auth ${v.version}`;

/** A database name part for a version, e.g. `ba140`. */
export const dbName = (v: BetterAuthVersion) => `ba${v.version.replace(/\./g, '')}`;

/**
 * Builds the worlds: per version, a template database migrated with the app's
 * first migration (`prisma migrate deploy`, production as deployed), cloned as production.
 *
 * @throws Error with the CLI output when the deploy fails
 */
export async function createWorlds(env: IncidentEnv): Promise<Ctx> {
  const ctx: Ctx = {};
  for (const v of VERSIONS) {
    const template = await env.databases.createTemplate(dbName(v), async (url) => {
      const res = await migrateDeployUpTo(v.appDir, url, v.initMigration);
      if (res.exitCode !== 0) throw new Error(`prisma migrate deploy (up to ${v.initMigration}) failed for ${v.appDir}:\n${res.output}`);
    });
    ctx[v.version] = newWorld(v, await template.clone(`${dbName(v)}_prod`));
  }
  return ctx;
}

function newWorld(v: BetterAuthVersion, prod: TestDatabase): World {
  const running: { app: RunningApp; t: StepContext }[] = [];
  const world: World = {
    v,
    prod,
    secret: randomBytes(32).toString('base64url'),
    async start(t, options = {}) {
      for (const r of running.filter((r) => r.t !== t)) await r.app.stop();
      running.splice(0, running.length, ...running.filter((r) => r.t === t));
      const app = await startApp(t, v, { db: prod, secret: world.secret, guard: 'session-id', prismaClient: 'schema', ...options });
      running.push({ app, t });
      return app;
    },
    async stopAll() {
      for (const r of running.splice(0)) await r.app.stop();
    },
  };
  return world;
}

export { attempt, outcome, send, type Answer } from '../shared/better-auth-host.js';

/** Rows of a Better Auth table. */
export async function count(t: StepContext, url: string, table: 'user' | 'account' | 'session'): Promise<number> {
  const [row] = await t.sql<{ n: number }>(`${table} rows`, url, `SELECT count(*)::int AS n FROM "${table}"`);
  return row!.n;
}

/** Session rows whose id is the token of a (new) session cookie; 0 when there is no cookie. */
export async function sessionsWithIdOf(t: StepContext, url: string, cookie: string | undefined): Promise<number> {
  if (cookie === undefined) return 0;
  return (await t.sql('session where id = <new cookie token>', url, `SELECT id FROM "session" WHERE id = $1`, [parseSigned(cookie).token])).length;
}

/** Users, accounts and sessions, counted. */
export async function rowCounts(t: StepContext, url: string): Promise<{ users: number; accounts: number; sessions: number }> {
  return { users: await count(t, url, 'user'), accounts: await count(t, url, 'account'), sessions: await count(t, url, 'session') };
}

/** The session table's columns, in order, with their database defaults. */
export async function sessionColumns(t: StepContext, url: string): Promise<Record<string, string | null>> {
  const rows = await t.sql<{ column_name: string; column_default: string | null }>(
    'session columns and their database defaults',
    url,
    `SELECT column_name, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'session' ORDER BY ordinal_position`,
  );
  return Object.fromEntries(rows.map((r) => [r.column_name, r.column_default]));
}

/**
 * Runs the read-only drift check (packages/drift) for the version's app on a database and
 * records it (scenarios/shared/drift-evidence.ts); returns the report with its schema findings
 * as `<kind> <table>.<column> (<file the expectation comes from>)` and its ledger findings as
 * `<kind> <migration>`.
 */
export async function drift(
  t: StepContext,
  v: BetterAuthVersion,
  db: TestDatabase,
  label: string,
): Promise<{ report: DriftReport; schema: string[]; ledger: string[] }> {
  const { report, schema, ledger } = await recordDriftCheck(t, `drift check: ${label}`, { app: v.app, databaseUrl: db.url });
  return {
    report,
    schema: schema.map((f) => `${f.kind} ${f.table}${f.column ? `.${f.column}` : ''} (${f.source.file})`),
    ledger: ledger.map((f) => `${f.kind} ${f.migration ?? f.table}`),
  };
}
