/**
 * Incident 000 — the `users.session_version` column that production never got.
 * Postmortem: 000_b34f50e6b2a4b170.txt. The story is in README.md.
 */
import { SESSION_COOKIE, startApp, type SessionVersionCode } from './app';
import { clearsCookie, defineIncident, setsCookie, signInWithCredentials, step, type AppUnderTest, type Browser, type ObservedResponse, type StepContext } from '@incident-replay/incident';
import { MIGRATION_0012, bcrypt, mintSessionJwt, migrateDatabase, runSqlFile } from './migrations';
import { checkDrift, type DriftReport } from '@incident-replay/drift';

const SOURCE = '000_b34f50e6b2a4b170.txt';
const SECRET = 'replay-secret-000-not-for-production-000';
const ALICE = { email: 'alice@example.com', password: 'correct horse battery staple' };

/** The postmortem's own verification query. */
const VERIFY_COLUMN = `SELECT column_name, data_type, column_default
FROM information_schema.columns
WHERE table_name = 'users' AND column_name = 'session_version'`;

interface World {
  url: string;
  aliceId: string;
  /** A session JWT Alice's browser held from before the deploy. */
  earlierJwt: string;
  /** The app on the runner's host; `deploy` picks the build of the auth code. */
  app: AppUnderTest<SessionVersionCode>;
}

const warningLine = /column users\.session_version does not exist \(SQLSTATE 42703\)/;

/** Runs the read-only drift check on the incident's database and records its findings. */
async function drift(t: StepContext, url: string): Promise<DriftReport> {
  const report = await checkDrift({ app: 'nextauth-drizzle', databaseUrl: url });
  t.value('drift findings', report.findings.map((f) => `${f.kind} ${f.table}${f.column ? `.${f.column}` : ''}${f.migration ? ` ${f.migration}` : ''}`));
  return report;
}

async function sessionWith(t: StepContext, browser: Browser, label: string): Promise<ObservedResponse> {
  return t.http(label, await browser.request('/api/auth/session'), { method: 'GET', url: '/api/auth/session' });
}

/** The email of the session's user, or undefined. */
function sessionEmail(session: ObservedResponse): string | undefined {
  return (session.json as { user?: { email?: string } } | undefined)?.user?.email;
}

/** Alice signs in with NextAuth's credentials flow; records and returns the callback's response. */
async function signIn(t: StepContext, browser: Browser, label = 'sign-in'): Promise<ObservedResponse> {
  const res = await signInWithCredentials(browser, { email: ALICE.email, password: ALICE.password }, { callbackPath: '/dashboard' });
  return t.http(label, res, { method: 'POST', url: '/api/auth/callback/credentials' });
}

async function forgotPassword(t: StepContext, browser: Browser): Promise<ObservedResponse> {
  return t.http('forgot-password', await browser.request('/api/auth/forgot-password', { method: 'POST', json: { email: ALICE.email } }), { method: 'POST', url: '/api/auth/forgot-password' });
}

export default defineIncident<World>({
  id: '000-session-version',
  title: 'Missing session_version column breaks NextAuth sign-in',
  postmortem: SOURCE,
  summary:
    'Code reading users.session_version shipped before migration 0012 ran. Replays the 500s, shows the session endpoint answers 200 {} instead, then both documented fixes.',

  hosts: ['in-process', 'built'],

  async setup(env) {
    const db = await env.databases.create('session_version');
    const app = await startApp(env, { DATABASE_URL: db.url, NEXTAUTH_SECRET: SECRET });
    return { url: db.url, aliceId: '', earlierJwt: '', app };
  },

  steps: [
    step('broken-state', "Production ran Drizzle's migrator through 0011 only; a user exists", async (t, w) => {
      await migrateDatabase(w.url, '0011_add_users_last_login_at');
      const ledger = await t.sql('migration ledger', w.url, 'SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations');
      t.check('__drizzle_migrations records 12 migrations (0000–0011)', ledger, [{ applied: 12 }]);
      t.check('users.session_version does not exist', await t.sql('verification query (postmortem)', w.url, VERIFY_COLUMN), []);
      const [alice] = await t.sql<{ id: string }>('seed user', w.url, 'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id', [ALICE.email, 'Alice', bcrypt.hashSync(ALICE.password, 4)]);
      w.aliceId = alice!.id;
      // A token issued before this deploy, minted with the app's own next-auth.
      w.earlierJwt = await mintSessionJwt({ sub: w.aliceId, id: w.aliceId, email: ALICE.email, sessionVersion: 1 }, SECRET);
    }),

    step('check', 'A pre-deploy drift check would have caught it: users.session_version missing, 0012 not applied', async (t, w) => {
      const report = await drift(t, w.url);
      t.check('drift check exit code (1 = drift)', report.exitCode, 1);
      const missing = report.findings.find((f) => f.kind === 'missing-column' && f.table === 'users' && f.column === 'session_version');
      t.checkThat('finds users.session_version missing, expected from lib/db/schema.ts', missing?.source.file === 'apps/nextauth-drizzle/lib/db/schema.ts', missing ?? report.findings);
      t.check('…with the repair SQL (never run by the check)', missing?.repairSql, 'ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 1 NOT NULL;');
      t.checkThat('finds 0012 missing from __drizzle_migrations', report.findings.some((f) => f.kind === 'migration-not-applied' && f.migration === '0012_add_session_versioning'), report.findings.map((f) => f.kind));
    }),

    step('symptom', 'Pre-fix build: sign-in answers 500 because the JWT callback hits SQLSTATE 42703', async (t, w) => {
      await w.app.deploy('pre-fix');
      const res = await signIn(t, w.app.browser());
      t.check('POST /api/auth/callback/credentials status', res.status, 500);
      t.checkThat('no session cookie was set', !res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)), res.headers.getSetCookie());
      t.checkLogged('the error names the missing column', /column "session_version" does not exist/);
      t.claim({
        id: '000.sign-in-500',
        source: SOURCE,
        claim: '/api/auth/callback/credentials returns 500',
        observed: { status: res.status },
        holds: (o) => o.status === 500,
        evidence: (o) => `status ${o.status}`,
        expectedToHold: true,
      });
    }),

    step('symptom', 'Pre-fix build: forgot-password answers 500 (it selects every column)', async (t, w) => {
      const res = await forgotPassword(t, w.app.browser());
      t.check('POST /api/auth/forgot-password status', res.status, 500);
      t.checkLogged('the error names the missing column', /column "session_version" does not exist/);
      t.claim({
        id: '000.forgot-password-500',
        source: SOURCE,
        claim: '/api/auth/forgot-password returns 500',
        observed: { status: res.status },
        holds: (o) => o.status === 500,
        evidence: (o) => `status ${o.status}`,
        expectedToHold: true,
      });
    }),

    step('symptom', 'Pre-fix build: a session issued earlier comes back empty (200 {}), not 500', async (t, w) => {
      const browser = w.app.browser();
      await browser.setCookie(SESSION_COOKIE, w.earlierJwt);
      const res = await sessionWith(t, browser, 'session with the earlier JWT');
      t.check('GET /api/auth/session status', res.status, 200);
      t.check('the session is empty', res.json, {});
      t.checkThat('the session cookie is cleared', clearsCookie(res.headers, SESSION_COOKIE), res.headers.getSetCookie());
      const logged = t.checkLogged('NextAuth logs JWT_SESSION_ERROR', /JWT_SESSION_ERROR/);
      t.checkLogged('…with the Drizzle "Failed query" line of the session_version read', /Failed query: select "session_version" from "users" where "users"\."id" = \$1 limit \$2/);
      t.check('…but not the reason: the cause is not logged', t.logsMatching(/does not exist|42703/).length, 0);
      const direct = await t.sql('the same query, run directly', w.url, 'SELECT session_version FROM users LIMIT 1').catch((e: unknown) => e);
      t.check('run directly, the query fails with SQLSTATE 42703', t.error('direct query', direct).sqlstate, '42703');
      t.note("NextAuth v4's logger prints the DrizzleQueryError's message and stack but not its cause, so the log shows which query failed and never why; the SQLSTATE only appears when the query is run by hand.");
      t.claim({
        id: '000.all-jwt-callbacks-500',
        source: SOURCE,
        claim: 'All NextAuth JWT callbacks fail with 500',
        observed: { status: res.status, body: res.body, logged: logged[0]?.text.slice(0, 60) },
        holds: (o) => o.status === 500,
        evidence: (o) => `GET /api/auth/session ran the JWT callback, which threw; NextAuth v4 caught it, logged "${o.logged}…", answered ${o.status} ${o.body} and cleared the cookie: the user is silently signed out`,
        expectedToHold: false,
      });
    }),

    step('fix', 'Code fix deployed, column still missing: sign-in and forgot-password work, with a warning', async (t, w) => {
      await w.app.deploy('fixed');
      const browser = w.app.browser();
      const res = await signIn(t, browser);
      t.check('sign-in status', res.status, 302);
      t.checkThat('a session cookie is set', setsCookie(res.headers, SESSION_COOKIE), res.headers.getSetCookie());
      const session = await sessionWith(t, browser, 'session after sign-in');
      t.check('the session returns the user', sessionEmail(session), ALICE.email);
      t.check('…with its id', (session.json as { user?: { id?: string } }).user?.id, w.aliceId);
      const forgot = await forgotPassword(t, browser);
      t.check('forgot-password status', forgot.status, 200);
      t.check('a reset token was stored', await t.sql('reset tokens', w.url, 'SELECT count(*)::int AS n FROM password_reset_tokens'), [{ n: 1 }]);
      // One warning per JWT callback run: at sign-in and at the session read.
      t.check('the warning naming the column is logged on each JWT callback', t.logsMatching(warningLine).length, 2);
      t.claim({
        id: '000.code-fix-works-without-column',
        source: SOURCE,
        claim: 'The code changes work with or without the column',
        observed: { signIn: res.status, session: session.status, sessionUser: sessionEmail(session), forgotPassword: forgot.status },
        holds: (o) => o.signIn === 302 && o.session === 200 && o.sessionUser === ALICE.email && o.forgotPassword === 200,
        evidence: (o) => `column missing: sign-in ${o.signIn}, session ${o.session} with ${o.sessionUser ?? 'no user'}, forgot-password ${o.forgotPassword}`,
        expectedToHold: true,
      });
      t.note('While the column is missing every token carries session version 1 and the database cannot hold another value, so session invalidation is not enforced until migration 0012 runs.');
    }),

    step('fix', 'Run 0012_add_session_versioning.sql directly, as the postmortem does', async (t, w) => {
      const before = await t.sql<{ n: number }>('users before', w.url, 'SELECT count(*)::int AS n FROM users');
      const notices = await runSqlFile(w.url, MIGRATION_0012);
      t.check('first run: no notices (everything was created)', notices, []);
      t.check('verification query returns the documented row', await t.sql('verification query (postmortem)', w.url, VERIFY_COLUMN), [{ column_name: 'session_version', data_type: 'integer', column_default: '1' }]);
      t.check('the index exists', await t.sql('index', w.url, `SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_users_session_version'`), [{ indexdef: 'CREATE INDEX idx_users_session_version ON public.users USING btree (id, session_version)' }]);
      const again = await runSqlFile(w.url, MIGRATION_0012);
      t.value('notices on the second run', again);
      t.check('running it again only skips, with notices', again, ['column "session_version" of relation "users" already exists, skipping', 'relation "idx_users_session_version" already exists, skipping']);
      const after = await t.sql<{ n: number }>('users after', w.url, 'SELECT count(*)::int AS n FROM users');
      t.check('no user rows lost', after, before);
      t.check('existing users have version 1', await t.sql('versions', w.url, 'SELECT session_version FROM users'), [{ session_version: 1 }]);
      t.claim({
        id: '000.run-0012-directly',
        source: SOURCE,
        claim: 'Running migration 0012 directly on the production database is the safe, recommended fix',
        observed: { secondRunNotices: again, usersBefore: before[0]?.n, usersAfter: after[0]?.n },
        holds: (o) => o.secondRunNotices.length > 0 && o.secondRunNotices.every((n) => n.endsWith('already exists, skipping')) && o.usersAfter === o.usersBefore,
        evidence: (o) => `a second run only skips (${o.secondRunNotices.length} "already exists, skipping" notices); users ${o.usersBefore} → ${o.usersAfter}`,
        expectedToHold: true,
      });
    }),

    step('check', 'After the manual run the schema is clean, but the migration ledger still lacks 0012', async (t, w) => {
      const report = await drift(t, w.url);
      t.check('no schema finding', report.findings.filter((f) => !f.kind.startsWith('ledger') && !f.kind.startsWith('migration')), []);
      t.check('the only finding: 0012 not in __drizzle_migrations', report.findings.map((f) => [f.kind, f.migration]), [['migration-not-applied', '0012_add_session_versioning']]);
    }),

    step('fix', "Drizzle's migrator, unaware of the manual run, applies 0012 again without error and records it", async (t, w) => {
      await migrateDatabase(w.url);
      t.check('__drizzle_migrations now records 13 migrations', await t.sql('migration ledger', w.url, 'SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations'), [{ applied: 13 }]);
      t.check('still one session_version column', await t.sql('verification query (postmortem)', w.url, VERIFY_COLUMN), [{ column_name: 'session_version', data_type: 'integer', column_default: '1' }]);
    }),

    step('check', 'The drift check is clean once the ledger records 0012', async (t, w) => {
      const report = await drift(t, w.url);
      t.check('drift check exit code (0 = no drift)', report.exitCode, 0);
      t.check('no findings', report.findings, []);
    }),

    step('recovery', 'Sign-in and forgot-password work on both builds and no warning is logged', async (t, w) => {
      for (const code of ['pre-fix', 'fixed'] as const) {
        await w.app.deploy(code);
        const browser = w.app.browser();
        const res = await signIn(t, browser, `sign-in (${code})`);
        t.check(`${code} build: sign-in status`, res.status, 302);
        t.checkThat(`${code} build: a session cookie is set`, setsCookie(res.headers, SESSION_COOKIE), res.headers.getSetCookie());
        const session = await sessionWith(t, browser, `session (${code})`);
        t.check(`${code} build: the session returns the user`, sessionEmail(session), ALICE.email);
        t.check(`${code} build: forgot-password status`, (await forgotPassword(t, browser)).status, 200);
      }
      t.check('no missing-column warning', t.logsMatching(warningLine).length, 0);
    }),

    step('recovery', 'Bumping session_version signs the user out everywhere; a fresh sign-in works', async (t, w) => {
      await w.app.deploy('fixed');
      const browser = w.app.browser();
      t.check('sign-in status', (await signIn(t, browser)).status, 302);
      t.check('session before the bump has the user', sessionEmail(await sessionWith(t, browser, 'session before bump')), ALICE.email);
      await t.sql('invalidate all sessions of the user', w.url, 'UPDATE users SET session_version = session_version + 1 WHERE id = $1', [w.aliceId]);
      const after = await sessionWith(t, browser, 'session after bump');
      t.check('the earlier JWT now gives an empty session', [after.status, after.json], [200, {}]);
      t.checkThat('the session cookie is cleared', clearsCookie(after.headers, SESSION_COOKIE), after.headers.getSetCookie());
      t.checkLogged('NextAuth logs why', /session of user .* was invalidated \(token version 1, current 2\)/);
      const again = w.app.browser();
      t.check('a fresh sign-in works', (await signIn(t, again, 'fresh sign-in')).status, 302);
      t.check('…and carries the new version', sessionEmail(await sessionWith(t, again, 'session after fresh sign-in')), ALICE.email);
    }),
  ],
});
