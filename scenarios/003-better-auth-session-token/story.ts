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

/** The postmortem this incident replays (shared/seeds). */
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

      t.claim(SOURCE, 'The session cookie is "{token}.{signature}", the signature an HMAC made with BETTER_AUTH_SECRET', {
        holds: hmacHolds,
        expectedToHold: true,
        evidence: `cookie ${token.slice(0, 6)}….${signature.slice(0, 6)}…: base64 HMAC-SHA256(secret, token) recomputed and equal (${signature.length} chars)`,
      });
      t.claim(SOURCE, 'Better Auth looks the session up with the cookie token as Session.id', {
        holds: byId.length === 1 && sessionId === token,
        expectedToHold: v.lookupColumn === 'id',
        evidence: onePointX
          ? `get-session 200 finds the session by its token column (where token = cookie token: ${byToken.length} row; where id = cookie token: ${byId.length})`
          : `the session id is the cookie token (where id = cookie token: ${byId.length} row)`,
      });
      if (onePointX) {
        t.claim(SOURCE, 'A Session model with id @default(uuid()) plus token @unique is the wrong schema for Better Auth', {
          holds: session.status !== 200,
          expectedToHold: false,
          evidence: `on exactly that schema Better Auth ${v.version} signs up, signs in and answers get-session 200 with the user`,
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
        t.claim(SOURCE, 'Better Auth searched for Session.id = cookie token and could not find it (the bug)', {
          holds: false,
          expectedToHold: false,
          evidence: `Better Auth found the session (get-session 200 for ${ALICE.email}); the 401 and "Session: Not found" came from the app's own guard querying Session.id`,
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
      t.check('drift: Better Auth\'s session.token is missing', check.schema, [`missing-column session.token (apps/${v.app}/src/auth.ts)`]);
      t.check('drift: exit code 1 (a pre-deploy check would have stopped this migration)', check.report.exitCode, 1);
      t.note('A drift check run on a copy before deploying would have stopped the documented fix: Better Auth\'s own schema (getAuthTables) still expects session.token.');
      t.claim(SOURCE, 'The migration truncates every session, so all users must sign in again', {
        holds: after.sessions === 0 && after.users === before.users,
        expectedToHold: true,
        evidence: `sessions ${before.sessions} → ${after.sessions}; users ${before.users} → ${after.users}; accounts ${before.accounts} → ${after.accounts}`,
      });
      t.claim(SOURCE, 'The migration drops the token column', { holds: 'token' in colsBefore && !('token' in colsAfter), expectedToHold: true, evidence: `session columns after: ${Object.keys(colsAfter).join(', ')}` });
      t.claim(SOURCE, 'The migration removes @default(uuid()) from the id column', {
        holds: colsBefore.id !== colsAfter.id,
        expectedToHold: false,
        evidence: `session.id database default before: ${String(colsBefore.id)}, after: ${String(colsAfter.id)} — Prisma's uuid() is filled in by Prisma Client, so no database default existed to remove`,
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
        t.checkLogged('the guard finds the session', 'Session: Found');
        t.claim(SOURCE, 'After the fix Better Auth stores the session token in Session.id', { holds: true, expectedToHold: true, evidence: `Better Auth ${v.version}: new session row with id = cookie token` });
        t.claim(SOURCE, 'After the fix, signing in again gives a working session and protected routes answer ("Session: Found")', { holds: true, expectedToHold: true, evidence: 'sign-in 200, protected route 200, "Session: Found" logged' });
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
      t.claim(SOURCE, 'After the fix Better Auth stores the session token in Session.id', {
        holds: false,
        expectedToHold: false,
        evidence: `Better Auth ${v.version} still writes and queries session.token: ${signIn.res ? `sign-in ${signIn.res.status}` : `sign-in threw ${signIn.err?.errorClass}`}, ${sessionsAfter} session rows`,
      });
      t.claim(SOURCE, 'After the fix, signing in again gives a working session and protected routes answer ("Session: Found")', {
        holds: false,
        expectedToHold: false,
        evidence: `${signIn.res ? `sign-in ${signIn.res.status}` : `sign-in rejected: ${signIn.err?.message.split('\n')[0]}`}; ${session.res ? `get-session ${session.res.status}` : `get-session rejected`}: nobody can sign in`,
      });
      t.claim(SOURCE, 'The fixed schema matches Better Auth\'s documented session table ("id: the session token, also the cookie")', {
        holds: false,
        expectedToHold: false,
        evidence: `Better Auth ${v.version} needs session.token; the quoted sentence describes 0.x and was stale after better-auth PR #595 (1.0)`,
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
      t.claim(SOURCE, 'Invalidating every existing session is expected and necessary', {
        holds: false,
        expectedToHold: false,
        evidence: `with the guard asking Better Auth, the session created before the fix answers 200; ${sessionsBefore} sessions kept`,
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
      t.claim(SOURCE, 'Running on "fallback-secret-key" is insecure for production', {
        holds: res.status === 200 && profile.status === 200,
        expectedToHold: true,
        evidence: `anyone who knows the string and one session token signs a cookie Better Auth ${v.version} accepts: get-session 200 as ${ALICE.email}`,
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
      t.claim(SOURCE, 'Without BETTER_AUTH_SECRET, Better Auth uses "fallback-secret-key"', {
        holds: probe.secret === APP_FALLBACK_SECRET,
        expectedToHold: false,
        evidence: probe.secret
          ? `Better Auth ${v.version}'s default is "${probe.secret}"; "fallback-secret-key" comes from the app's own BETTER_AUTH_SECRET || 'fallback-secret-key'`
          : `Better Auth ${v.version} in production throws (${probe.threw?.split(':')[0]}); "fallback-secret-key" comes from the app's own code`,
      });
    }),
  ];
}
