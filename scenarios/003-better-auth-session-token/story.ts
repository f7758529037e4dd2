/**
 * The story of incident 003, written once and run for every Better Auth
 * version of the matrix (versions.ts): broken state → symptom → documented
 * fix → right fix → the security facts. Each version's facts decide what a
 * step expects; the steps themselves are the same.
 */
import type { Databases, TestDatabase } from '@incident-replay/pg-harness';
import { Browser, step, type ObservedResponse, type Step, type StepContext } from '@incident-replay/incident';
import type { BetterAuthApp, GuardKind } from '@incident-replay/better-auth-app';
import { checkDrift, type DriftReport } from '@incident-replay/drift';
import { probeDefaultSecret } from './default-secret.js';
import { migrateDeploy } from './migrations.js';
import { SESSION_COOKIE, parseSigned, sign, signedValue, verifies } from './signed-cookie.js';
import type { BetterAuthVersion } from './versions.js';

/** The postmortem this incident replays, by file name. */
export const SOURCE = '003_7bbeb936609481b9.txt';
/** Where the in-process app "listens" (Better Auth's baseURL and the browser's origin). */
export const BASE_URL = 'http://localhost:3000';
/** The app's own fallback when BETTER_AUTH_SECRET is unset (the postmortem's string). */
export const APP_FALLBACK_SECRET = 'fallback-secret-key';
const FIX_MIGRATION = '20251123_fix_session_token_structure';
const ALICE = { name: 'Alice', email: 'alice@example.com', password: 'correct horse battery staple' };
const BOB = { name: 'Bob', email: 'bob@example.com', password: 'tr0ub4dor&3-but-longer' };

/** One version's world: its production database and what earlier steps left behind. */
export interface World {
  v: BetterAuthVersion;
  databases: Databases;
  /** Production: the app's first migration applied with `prisma migrate deploy`. */
  prod: TestDatabase;
  /** BETTER_AUTH_SECRET of production (random per run). */
  secret: string;
  /**
   * Starts an in-process instance of the app; it is closed by {@link stopAll}
   * or when the incident ends. `secret: null` leaves BETTER_AUTH_SECRET unset.
   */
  start(options?: { db?: TestDatabase; guard?: GuardKind; prismaClient?: 'schema' | 'documented-fix'; secret?: string | null }): BetterAuthApp;
  /** Closes every running instance (their pools hold connections). */
  stopAll(): Promise<void>;
  /** Alice's cookie from before any fix, decoded, and the session row it belongs to. */
  preFix?: { token: string; signature: string; sessionId: string };
  /** The copy of production the documented fix was applied to. */
  copy?: TestDatabase;
  /** Schema findings of the drift check (Better Auth's own tables and schema.prisma) on that copy after the documented migration. */
  documentedFixSchema?: string[];
}

/** The matrix: one World per version, keyed by version. */
export type Ctx = Record<string, World>;

/** A browser (cookie jar) talking to an in-process app. */
function browserFor(app: BetterAuthApp): Browser {
  return new Browser(BASE_URL, (url, init) => app.fetch(new Request(url, init)));
}

async function post(t: StepContext, b: Browser, label: string, path: string, json: unknown): Promise<ObservedResponse> {
  // A browser sends Origin on a cross-site-capable POST; Better Auth's CSRF check reads it.
  return t.http(label, await b.request(path, { method: 'POST', json, headers: { origin: BASE_URL } }), { method: 'POST', url: path });
}

async function get(t: StepContext, b: Browser, label: string, path: string): Promise<ObservedResponse> {
  return t.http(label, await b.request(path), { method: 'GET', url: path });
}

/** Runs a request that Better Auth may reject (throw) instead of answering; records either outcome. */
async function attempt(t: StepContext, label: string, run: () => Promise<ObservedResponse>): Promise<{ res?: ObservedResponse; err?: ReturnType<StepContext['error']> & { raw: unknown } }> {
  try {
    return { res: await run() };
  } catch (raw) {
    return { err: { ...t.error(label, raw), raw } };
  }
}

async function count(t: StepContext, url: string, table: 'user' | 'account' | 'session'): Promise<number> {
  const [row] = await t.sql<{ n: number }>(`${table} rows`, url, `SELECT count(*)::int AS n FROM "${table}"`);
  return row!.n;
}

async function sessionColumns(t: StepContext, url: string): Promise<Record<string, string | null>> {
  const rows = await t.sql<{ column_name: string; column_default: string | null }>(
    'session columns and their database defaults',
    url,
    `SELECT column_name, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'session' ORDER BY ordinal_position`,
  );
  return Object.fromEntries(rows.map((r) => [r.column_name, r.column_default]));
}

/**
 * Runs the read-only drift check (packages/drift) for the version's app on a
 * database and records it; returns the report split into schema findings and
 * migration-ledger findings.
 */
async function drift(t: StepContext, v: BetterAuthVersion, db: TestDatabase, label: string): Promise<{ report: DriftReport; schema: string[]; ledger: string[] }> {
  const report = await checkDrift({ app: v.app, databaseUrl: db.url });
  const line = (f: DriftReport['findings'][number]) => `${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}${f.migration ? ` ${f.migration}` : ''} (${f.source.file})`;
  const isLedger = (k: string) => k.startsWith('ledger') || k.startsWith('migration');
  const schema = report.findings.filter((f) => !isLedger(f.kind)).map(line);
  const ledger = report.findings.filter((f) => isLedger(f.kind)).map((f) => `${f.kind} ${f.migration ?? f.table}`);
  t.value(`drift check, ${label}`, { exitCode: report.exitCode, error: report.error, schema, ledger, sources: report.sources, durationMs: Math.round(report.durationMs) });
  t.checkThat(`drift check ran (${label})`, report.exitCode !== 2, report.error ?? report.exitCode);
  return { report, schema, ledger };
}

/** The story's steps for one version; step names carry the version. */
export function sessionTokenStory(v: BetterAuthVersion): Step<Ctx>[] {
  const tag = `[better-auth ${v.version}]`;
  /** The claims' variant: the column of the README's version matrix. */
  const variant = `Better Auth ${v.version}`;
  const w = (ctx: Ctx) => ctx[v.version]!;
  const onePointX = v.lookupColumn === 'token';

  return [
    step('broken-state', `${tag} the app as deployed: sign-up, sign-in and get-session answer 200`, async (t, ctx) => {
      const world = w(ctx);
      const app = world.start({ guard: 'session-id' });
      const b = browserFor(app);
      const signUp = await post(t, b, 'sign-up', '/api/auth/sign-up/email', ALICE);
      t.check('sign-up status', signUp.status, 200);
      await b.clear();
      const signIn = await post(t, b, 'sign-in', '/api/auth/sign-in/email', { email: ALICE.email, password: ALICE.password });
      t.check('sign-in status', signIn.status, 200);
      const raw = await b.cookie(SESSION_COOKIE);
      t.checkThat(`sign-in sets ${SESSION_COOKIE}`, raw !== undefined, raw ? `${raw.slice(0, 8)}…` : 'no cookie');
      const { token, signature } = parseSigned(raw!);
      t.value('cookie token (first part)', token);
      t.value('cookie signature (second part)', signature);
      t.checkMatch('signature is padded base64 of 32 bytes (44 characters)', signature, /^[A-Za-z0-9+/]{43}=$/);
      const hmacHolds = verifies(token, signature, world.secret);
      t.check('signature = base64(HMAC-SHA256(BETTER_AUTH_SECRET, token)), recomputed with node:crypto', hmacHolds, true);

      const session = await get(t, b, 'get-session', '/api/auth/get-session');
      t.check('get-session status', session.status, 200);
      const body = session.json as { session: { id: string; token?: string }; user: { email: string } } | null;
      t.check('get-session returns the signed-in user', body?.user.email, ALICE.email);
      const sessionId = body!.session.id;

      const byToken = onePointX ? await t.sql('session where token = <cookie token>', world.prod.url, `SELECT id, token FROM "session" WHERE token = $1`, [token]) : [];
      const byId = await t.sql('session where id = <cookie token>', world.prod.url, `SELECT id FROM "session" WHERE id = $1`, [token]);
      if (onePointX) {
        t.check('rows where token = cookie token', byToken.length, 1);
        t.check('rows where id = cookie token', byId.length, 0);
        t.check('get-session: session.token equals the cookie token', body!.session.token, token);
        t.checkThat('get-session: session.id is not the cookie token', sessionId !== token, { id: sessionId, token });
      } else {
        t.check('rows where id = cookie token', byId.length, 1);
        t.check('get-session: session.id equals the cookie token', sessionId, token);
        const cols = await sessionColumns(t, world.prod.url);
        t.checkThat('the session table has no token column', !('token' in cols), Object.keys(cols));
      }
      world.preFix = { token, signature, sessionId };

      // A pre-deploy drift check on production as it stood: Better Auth's own tables vs the database.
      const check = await drift(t, v, world.prod, 'production before the fix');
      t.check('drift: no schema finding (the schema is what Better Auth and Prisma expect)', check.schema, []);
      t.check(
        'drift: the ledger lacks only the fix migration, which was not written yet at this point',
        check.ledger,
        v.documentedFix === 'already-in-place' ? [] : [`migration-not-applied ${FIX_MIGRATION}`],
      );

      t.claim({
        id: '003.cookie-hmac-signed',
        source: SOURCE,
        variant,
        claim: 'The session cookie is "{token}.{signature}", the signature an HMAC made with BETTER_AUTH_SECRET',
        observed: { token: token.slice(0, 6), signature: signature.slice(0, 6), signatureLength: signature.length, hmacRecomputedEqual: hmacHolds },
        holds: (o) => o.hmacRecomputedEqual,
        evidence: (o) => `cookie ${o.token}….${o.signature}…: base64 HMAC-SHA256(secret, token) recomputed ${o.hmacRecomputedEqual ? 'and equal' : 'and different'} (${o.signatureLength} chars)`,
        expectedToHold: true,
      });
      t.claim({
        id: '003.lookup-by-session-id',
        source: SOURCE,
        variant,
        claim: 'Better Auth looks the session up with the cookie token as Session.id',
        observed: { getSession: session.status, rowsWhereTokenIsCookieToken: onePointX ? byToken.length : 'no token column', rowsWhereIdIsCookieToken: byId.length, sessionIdIsCookieToken: sessionId === token },
        holds: (o) => o.rowsWhereIdIsCookieToken === 1 && o.sessionIdIsCookieToken,
        evidence: (o) =>
          `get-session ${o.getSession}; rows where id = cookie token: ${o.rowsWhereIdIsCookieToken}; rows where token = cookie token: ${o.rowsWhereTokenIsCookieToken}; the session id ${o.sessionIdIsCookieToken ? 'is' : 'is not'} the cookie token`,
        expectedToHold: v.lookupColumn === 'id',
      });
      if (onePointX) {
        t.claim({
          id: '003.uuid-plus-token-wrong-schema',
          source: SOURCE,
          variant,
          claim: 'A Session model with id @default(uuid()) plus token @unique is the wrong schema for Better Auth',
          observed: { signUp: signUp.status, signIn: signIn.status, getSession: session.status, user: body?.user.email },
          holds: (o) => o.signUp !== 200 || o.signIn !== 200 || o.getSession !== 200 || o.user !== ALICE.email,
          evidence: (o) => `on exactly that schema Better Auth ${v.version} answers sign-up ${o.signUp}, sign-in ${o.signIn} and get-session ${o.getSession} with ${o.user ?? 'no user'}`,
          expectedToHold: false,
        });
      }
    }),

    step('symptom', `${tag} the app's own guard looks the session up by id = cookie token`, async (t, ctx) => {
      const world = w(ctx);
      const app = world.start({ guard: 'session-id' });
      const b = browserFor(app);
      await b.setCookie(SESSION_COOKIE, encodeURIComponent(`${world.preFix!.token}.${world.preFix!.signature}`));
      const profile = await get(t, b, 'protected route, pre-fix guard', '/api/profile');
      const session = await get(t, b, 'get-session, same cookie', '/api/auth/get-session');
      t.check('get-session with the same cookie', [session.status, (session.json as { user?: { email: string } } | null)?.user?.email], [200, ALICE.email]);
      if (onePointX) {
        t.check('protected route status', profile.status, 401);
        const lines = t.checkLogged('the postmortem\'s log line', 'Session: Not found');
        t.checkThat('"Session: Not found" comes from the app\'s guard, not from Better Auth', lines.every((l) => l.text.includes('[SessionGuard]')), lines.map((l) => l.text));
        t.claim({
          id: '003.better-auth-could-not-find-session',
          source: SOURCE,
          variant,
          claim: 'Better Auth searched for Session.id = cookie token and could not find it (the bug)',
          observed: { getSession: session.status, user: (session.json as { user?: { email: string } } | null)?.user?.email, protectedRoute: profile.status, notFoundLines: lines.map((l) => l.text) },
          holds: (o) => o.getSession !== 200 || o.user === undefined,
          evidence: (o) =>
            `with the same cookie get-session answers ${o.getSession} for ${o.user ?? 'no user'}; the protected route's ${o.protectedRoute} and ${o.notFoundLines.length} "Session: Not found" line(s) came from ${o.notFoundLines.every((l) => l.includes('[SessionGuard]')) ? "the app's own guard querying Session.id" : 'somewhere other than the guard'}`,
          expectedToHold: false,
        });
      } else {
        t.check('protected route status', profile.status, 200);
        t.checkLogged('the guard finds the session', 'Session: Found');
        t.note(`On Better Auth ${v.version} the session id is the token, so the pre-fix guard works: the postmortem's symptom cannot happen here.`);
      }
    }),

    step('fix', `${tag} documented fix, step 1: prisma migrate deploy on a copy of production`, async (t, ctx) => {
      const world = w(ctx);
      // CREATE DATABASE … TEMPLATE needs production without connections.
      await world.stopAll();
      const copy = await world.databases.create(`ba${v.version.replace(/\./g, '')}_documented_fix`, world.prod.name);
      world.copy = copy;
      const before = { users: await count(t, copy.url, 'user'), accounts: await count(t, copy.url, 'account'), sessions: await count(t, copy.url, 'session') };
      const colsBefore = await sessionColumns(t, copy.url);
      t.checkThat('sessions exist before the fix', before.sessions > 0, before);

      const deploy = await migrateDeploy(v.appDir, copy.url);
      t.command('prisma migrate deploy', deploy);
      t.check('migrate deploy exit code', deploy.exitCode, 0);
      const colsAfter = await sessionColumns(t, copy.url);
      const after = { users: await count(t, copy.url, 'user'), accounts: await count(t, copy.url, 'account'), sessions: await count(t, copy.url, 'session') };

      if (v.documentedFix === 'already-in-place') {
        t.checkMatch('nothing to apply: the schema already is the postmortem\'s target', deploy.output, /No pending migrations/);
        t.check('rows untouched', after, before);
        t.check('session.id has no database default', colsAfter.id, null);
        t.note(`Better Auth ${v.version}'s own session table has no token column; the app ships no ${FIX_MIGRATION}.`);
        t.check('drift check: clean', (await drift(t, v, copy, 'after migrate deploy')).report.exitCode, 0);
        return;
      }
      t.checkMatch('the fix migration was applied', deploy.output, FIX_MIGRATION);
      t.check('users untouched', after.users, before.users);
      t.check('accounts untouched', after.accounts, before.accounts);
      t.check('every session deleted', after.sessions, 0);
      t.check('token column gone', 'token' in colsAfter, false);
      const check = await drift(t, v, copy, 'after the documented migration');
      world.documentedFixSchema = check.schema;
      t.check('drift: Better Auth\'s session.token is missing, and with it the unique index schema.prisma declares on it', check.schema, [`missing-column session.token (apps/${v.app}/src/auth.ts)`, `missing-unique session.token (apps/${v.app}/prisma/schema.prisma)`]);
      t.check('drift: exit code 1 (a pre-deploy check would have stopped this migration)', check.report.exitCode, 1);
      t.note('A drift check run on a copy before deploying would have stopped the documented fix: Better Auth\'s own schema (getAuthTables) still expects session.token.');
      t.claim({
        id: '003.migration-truncates-sessions',
        source: SOURCE,
        variant,
        claim: 'The migration truncates every session, so all users must sign in again',
        observed: { before, after },
        holds: (o) => o.before.sessions > 0 && o.after.sessions === 0 && o.after.users === o.before.users,
        evidence: (o) => `sessions ${o.before.sessions} → ${o.after.sessions}; users ${o.before.users} → ${o.after.users}; accounts ${o.before.accounts} → ${o.after.accounts}`,
        expectedToHold: true,
      });
      t.claim({
        id: '003.migration-drops-token',
        source: SOURCE,
        variant,
        claim: 'The migration drops the token column',
        observed: { columnsBefore: Object.keys(colsBefore), columnsAfter: Object.keys(colsAfter) },
        holds: (o) => o.columnsBefore.includes('token') && !o.columnsAfter.includes('token'),
        evidence: (o) => `session columns before: ${o.columnsBefore.join(', ')}; after: ${o.columnsAfter.join(', ')}`,
        expectedToHold: true,
      });
      t.claim({
        id: '003.migration-removes-uuid-default',
        source: SOURCE,
        variant,
        claim: 'The migration removes @default(uuid()) from the id column',
        observed: { idDefaultBefore: colsBefore.id ?? null, idDefaultAfter: colsAfter.id ?? null },
        holds: (o) => o.idDefaultBefore !== o.idDefaultAfter,
        evidence: (o) => `session.id database default before: ${String(o.idDefaultBefore)}, after: ${String(o.idDefaultAfter)} — Prisma's uuid() is filled in by Prisma Client, so no database default existed to remove`,
        expectedToHold: false,
      });
    }),

    step('symptom', `${tag} documented fix, steps 2–4: prisma generate, restart, sign in again`, async (t, ctx) => {
      const world = w(ctx);
      const copy = world.copy!;
      const stale = `${world.preFix!.token}.${world.preFix!.signature}`;
      if (v.documentedFix === 'already-in-place') {
        const app = world.start({ db: copy, guard: 'session-id' });
        const b = browserFor(app);
        const signIn = await post(t, b, 'sign-in again', '/api/auth/sign-in/email', { email: ALICE.email, password: ALICE.password });
        t.check('sign-in status', signIn.status, 200);
        const { token } = parseSigned((await b.cookie(SESSION_COOKIE))!);
        const byId = await t.sql('session where id = <new cookie token>', copy.url, `SELECT id FROM "session" WHERE id = $1`, [token]);
        t.check('the new session\'s id is the cookie token', byId.length, 1);
        const profile = await get(t, b, 'protected route, pre-fix guard', '/api/profile');
        t.check('protected route status', profile.status, 200);
        const found = t.checkLogged('the guard finds the session', 'Session: Found');
        t.claim({
          id: '003.fix-stores-token-in-id',
          source: SOURCE,
          variant,
          claim: 'After the fix Better Auth stores the session token in Session.id',
          observed: { signIn: signIn.status, rowsWhereIdIsCookieToken: byId.length },
          holds: (o) => o.rowsWhereIdIsCookieToken === 1,
          evidence: (o) => `Better Auth ${v.version}: sign-in ${o.signIn}, ${o.rowsWhereIdIsCookieToken} session row with id = the new cookie token`,
          expectedToHold: true,
        });
        t.claim({
          id: '003.fix-sign-in-works',
          source: SOURCE,
          variant,
          claim: 'After the fix, signing in again gives a working session and protected routes answer ("Session: Found")',
          observed: { signIn: signIn.status, protectedRoute: profile.status, sessionFoundLines: found.length },
          holds: (o) => o.signIn === 200 && o.protectedRoute === 200 && o.sessionFoundLines > 0,
          evidence: (o) => `sign-in ${o.signIn}, protected route ${o.protectedRoute}, "Session: Found" logged ${o.sessionFoundLines} time(s)`,
          expectedToHold: true,
        });
        return;
      }

      // The server still running the client generated before the migration.
      const old = world.start({ db: copy, prismaClient: 'schema', guard: 'session-id' });
      const oldTry = await attempt(t, 'sign-in before the restart', () => post(t, browserFor(old), 'sign-in before the restart', '/api/auth/sign-in/email', { email: ALICE.email, password: ALICE.password }));
      t.check('sign-in before the restart (old Prisma client, column gone)', oldTry.res?.status, 500);
      t.checkLogged('Prisma reports the missing column', /P2022|column `?(session\.)?token/);

      // Steps 2–3: the client generated from the edited schema, server restarted.
      const app = world.start({ db: copy, prismaClient: 'documented-fix', guard: 'session-id' });
      const fresh = browserFor(app); // step 4: cookies cleared
      const signIn = await attempt(t, 'sign-in after the restart', () => post(t, fresh, 'sign-in after the restart', '/api/auth/sign-in/email', { email: ALICE.email, password: ALICE.password }));
      const staleBrowser = browserFor(app);
      await staleBrowser.setCookie(SESSION_COOKIE, encodeURIComponent(stale));
      const session = await attempt(t, 'get-session with an earlier cookie', () => get(t, staleBrowser, 'get-session with an earlier cookie', '/api/auth/get-session'));
      const sessionsAfter = await count(t, copy.url, 'session');
      t.check('no session could be created', sessionsAfter, 0);
      // What the claims below rest on: did the new sign-in give a cookie whose token is a Session.id, and does it open the protected route?
      const newCookie = await fresh.cookie(SESSION_COOKIE);
      const rowsWhereIdIsCookieToken = newCookie ? (await t.sql('session where id = <new cookie token>', copy.url, `SELECT id FROM "session" WHERE id = $1`, [parseSigned(newCookie).token])).length : 0;
      const profile = await attempt(t, 'protected route after signing in again', () => get(t, fresh, 'protected route after signing in again', '/api/profile'));
      const outcome = (r: typeof signIn) => r.res?.status ?? `rejected: ${r.err?.errorClass}`;

      if (v.documentedFix === 'server-error') {
        t.check('sign-in status', signIn.res?.status, 500);
        t.checkLogged('Prisma rejects the token Better Auth writes', 'Unknown argument `token`');
        t.check('get-session status and code', [session.res?.status, (session.res?.json as { code?: string } | undefined)?.code], [500, 'FAILED_TO_GET_SESSION']);
      } else {
        for (const [what, r] of [['sign-in', signIn], ['get-session', session]] as const) {
          const raw = r.err?.raw as { code?: string; findings?: unknown } | undefined;
          t.check(`${what}: the handler rejects with SchemaMismatchError`, [r.err?.errorClass, raw?.code], ['SchemaMismatchError', 'SCHEMA_MISMATCH']);
          t.check(`${what}: what it found missing`, raw?.findings, [{ kind: 'missing-column', table: 'session', column: 'token' }]);
        }
        t.note('Better Auth 1.7.3+ compares the generated Prisma client with the tables it writes before serving; advanced.database.validateSchema: false turns that off (and the queries then fail as on 1.4).');
      }
      t.claim({
        id: '003.fix-stores-token-in-id',
        source: SOURCE,
        variant,
        claim: 'After the fix Better Auth stores the session token in Session.id',
        observed: { signIn: outcome(signIn), newCookie: newCookie !== undefined, sessionRows: sessionsAfter, rowsWhereIdIsCookieToken },
        holds: (o) => o.rowsWhereIdIsCookieToken === 1,
        evidence: (o) => `Better Auth ${v.version} still writes and queries session.token: sign-in ${o.signIn}, ${o.newCookie ? 'a' : 'no'} session cookie, ${o.sessionRows} session rows, ${o.rowsWhereIdIsCookieToken} with id = a cookie token`,
        expectedToHold: false,
      });
      t.claim({
        id: '003.fix-sign-in-works',
        source: SOURCE,
        variant,
        claim: 'After the fix, signing in again gives a working session and protected routes answer ("Session: Found")',
        observed: { signIn: outcome(signIn), signInError: signIn.err?.message.split('\n')[0], getSessionEarlierCookie: outcome(session), protectedRoute: outcome(profile), sessionFoundLines: t.logsMatching('Session: Found').length },
        holds: (o) => o.signIn === 200 && o.protectedRoute === 200 && o.sessionFoundLines > 0,
        evidence: (o) => `sign-in ${o.signIn}${o.signInError ? ` (${o.signInError})` : ''}; get-session with an earlier cookie ${o.getSessionEarlierCookie}; protected route ${o.protectedRoute}; "Session: Found" logged ${o.sessionFoundLines} time(s): nobody can sign in`,
        expectedToHold: false,
      });
      t.claim({
        id: '003.fixed-schema-matches-docs',
        source: SOURCE,
        variant,
        claim: 'The fixed schema matches Better Auth\'s documented session table ("id: the session token, also the cookie")',
        observed: { driftSchemaFindings: world.documentedFixSchema },
        holds: (o) => Array.isArray(o.driftSchemaFindings) && o.driftSchemaFindings.length === 0,
        evidence: (o) =>
          `the drift check on the fixed copy (Better Auth ${v.version}'s own tables from getAuthTables, and schema.prisma): ${o.driftSchemaFindings?.join('; ') || 'not run'}; the quoted sentence describes 0.x and was stale after better-auth PR #595 (1.0)`,
        expectedToHold: false,
      });
    }),

    step('recovery', `${tag} the right fix: keep the token column, let the guard ask Better Auth`, async (t, ctx) => {
      const world = w(ctx);
      const sessionsBefore = await count(t, world.prod.url, 'session');
      const app = world.start({ guard: 'better-auth' });
      const b = browserFor(app);
      await b.setCookie(SESSION_COOKIE, encodeURIComponent(`${world.preFix!.token}.${world.preFix!.signature}`));
      const profile = await get(t, b, 'protected route, fixed guard, cookie from before the fix', '/api/profile');
      t.check('protected route status', profile.status, 200);
      const user = (profile.json as { user?: { sessionId: string; email: string } }).user;
      t.check('the session from before the fix is recognised', [user?.email, user?.sessionId], [ALICE.email, world.preFix!.sessionId]);
      t.checkLogged('the guard finds the session', 'Session: Found');

      const bob = browserFor(app);
      t.check('a new user signs up', (await post(t, bob, 'sign-up (new user)', '/api/auth/sign-up/email', BOB)).status, 200);
      t.check('and reaches the protected route', (await get(t, bob, 'protected route (new user)', '/api/profile')).status, 200);
      const sessionsAfter = await count(t, world.prod.url, 'session');
      t.check('no session was lost (one added by the new sign-up)', sessionsAfter, sessionsBefore + 1);
      t.claim({
        id: '003.invalidating-sessions-necessary',
        source: SOURCE,
        variant,
        claim: 'Invalidating every existing session is expected and necessary',
        observed: { preFixCookie: profile.status, sameSession: user?.sessionId === world.preFix!.sessionId, sessionsBefore, sessionsAfter },
        holds: (o) => o.preFixCookie !== 200 || !o.sameSession || o.sessionsAfter < o.sessionsBefore,
        evidence: (o) => `with the guard asking Better Auth, the cookie from before the fix answers ${o.preFixCookie}${o.sameSession ? ' with its own session' : ''}; sessions ${o.sessionsBefore} → ${o.sessionsAfter} (one new sign-up)`,
        expectedToHold: false,
      });
    }),

    step('check', `${tag} the signed cookie: tampered, unsigned, other secret, and the app's fallback secret`, async (t, ctx) => {
      const world = w(ctx);
      const { token, signature } = world.preFix!;
      const app = world.start({ guard: 'better-auth' });
      const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      const variants: [string, string][] = [
        ['tampered signature', `${token}.${flipped}`],
        ['unsigned token', token],
        ['signed with another secret', signedValue(token, 'not-the-production-secret')],
      ];
      for (const [label, value] of variants) {
        const b = browserFor(app);
        await b.setCookie(SESSION_COOKIE, encodeURIComponent(value));
        const res = await get(t, b, `get-session, ${label}`, '/api/auth/get-session');
        t.check(`${label}: get-session answers 200 with null`, [res.status, res.json ?? null], [200, null]);
      }

      // The same database served by the app started without BETTER_AUTH_SECRET.
      const unset = world.start({ guard: 'better-auth', secret: null });
      const forged = signedValue(token, APP_FALLBACK_SECRET);
      t.value('forged cookie: token learned from the session table, signed with "fallback-secret-key"', `${token.slice(0, 6)}….${sign(token, APP_FALLBACK_SECRET).slice(0, 6)}…`);
      const attacker = browserFor(unset);
      await attacker.setCookie(SESSION_COOKIE, encodeURIComponent(forged));
      const res = await get(t, attacker, 'get-session, forged with the app fallback secret', '/api/auth/get-session');
      t.check('the forged cookie is accepted', [res.status, (res.json as { user?: { email: string } } | null)?.user?.email], [200, ALICE.email]);
      const profile = await get(t, attacker, 'protected route, forged cookie', '/api/profile');
      t.check('and opens the protected route', profile.status, 200);
      t.claim({
        id: '003.fallback-secret-insecure',
        source: SOURCE,
        variant,
        claim: 'Running on "fallback-secret-key" is insecure for production',
        observed: { forgedGetSession: res.status, forgedAs: (res.json as { user?: { email: string } } | null)?.user?.email, forgedProtectedRoute: profile.status },
        holds: (o) => o.forgedGetSession === 200 && o.forgedAs !== undefined && o.forgedProtectedRoute === 200,
        evidence: (o) => `anyone who knows the string and one session token signs a cookie Better Auth ${v.version} accepts: get-session ${o.forgedGetSession} as ${o.forgedAs ?? 'nobody'}, protected route ${o.forgedProtectedRoute}`,
        expectedToHold: true,
      });
    }),

    step('check', `${tag} Better Auth in production without any secret`, async (t) => {
      const probe = await probeDefaultSecret(v.appDir);
      t.log('better-auth (NODE_ENV=production, no secret)', probe.output);
      if (v.productionWithoutSecret === 'logs-and-runs') {
        t.check('it starts on its built-in default secret', probe.secret, v.defaultSecret);
        t.checkLogged('and logs an error about it', 'You are using the default secret');
      } else {
        t.checkMatch('it refuses to start', probe.threw, /^BetterAuthError: You are using the default secret/);
      }
      t.claim({
        id: '003.default-secret-is-fallback-key',
        source: SOURCE,
        variant,
        claim: 'Without BETTER_AUTH_SECRET, Better Auth uses "fallback-secret-key"',
        observed: { secret: probe.secret, threw: probe.threw?.split(':')[0] },
        holds: (o) => o.secret === APP_FALLBACK_SECRET,
        evidence: (o) =>
          o.secret
            ? `Better Auth ${v.version}'s default is "${o.secret}"; "fallback-secret-key" comes from the app's own BETTER_AUTH_SECRET || 'fallback-secret-key'`
            : `Better Auth ${v.version} in production throws (${o.threw}); "fallback-secret-key" comes from the app's own code`,
        expectedToHold: false,
      });
    }),
  ];
}
